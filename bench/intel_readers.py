"""Time the readers of the month files (not the counts file) for one district on a store.

    .venv/bin/python bench/intel_readers.py [--store bench/data/store-query] [--area E07000177]

Run it on a store imported by bench/intel_query.py (10 million generated rows) to compare
store layouts: the hotspot and prediction input (`grid.area_events`), the repeat locations
(hotspots, maps, downloads), outcome rates and the per-LSOA rates of the map, each the median
of 5 runs after one warm-up run.
"""

import argparse
import statistics
import time
from pathlib import Path

from _intel_common import BENCH_DATA, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=BENCH_DATA / "store-query")
    parser.add_argument("--area", default="E07000177")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (args.store / "crimes").exists():
        print(f"No store at {args.store}: run bench/intel_query.py first.")
        return
    django_setup(args.store)
    from safer.intel import hotspots, selectors, storage
    from safer.intel.areas import area_resolve
    from safer.intel.grid import area_events

    months = storage.stored_months()
    area = area_resolve(args.area)
    span = {"month_from": months[0], "month_to": months[-1]}
    burglary = selectors.crime_type_types("burglary")
    readers = {
        "area_events (hotspots, predictions)": lambda: area_events(area=area, types=burglary),
        "repeat_locations": lambda: hotspots.repeat_locations(area=area, types=burglary, **span),
        "outcome_rates": lambda: selectors.outcome_rates(area=area, crime_type="all-crime", **span),
        "lsoa_rates (map)": lambda: selectors.lsoa_rates(area=area, crime_type="burglary", **span),
        "counts_by_type_and_month": lambda: selectors.counts_by_type_and_month(area=area, **span),
    }
    print(f"store {args.store}, {len(months)} months, district {args.area} ({area.name})")
    for label, reader in readers.items():
        reader()
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            reader()
            timings.append(time.perf_counter() - started)
        print(
            f"{label:<40}{statistics.median(timings) * 1000:>8,.0f} ms "
            f"(range {min(timings) * 1000:,.0f}-{max(timings) * 1000:,.0f})"
        )


if __name__ == "__main__":
    main()
