"""Choose a method's settings on development months only, then report held-out months.

    .venv/bin/python bench/intel_tune.py             # the recency blend
    .venv/bin/python bench/intel_tune.py --learned   # the learned method (safer/intel/learn.py)

Run after bench/intel_backtest.py has built its stores. The score is the mean hit rate at 5% of
the area over five crime types, City of London at 100 m. The blend: development 2018-01 to
2019-06, held out 2019-07 to 2021-06. The learned method: development 2018-01 to 2020-06, held
out the last 12 months, 2020-07 to 2021-06 (the issue's test); the Thames Valley months are
never looked at by either.
"""

import itertools
import os
import sys

from _intel_common import BENCH_DATA

TYPES = ("all-crime", "burglary", "serious-acquisitive", "violent-crime", "anti-social-behaviour")
GRID = {
    "months": (12, 24, 36),
    "half_life": (3.0, 6.0, 12.0, 24.0),
    "neighbour_weight": (0.0, 0.15, 0.5),
    "context_weight": (0.0, 0.02, 0.2),
}


def main() -> None:
    store = BENCH_DATA / "store-backtest-city-of-london"
    if not store.exists():
        print("Run bench/intel_backtest.py first (it builds the City of London store).")
        return
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DATA / 'backtest-city-of-london.sqlite3'}"
    from _intel_common import django_setup

    django_setup(store)
    import numpy as np

    from safer.intel import predict, selectors
    from safer.intel.areas import area_resolve

    area = area_resolve("E09000001")
    histories = {t: predict.area_history(area=area, crime_type=t, cell=100) for t in TYPES}
    if "--learned" in sys.argv:
        learned_tune(histories)
        return
    dev = selectors.month_span("2018-01", "2019-06")
    held_out = selectors.month_span("2019-07", "2021-06")

    def score(targets, **params) -> float:
        rates = []
        for history in histories.values():
            mask = history.grid.mask
            for month in targets:
                actual = history.by_month.get(month)
                if actual is None or actual[mask].sum() == 0:
                    continue
                scores = predict.recency_blend(history, month, **params)[mask]
                rates.append(
                    predict.accuracy(scores, actual[mask], fractions=(0.05,)).hit_rate[0.05]
                )
        return float(np.mean(rates))

    results = []
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        results.append((score(dev, **params), params))
    results.sort(key=lambda r: -r[0])
    print("best on development months (mean hit rate at 5%):")
    for value, params in results[:5]:
        print(f"  {value:.4f}  {params}")
    default = {
        "months": predict.BLEND_MONTHS,
        "half_life": predict.BLEND_HALF_LIFE,
        "neighbour_weight": predict.BLEND_NEIGHBOUR_WEIGHT,
        "context_weight": predict.BLEND_CONTEXT_WEIGHT,
    }
    best = results[0][1]
    count = {"months": 12, "half_life": 1e9, "neighbour_weight": 0.0, "context_weight": 0.0}
    for label, params in (("count-12m", count), ("current default", default), ("tuned", best)):
        print(
            f"{label:<16} dev {score(dev, **params):.4f}  held-out {score(held_out, **params):.4f}"
        )


LEARNED_GRID = {
    "train_months": (12, 24, 36),
    "leaves": ((15, 20), (7, 100), (7, 200)),
    "rounds": (100, 200),
}


def learned_tune(histories) -> None:
    import numpy as np

    from safer.intel import learn, predict, selectors

    dev = selectors.month_span("2018-01", "2020-06")
    held_out = selectors.month_span("2020-07", "2021-06")
    series = {t: learn.series_from(h) for t, h in histories.items()}

    def score(targets, method=None, **params) -> float:
        rates = []
        for crime_type, history in histories.items():
            mask = history.grid.mask
            for month in targets:
                actual = history.by_month.get(month)
                if actual is None or actual[mask].sum() == 0:
                    continue
                if method:
                    scores = predict.predict(history, month, method)[mask]
                else:
                    s = series[crime_type]
                    scores = learn.score(learn.fit(s, mask, month, **params), s, mask, month)[mask]
                rates.append(
                    predict.accuracy(scores, actual[mask], fractions=(0.05,)).hit_rate[0.05]
                )
        return float(np.mean(rates))

    results = []
    for train_months, (leaves, min_rows), rounds in itertools.product(*LEARNED_GRID.values()):
        params = {
            "train_months": train_months,
            "num_leaves": leaves,
            "min_data_in_leaf": min_rows,
            "rounds": rounds,
        }
        results.append((score(dev, **params), params))
        print(f"  {results[-1][0]:.4f}  {params}", flush=True)
    results.sort(key=lambda r: -r[0])
    best = results[0][1]
    current = {
        "train_months": learn.TRAIN_MONTHS,
        "num_leaves": learn.PARAMS["num_leaves"],
        "min_data_in_leaf": learn.PARAMS["min_data_in_leaf"],
        "rounds": learn.ROUNDS,
    }
    print(f"best on development months: {results[0][0]:.4f} {best}; in learn.py: {current}")
    for label, method in (("count-12m", predict.COUNT_12M), ("recency blend", predict.BLEND)):
        print(f"{label:<16} dev {score(dev, method):.4f}  held-out {score(held_out, method):.4f}")
    dev_score, held_score = score(dev, **current), score(held_out, **current)
    print(f"{'learned':<16} dev {dev_score:.4f}  held-out {held_score:.4f}")


if __name__ == "__main__":
    main()
