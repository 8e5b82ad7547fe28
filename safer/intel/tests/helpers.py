"""Building police.uk files for tests, and reading the committed sample independently."""

import csv
import io
from pathlib import Path

from safer.intel.sources.police_uk import STREET_COLUMNS

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "police-uk"
HEADER = ",".join(STREET_COLUMNS)


def street_row(
    *,
    crime_id: str = "",
    month: str = "2019-01",
    lon: str = "-1.338",
    lat: str = "52.063",
    location: str = "On or near High Street",
    lsoa: str = "E01028479",
    lsoa_name: str = "Cherwell 001A",
    crime_type: str = "Burglary",
    outcome: str = "Under investigation",
) -> list[str]:
    return [
        crime_id,
        month,
        "Thames Valley Police",
        "Thames Valley Police",
        lon,
        lat,
        location,
        lsoa,
        lsoa_name,
        crime_type,
        outcome,
        "",
    ]


def write_street_csv(
    path: Path, rows: list[list[str]] | list[str], *, bom: bool = False, crlf: bool = False
) -> Path:
    """A street-level file as police.uk writes it; a row given as a str is written verbatim."""
    newline = "\r\n" if crlf else "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    out.write(HEADER + newline)
    for row in rows:
        if isinstance(row, str):
            out.write(row + newline)
        else:
            writer.writerow(row)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def sample_rows() -> list[dict[str, str]]:
    """Every row of the committed Cherwell sample, read with Python's csv module alone."""
    rows = []
    for path in sorted(SAMPLE_DIR.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows
