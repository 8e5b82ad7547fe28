"""Cut the committed intel samples from the shared real data (run once; the output is committed).

    .venv/bin/python bench/intel_make_samples.py [../shared/data]

Writes into safer/intel/data/: the Cherwell rows of the Thames Valley street files (bytes, BOM and
line endings kept as published), the compact LSOA lookup for England and Wales, and the 93
Cherwell LSOA outlines.
"""

import csv
import gzip
import io
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "safer" / "intel" / "data"
CHERWELL = "E07000177"


def cherwell_rows(source: Path, target: Path) -> int:
    """Copy the header and every line whose LSOA name starts with 'Cherwell', byte for byte."""
    raw = source.read_bytes()
    lines = raw.splitlines(keepends=True)
    kept = [lines[0]]
    for line in lines[1:]:
        row = next(csv.reader(io.StringIO(line.decode("utf-8"))))
        if row[8].startswith("Cherwell"):
            kept.append(line)
    target.write_bytes(b"".join(kept))
    return len(kept) - 1


def lookup(data: Path) -> int:
    """lsoa_code,lsoa_name,la_code,population (gzip) and la_code,la_name,force (plain)."""
    forces: dict[str, str] = {}
    with (data / "lsoa-lookups" / "PoliceforceLSOA.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Police_force"]:
                forces[row["Local authority code"]] = row["Police_force"]
    las: dict[str, str] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lsoa_code", "lsoa_name", "la_code", "population"])
    count = 0
    with (data / "lsoa-lookups" / "census_2011_population_hh.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            la_code, la_name, lsoa_code, lsoa_name, persons = row[2], row[3], row[6], row[7], row[9]
            las[la_code] = la_name
            writer.writerow([lsoa_code, lsoa_name, la_code, persons.replace(",", "")])
            count += 1
    with gzip.open(OUT / "lsoa-lookup.csv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(out.getvalue())
    with (OUT / "local-authorities.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["la_code", "la_name", "police_force"])
        for code in sorted(las):
            w.writerow([code, las[code], forces.get(code, "")])
    return count


def outlines(data: Path) -> int:
    """The Cherwell LSOA polygons, coordinates unchanged, properties trimmed to code and name."""
    source = data / "lsoa-boundaries" / "LSOA_Dec_2011_BSC_EW_V3_subset.geojson"
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": f["properties"]["LSOA11CD"],
                "name": f["properties"]["LSOA11NM"],
            },
            "geometry": f["geometry"],
        }
        for f in collection["features"]
        if f["properties"]["LSOA11NM"].startswith("Cherwell")
    ]
    (OUT / "cherwell-lsoa-2011.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    return len(features)


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    if not data.exists():
        print(f"No shared data at {data}; nothing to do.")
        return
    street = OUT / "police-uk"
    street.mkdir(parents=True, exist_ok=True)
    for source in sorted((data / "police-uk" / "thames-valley").glob("*-street.csv")):
        target = street / source.name.replace("-street.csv", "-street-cherwell.csv")
        print(f"{target.name}: {cherwell_rows(source, target)} rows")
    print(f"lookup: {lookup(data)} LSOAs")
    print(f"outlines: {outlines(data)} LSOAs")


if __name__ == "__main__":
    main()
