"""Generate police.uk-format street-level files for the benchmarks (default 10 million rows).

    .venv/bin/python bench/intel_generate.py [--rows 10000000] [--files 100] [--out DIR]

Rows follow police.uk's header and conventions: 64-hex Crime IDs (none for anti-social behaviour),
real 2011 LSOA codes and names from the committed lookup, points scattered around each LSOA's own
pseudo-centre, the 14 crime types at roughly national shares, realistic outcome categories, about
1% of rows without a location. Each file is one month (2010-01 onwards), as police.uk publishes.
"""

import argparse
import csv
import gzip
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
LOOKUP = REPO / "safer" / "intel" / "data" / "lsoa-lookup.csv.gz"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context"
)
TYPES = {
    "Violence and sexual offences": 0.30,
    "Anti-social behaviour": 0.22,
    "Other theft": 0.08,
    "Criminal damage and arson": 0.09,
    "Vehicle crime": 0.06,
    "Shoplifting": 0.06,
    "Burglary": 0.05,
    "Public order": 0.06,
    "Drugs": 0.025,
    "Bicycle theft": 0.015,
    "Theft from the person": 0.01,
    "Other crime": 0.013,
    "Robbery": 0.007,
    "Possession of weapons": 0.006,
}
OUTCOMES = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Status update unavailable",
    "Court result unavailable",
    "Under investigation",
    "Local resolution",
    "Offender given a caution",
    "Awaiting court outcome",
]
STREETS = [
    "High Street",
    "Church Lane",
    "Station Road",
    "Park Road",
    "Mill Lane",
    "The Green",
    "Victoria Road",
    "Manor Close",
    "Shopping Area",
    "Supermarket",
    "Parking Area",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "data" / "generated")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(LOOKUP, "rt", encoding="utf-8") as handle:
        lsoas = [r for r in csv.DictReader(handle) if r["lsoa_code"].startswith("E")]
    codes = np.array([r["lsoa_code"] for r in lsoas])
    names = np.array(
        [f'"{r["lsoa_name"]}"' if "," in r["lsoa_name"] else r["lsoa_name"] for r in lsoas]
    )
    rng = np.random.default_rng(2026)
    # A pseudo-centre per LSOA inside England's rough extent (real outlines are not needed here).
    centre_lon = rng.uniform(-2.8, 0.9, codes.size)
    centre_lat = rng.uniform(50.8, 54.8, codes.size)
    types = np.array(list(TYPES))
    shares = np.array(list(TYPES.values()))
    shares /= shares.sum()
    per_file = args.rows // args.files
    started = time.perf_counter()
    for index in range(args.files):
        month = f"{2010 + index // 12}-{index % 12 + 1:02d}"
        n = per_file + (args.rows - per_file * args.files if index == args.files - 1 else 0)
        which = rng.integers(0, codes.size, n)
        crime_type = types[rng.choice(types.size, n, p=shares)]
        asb = crime_type == "Anti-social behaviour"
        digits = rng.integers(0, 256, (n, 32), dtype=np.uint8).tobytes().hex()
        crime_id = np.array([digits[64 * k : 64 * (k + 1)] for k in range(n)])
        crime_id[asb] = ""
        lon = centre_lon[which] + rng.normal(0, 0.004, n)
        lat = centre_lat[which] + rng.normal(0, 0.003, n)
        lon_s = np.char.mod("%.6f", lon)
        lat_s = np.char.mod("%.6f", lat)
        location = np.char.add("On or near ", np.array(STREETS)[rng.integers(0, len(STREETS), n)])
        outcome = np.array(OUTCOMES)[rng.integers(0, len(OUTCOMES), n)]
        outcome[asb] = ""
        code, name = codes[which], names[which]
        nowhere = rng.random(n) < 0.01
        for column in (lon_s, lat_s, code, name):
            column[nowhere] = ""
        location[nowhere] = "No Location"
        path = args.out / f"{month}-generated-street.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(HEADER + "\n")
            lines = [
                f"{crime_id[k]},{month},Generated Police,Generated Police,{lon_s[k]},{lat_s[k]},"
                f"{location[k]},{code[k]},{name[k]},{crime_type[k]},{outcome[k]},"
                for k in range(n)
            ]
            handle.write("\n".join(lines) + "\n")
        print(f"{path.name}: {n} rows ({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
