"""Backtest table of every hotspot method on the real police.uk series in ../shared/data.

    .venv/bin/python bench/intel_backtest.py [../shared/data] [--cell 250]

City of London: 54 consecutive months (2017-01 to 2021-06); the last 12 (2020-07 to 2021-06) are
the issue's held-out test of the learned method (its settings were chosen on 2018-01 to 2020-06,
`safer/intel/learn.py`); then each month from 2018-01 is predicted from the months before it.
Both for the City's own LSOAs (E09000001, 2.9 km2), on 100 m and 50 m cells (the force's files
also hold a few crimes in whole neighbouring LSOAs, whose large outlines would make 5% of the
"area" cover nearly every City crime). Thames Valley: the 7 months there are
(2018-03, 2018-06, 2018-10 to 2019-02), predicting the 5 consecutive months, for the whole force
and for Cherwell. The grid covers the LSOA outlines (from the shared ONS file) of the area's
LSOAs. Also reports the time to predict one force-month for each method (for the learned
method: fitting its model on the months before, then scoring).
"""

import argparse
import shutil
import time
from pathlib import Path

from _intel_common import BENCH_DATA, DEFAULT_SHARED

TYPES = ("all-crime", "burglary", "serious-acquisitive", "violent-crime", "anti-social-behaviour")


def run(label: str, *, area_code: str, months: list[str], cell: float, types=TYPES) -> None:
    from safer.intel import predict
    from safer.intel.areas import area_resolve

    area = area_resolve(area_code)
    print(f"\n### {label}: cells of {cell:.0f} m, months {months[0]} to {months[-1]}\n")
    print(
        "| crime type | method | months | hit 1% | hit 5% | hit 10% | PAI 1% | PAI 5% | "
        "PAI 10% | s per month |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for crime_type in types:
        started = time.perf_counter()
        history = predict.area_history(area=area, crime_type=crime_type, cell=cell)
        load_s = time.perf_counter() - started
        rows = predict.backtest(history, months)
        baselines = [r for r in rows if r.method in predict.BASELINES]
        best_baseline = max(baselines, key=lambda r: r.hit_rate[0.05])
        ceiling = next(r for r in rows if r.method == predict.CEILING)
        for r in [*rows, hindsight_row(history, months)]:
            h, p = r.hit_rate, r.pai
            print(
                f"| {crime_type} | {r.method} | {r.months} | {h[0.01]:.1%} | {h[0.05]:.1%} | "
                f"{h[0.1]:.1%} | {p[0.01]:.1f} | {p[0.05]:.1f} | {p[0.1]:.1f} | "
                f"{r.seconds_per_month:.3f} |"
            )
        gap = ceiling.hit_rate[0.05] - best_baseline.hit_rate[0.05]
        for method in (predict.BLEND, predict.LEARNED):
            row = next(r for r in rows if r.method == method)
            gain = row.hit_rate[0.05] - best_baseline.hit_rate[0.05]
            closed = gain / gap if gap > 0 else 0
            print(
                f"| {crime_type} | *{method} vs best baseline ({best_baseline.method}) at 5%* "
                f"| | | {gain:+.1%} | | | | | closes {closed:.0%} of the gap to the ceiling; "
                f"{history.grid.n_cells:,} cells, data loaded in {load_s:.2f} s |"
            )


def hindsight_row(history, months):
    """Not a forecast: each cell's mean over the other months predicted, later ones included,
    ranked against each month. It sees the future, so no forecast of a cell's rate from the
    past should beat it by much; what it leaves to the ceiling is the month's own chance."""
    import numpy as np

    from safer.intel import predict

    mask = history.grid.mask
    scored = [m for m in months if m in history.by_month and history.by_month[m][mask].sum()]
    period = history.total(scored)[mask]
    results = [
        predict.accuracy(period - history.by_month[m][mask], history.by_month[m][mask])
        for m in scored
    ]
    return predict.BacktestRow(
        method="hindsight (not a forecast)",
        label="",
        months=len(scored),
        hit_rate={f: float(np.mean([r.hit_rate[f] for r in results])) for f in predict.FRACTIONS},
        pai={f: float(np.mean([r.pai[f] for r in results])) for f in predict.FRACTIONS},
        seconds_per_month=0.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cell", type=float, default=250)
    args = parser.parse_args()
    if not args.shared.exists():
        print(f"Shared data not found at {args.shared}: skipping (pass the folder as argument).")
        return
    outlines = args.shared / "lsoa-boundaries" / "LSOA_Dec_2011_BSC_EW_V3_subset.geojson"
    from _intel_common import django_setup

    for name, folder, area_runs in (
        (
            "city-of-london",
            "city-of-london",
            [
                ("City of London (E09000001), the last 12 months", "E09000001", 100.0, "2020-07"),
                ("City of London (E09000001)", "E09000001", 100.0, "2018-01"),
                ("City of London (E09000001)", "E09000001", 50.0, "2018-01"),
            ],
        ),
        (
            "thames-valley",
            "thames-valley",
            [
                ("Thames Valley Police (whole force)", "", None, "2018-10"),
                ("Cherwell (E07000177)", "E07000177", None, "2018-10"),
            ],
        ),
    ):
        store = BENCH_DATA / f"store-backtest-{name}"
        shutil.rmtree(store, ignore_errors=True)
        import os

        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DATA / f'backtest-{name}.sqlite3'}"
        if name == "city-of-london":
            django_setup(store)
        else:
            from django.conf import settings

            settings.INTEL_DATA_DIR = store
            store.mkdir(parents=True, exist_ok=True)
        from safer.intel import storage
        from safer.intel.areas import outlines_load
        from safer.intel.services import crime_paths_import

        summary = crime_paths_import(paths=[args.shared / "police-uk" / folder])
        outlines_load(path=outlines, name="shared")
        months = storage.stored_months()
        print(f"\n## {name}: {summary.total('rows_stored'):,} rows, {len(months)} months")
        for label, code, cell, first in area_runs:
            targets = [m for m in months if m >= first]
            run(label, area_code=code, months=targets, cell=cell or args.cell)


if __name__ == "__main__":
    main()
