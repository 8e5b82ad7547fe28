"""The police.uk-compatible API's street queries against its cheapest call, in the same run.

    .venv/bin/python bench/policeuk_api.py [../shared/data] [--rounds 200] [--keep]

Imports the real Thames Valley street files (../shared/data/police-uk/thames-valley, every
month) into a scratch store, then times through Django's whole request stack (middleware, rate
limit, JSON; the test client, in process) for the latest month of the whole force:
- `GET /api/crime-last-updated` (the floor: a folder listing and a tiny JSON answer),
- `GET /api/crimes-street/all-crime?lat=&lng=&date=`, a one-mile radius in central Reading,
- `POST /api/crimes-street/all-crime` with a 100-point polygon (a circle of 2.5 km round Oxford),
interleaved round by round, and prints p50 and p95 of each and the ratios to the floor.
Target (issue 14): p95 at most 5 times the floor's. The first query of a month also reads it
into memory; that cold read is timed and printed on its own.
"""

import argparse
import math
import shutil
import statistics
import sys
import time

from _intel_common import BENCH_DATA, django_setup, shared_data

READING = (51.4543, -0.9781)
OXFORD = (51.7520, -1.2577)


def polygon(centre, radius_m: float, points: int) -> str:
    lat, lng = centre
    dlat = math.degrees(radius_m / 6371008.8)
    dlng = dlat / math.cos(math.radians(lat))
    return ":".join(
        f"{lat + dlat * math.sin(2 * math.pi * k / points):.6f},"
        f"{lng + dlng * math.cos(2 * math.pi * k / points):.6f}"
        for k in range(points)
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse the store if already imported")
    args = parser.parse_args()
    shared = shared_data(sys.argv)
    if shared is None:
        return
    files = sorted((shared / "police-uk" / "thames-valley").glob("*-street.csv"))
    store = BENCH_DATA / "store-policeuk-api"
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
    django_setup(store)
    from django.conf import settings
    from django.test import Client

    from safer.intel import storage
    from safer.intel.services import crime_paths_import

    settings.OPENDATA_RATE_LIMIT = 10**9
    if not storage.stored_months():
        started = time.perf_counter()
        summary = crime_paths_import(paths=files)
        assert not summary.rejected_files, summary.rejected_files
        print(f"imported {len(files)} files in {time.perf_counter() - started:.1f} s")
    month = storage.stored_months()[-1]
    client = Client()
    poly = polygon(OXFORD, 2500, 100)
    calls = {
        "crime-last-updated": lambda: client.get("/api/crime-last-updated"),
        "one-mile radius": lambda: client.get(
            "/api/crimes-street/all-crime",
            {"lat": READING[0], "lng": READING[1], "date": month},
        ),
        "100-point polygon": lambda: client.post(
            "/api/crimes-street/all-crime", {"poly": poly, "date": month}
        ),
    }
    started = time.perf_counter()
    first = calls["one-mile radius"]()
    print(
        f"first request (Django, DuckDB and the month read): {time.perf_counter() - started:.3f} s"
    )
    from safer.opendata import selectors

    selectors._cache.clear()
    started = time.perf_counter()
    month_rows = len(selectors.month_crimes(month).lat)
    print(f"reading {month} into memory again: {time.perf_counter() - started:.3f} s")
    print(f"{month}: {month_rows} crimes in the store for the month (whole force)")
    answers = {"one-mile radius": len(first.json())}
    polygon_answer = calls["100-point polygon"]()
    assert polygon_answer.status_code == 200, polygon_answer.status_code
    answers["100-point polygon"] = len(polygon_answer.json())
    for name, count in answers.items():
        print(f"{name}: {count} crimes answered")
    for call in calls.values():  # warm up
        for _ in range(10):
            call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(args.rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            response = call()
            times[name].append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
    floor = percentile(times["crime-last-updated"], 0.95)
    floor50 = statistics.median(times["crime-last-updated"])
    print(f"\n{args.rounds} rounds, interleaved; milliseconds")
    print(f"{'call':<22}{'p50':>8}{'p95':>8}{'p50 x':>8}{'p95 x':>8}")
    for name, values in times.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(
            f"{name:<22}{p50 * 1000:>8.2f}{p95 * 1000:>8.2f}"
            f"{p50 / floor50:>8.2f}{p95 / floor:>8.2f}"
        )
    worst = max(percentile(times[n], 0.95) / floor for n in calls if n != "crime-last-updated")
    print(f"\nworst p95 ratio {worst:.2f} (target: at most 5)")


if __name__ == "__main__":
    main()
