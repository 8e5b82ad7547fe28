"""Import throughput against bare pandas and polars parses of the same files, in one run.

    .venv/bin/python bench/intel_import.py [--files 20] [--folder bench/data/generated] [--rounds 3]
    .venv/bin/python bench/intel_import.py --real [../shared/data]   # the real Thames Valley files

Our import reads every row, validates it, keys it, checks it against the store, writes Parquet
into the month folders and updates the compact counts: `crime_paths_import` as the command
runs it, into an empty store each round. The baselines only parse the same CSV files into
memory with every column as text, nothing more: `polars.read_csv(infer_schema=False)`, and
pandas' fastest parse of three taken each round: `pandas.read_csv(dtype=str,
keep_default_na=False)`, the same with `dtype=object`, and `dtype=str` in a process where
pyarrow cannot be imported. (With pyarrow installed, as it is for our importer, pandas 3 keeps
str columns in Arrow and parses slower; the fastest of the three keeps the baseline honest.)
Each round times them back to back (the files are in the page cache for all), so each
round's ratios compare figures taken under the same load; then the re-import of the same
files (every row a duplicate) is timed, and the import again with the pyarrow path switched
off (every file through the DuckDB path, as every file went before it). Last, a floor no
importer can beat with these libraries: pyarrow's bare parse plus a bare Parquet write of the
same rows, with no checks.
Targets (issue 4): at least as fast as the pandas parse, at least half the polars parse.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _intel_common import BENCH_DATA, DEFAULT_SHARED, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folder", type=Path, default=BENCH_DATA / "generated")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--real", action="store_true", help="the real Thames Valley files instead")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all four timings")
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

    from safer.intel import arrow_import
    from safer.intel.services import crime_paths_import

    size = sum(f.stat().st_size for f in files) / 1e6

    def timed(fn):
        started = time.perf_counter()
        result = fn()
        return time.perf_counter() - started, result

    def empty_store() -> None:
        for child in store.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            elif child.name.startswith("counts"):
                child.unlink()

    print(f"{len(files)} files, {size:,.0f} MB ({folder})")
    print(
        f"{'round':<6}{'rows':>11}{'import s':>10}{'re-import s':>13}{'DuckDB path s':>15}"
        f"{'pandas s':>10}{'polars s':>10}{'import rows/s':>15}{'/ pandas':>10}{'/ polars':>10}"
    )
    results = []
    for index in range(args.rounds):
        pandas_s = min(
            timed(lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files])[0],
            timed(lambda: [pd.read_csv(f, dtype=object, keep_default_na=False) for f in files])[0],
            _pandas_without_pyarrow(files),
        )
        polars_s, _ = timed(lambda: [pl.read_csv(f, infer_schema=False) for f in files])
        empty_store()
        ours_s, summary = timed(lambda: crime_paths_import(paths=files))
        rows = summary.total("rows_read")
        assert summary.total("rows_stored") == rows, "an empty store stores every row"
        assert not summary.rejected_files, [f.errors[:3] for f in summary.rejected_files]
        reimport_s, again = timed(lambda: crime_paths_import(paths=files))
        assert again.total("rows_stored") == 0 and again.total("rows_duplicated") == rows
        empty_store()
        arrow_import.ENABLED = False  # every file through DuckDB, as before pyarrow's path
        try:
            duckdb_s, _ = timed(lambda: crime_paths_import(paths=files))
        finally:
            arrow_import.ENABLED = True
        results.append((pandas_s / ours_s, polars_s / ours_s))
        print(
            f"{index + 1:<6}{rows:>11,}{ours_s:>10.2f}{reimport_s:>13.2f}{duckdb_s:>15.2f}"
            f"{pandas_s:>10.2f}"
            f"{polars_s:>10.2f}{rows / ours_s:>15,.0f}{pandas_s / ours_s:>9.2f}x"
            f"{polars_s / ours_s:>9.2f}x"
        )
    floor_s = _floor(files)
    polars_s = min(
        timed(lambda: [pl.read_csv(f, infer_schema=False) for f in files])[0] for _ in "ab"
    )
    print(
        f"floor (pyarrow parse + Parquet write, no checks): {floor_s:.2f} s, "
        f"{polars_s / floor_s:.2f}x the polars parse ({polars_s:.2f} s)"
    )
    by_pandas = sorted(r[0] for r in results)
    by_polars = sorted(r[1] for r in results)
    print(
        f"import / pandas parse throughput: {by_pandas[0]:.2f}x-{by_pandas[-1]:.2f}x "
        f"(median {statistics.median(by_pandas):.2f}x; target >= 1)"
    )
    print(
        f"import / polars parse throughput: {by_polars[0]:.2f}x-{by_polars[-1]:.2f}x "
        f"(median {statistics.median(by_polars):.2f}x; target >= 0.5)"
    )


PANDAS_WITHOUT_PYARROW = """
import json, sys, time
sys.modules["pyarrow"] = None  # pandas then keeps str columns as Python objects
import pandas as pd
files = json.loads(sys.argv[1])
started = time.perf_counter()
for f in files:
    pd.read_csv(f, dtype=str, keep_default_na=False)
print(time.perf_counter() - started)
"""


def _pandas_without_pyarrow(files: list[Path]) -> float:
    """pandas' parse timed inside a process where pyarrow cannot be imported."""
    out = subprocess.run(
        [sys.executable, "-c", PANDAS_WITHOUT_PYARROW, json.dumps([str(f) for f in files])],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _floor(files: list[Path]) -> float:
    """Seconds for pyarrow to parse the files as text and write them to Parquet (uncompressed,
    no dictionaries: the least work a write does), nothing else (no checks, keys, sort or
    counts): the least any importer built on these libraries does, two files at a time."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    def parse_and_write(job: tuple[int, Path], scratch: str) -> None:
        index, path = job
        text = pcsv.ConvertOptions(column_types={c: pa.string() for c in _header(path)})
        table = pcsv.read_csv(path, convert_options=text)
        pq.write_table(
            table, Path(scratch) / f"{index}.parquet", compression="none", use_dictionary=False
        )

    best = float("inf")
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(2):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda job: parse_and_write(job, scratch), enumerate(files)))
            best = min(best, time.perf_counter() - started)
    return best


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as handle:
        return handle.readline().rstrip("\r\n").split(",")


if __name__ == "__main__":
    sys.exit(main())
