"""A small gazetteer for tests: three addresses at OX16 1ZZ and one at OX16 2ZZ."""

from pathlib import Path

from safer.places.services import gazetteer_import

ROWS = [
    ("990000000010", "10 Imaginary Road, Banbury", "OX16 1ZZ", "445300", "240800"),
    ("990000000002", "2 Imaginary Road, Banbury", "ox161zz", "445280", "240810"),
    ("990000000001", "1 Imaginary Road, Banbury", "OX16 1ZZ", "445270", "240805"),
    ("990000000020", "1 Pretend Close, Banbury", "OX16 2ZZ", "445900", "241200"),
]
HEADER = "UPRN,ADDRESS,POSTCODE,EASTING,NORTHING"


def gazetteer_csv(tmp_path: Path, rows=ROWS, header: str = HEADER, name="gazetteer.csv") -> Path:
    path = tmp_path / name
    lines = [header, *(",".join(f'"{v}"' if "," in v else v for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def gazetteer_loaded(tmp_path: Path):
    return gazetteer_import(path=gazetteer_csv(tmp_path))
