"""Import throughput against bare pandas and polars parses of the same files, in one run.

    .venv/bin/python bench/intel_import.py [--files 20] [--folder bench/data/generated]
    .venv/bin/python bench/intel_import.py --real [../shared/data]   # the real Thames Valley files

Our import validates every row, keys it, checks it against the store and writes Parquet; the
baselines only parse the CSV into memory with all columns as text (`dtype=str`), nothing more.
Targets (issue 4): at least as fast as the pandas parse, at least half the polars parse.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

from _intel_common import BENCH_DATA, DEFAULT_SHARED, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folder", type=Path, default=BENCH_DATA / "generated")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--real", action="store_true", help="the real Thames Valley files instead")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the parses")
    args = parser.parse_args()
    if args.real:
        folder = args.shared / "police-uk" / "thames-valley"
        if not folder.exists():
            print(f"Shared data not found at {args.shared}: skipping.")
            return
    else:
        folder = args.folder
        if not folder.exists():
            print(f"No generated files at {folder}: run bench/intel_generate.py first.")
            return
    files = sorted(folder.glob("*-street.csv"))[: args.files]
    store = BENCH_DATA / "store-import"
    shutil.rmtree(store, ignore_errors=True)
    django_setup(store)

    import pandas as pd
    import polars as pl

    from safer.intel.services import crime_paths_import

    size = sum(f.stat().st_size for f in files) / 1e6

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return min(times)

    pandas_s = best(lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files])
    polars_s = best(lambda: [pl.read_csv(f, infer_schema=False) for f in files])
    started = time.perf_counter()
    summary = crime_paths_import(paths=files)
    ours_s = time.perf_counter() - started
    rows = summary.total("rows_read")
    assert summary.total("rows_stored") + summary.total("rows_duplicated") == rows
    assert not summary.rejected_files, [f.errors[:3] for f in summary.rejected_files]
    started = time.perf_counter()
    again = crime_paths_import(paths=files)
    reimport_s = time.perf_counter() - started
    assert again.total("rows_stored") == 0
    print(f"{len(files)} files, {rows:,} rows, {size:,.0f} MB ({folder})")
    print(f"{'':<38}{'seconds':>9}{'rows/s':>13}")
    for label, seconds in (
        ("import (validate, key, dedupe, Parquet)", ours_s),
        ("re-import (all duplicates)", reimport_s),
        ("pandas.read_csv (parse only)", pandas_s),
        ("polars.read_csv (parse only)", polars_s),
    ):
        print(f"{label:<38}{seconds:>9.2f}{rows / seconds:>13,.0f}")
    print(f"import / pandas parse throughput: {pandas_s / ours_s:.2f}x (target >= 1)")
    print(f"import / polars parse throughput: {polars_s / ours_s:.2f}x (target >= 0.5)")


if __name__ == "__main__":
    sys.exit(main())
