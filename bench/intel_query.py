"""Dashboard query over the Parquet store against DuckDB run straight on the raw CSV files.

    .venv/bin/python bench/intel_query.py [--folder bench/data/generated] [--area E07000177]

Imports the generated files (10 million rows by default) into a scratch store, then times the
dashboard's main table (counts by month and crime type for one district) through our selector,
against the same aggregate computed by DuckDB from the CSV files. Both answers are compared.
Target (issue 4): at least 20 times faster.
"""

import argparse
import shutil
import statistics
import time
from pathlib import Path

from _intel_common import BENCH_DATA, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=BENCH_DATA / "generated")
    parser.add_argument("--area", default="E07000177")
    parser.add_argument("--keep", action="store_true", help="reuse the store if already imported")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*-street.csv"))
    if not files:
        print(f"No generated files at {args.folder}: run bench/intel_generate.py first.")
        return
    store = BENCH_DATA / "store-query"
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
    django_setup(store)
    import duckdb

    from safer.intel import selectors, storage
    from safer.intel.areas import area_resolve
    from safer.intel.services import crime_paths_import
    from safer.intel.sources.police_uk import CRIME_TYPES, STREET_COLUMNS

    if not storage.stored_months():
        started = time.perf_counter()
        summary = crime_paths_import(paths=files)
        seconds = time.perf_counter() - started
        rows = summary.total("rows_stored")
        print(
            f"imported {rows:,} rows from {len(files)} files in {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s)"
        )
    months = storage.stored_months()
    area = area_resolve(args.area)

    def ours():
        return selectors.counts_by_type_and_month(
            area=area, month_from=months[0], month_to=months[-1]
        )

    ours()  # warm the operating system's file cache, as a running service would have it
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        table = ours()
        timings.append(time.perf_counter() - started)
    ours_s = statistics.median(timings)

    columns = STREET_COLUMNS
    spec = ", ".join(f"'{c}': 'VARCHAR'" for c in columns)
    connection = duckdb.connect(config={"threads": 2})
    raw_timings = []
    for _ in range(3):
        started = time.perf_counter()
        raw = connection.execute(
            f"""SELECT "Month", "Crime type", count(*) FROM read_csv(?, header=true,
                auto_detect=false, columns={{{spec}}}, delim=',', quote='"', escape='"')
            WHERE "LSOA code" IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1, 2""",
            [[str(f) for f in files], list(area.lsoa_codes)],
        ).fetchall()
        raw_timings.append(time.perf_counter() - started)
    raw_s = statistics.median(raw_timings)
    expected = {(m, CRIME_TYPES[t]): n for m, t, n in raw}
    got = {
        (m, slug): n
        for slug, _, counts, _ in table.rows
        if slug in CRIME_TYPES.values()
        for m, n in zip(table.months, counts, strict=True)
        if n
    }
    assert got == expected, "the two answers differ"
    print(
        f"{len(files)} files, district {args.area} ({area.name}), {sum(expected.values()):,} "
        f"of its crimes"
    )
    print(f"dashboard query on the Parquet store (median of 7): {ours_s * 1000:,.0f} ms")
    print(f"same query by DuckDB on the raw CSV (median of 3):  {raw_s * 1000:,.0f} ms")
    print(f"speed-up: {raw_s / ours_s:,.1f}x (target >= 20)")


if __name__ == "__main__":
    main()
