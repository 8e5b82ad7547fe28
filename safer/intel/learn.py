"""The prediction method that learns: a Poisson gradient-boosted model (LightGBM) of next month's
count in each cell, from features of the cell's own history, its neighbourhood, its crime mix,
how often it repeats and the recent activity around it.

Every feature for a target month reads only the months before it, and the model for a target
month is fitted only on earlier months (each training row is itself a month predicted from the
months before that). A month missing from the store is unknown, not a month without crime: the
windows average over the months that are known, and a lag that falls on a missing month is left
empty (LightGBM takes empty values as such).

The settings below were chosen on development months only (City of London 2018-01 to 2020-06
at 100 m, `bench/intel_tune.py --learned`); the last 12 months of the series (2020-07 to 2021-06)
and the Thames Valley months were held out (docs/performance.md).
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from safer.intel.selectors import month_add

# How many months before the target supply training rows, and how far back features reach.
TRAIN_MONTHS = 24
LONGEST_WINDOW = 36
HALF_LIFE = 12.0
# LightGBM: single-threaded and deterministic, so the same data gives the same prediction.
PARAMS = {
    "objective": "poisson",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.9,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 0,
    "verbose": -1,
}
ROUNDS = 200
# A cell with no crime of any kind in the longest window and none around it carries no
# information; most rows of a rural force's grid are such cells. They are kept for training
# (the model must learn that they stay quiet) but only one in ZERO_SAMPLE, weighted up to match.
ZERO_SAMPLE = 10

# Training holds months x cells rows of every feature in memory: about 200 MB for the whole of
# Thames Valley at 250 m (94,274 cells, 24 months). Larger grids are refused with a clear error.
MAX_CELLS = 100_000
TOO_MANY_CELLS = (
    "The learned method handles up to {limit:,} cells and this area has {cells:,} at this cell "
    "size: choose larger cells or another method"
)

WINDOWS = (3, 6, 12, 24, 36)
FEATURES = (
    "lag_1",
    "lag_2",
    "lag_3",
    *(f"mean_{w}" for w in WINDOWS),
    "decayed_36",
    "same_month_last_year",
    "around_month_last_year",
    "trend_6",
    "months_with_crime_12",
    "months_with_repeats_12",
    "ring_1_mean_12",
    "ring_2_mean_12",
    "ring_1_last_month",
    "near_repeat_3",
    "all_crime_mean_12",
    "all_crime_ring_1_mean_12",
    "type_share_12",
)


@dataclass(frozen=True)
class Series:
    """A history's months as one array: counts[i] is month months[i]; known[i] whether stored."""

    months: list[str]
    counts: np.ndarray  # (T, ny, nx) of the target crime type
    context: np.ndarray  # (T, ny, nx) of all crime
    known: np.ndarray  # (T,) bool

    def index(self, month: str) -> int:
        """Position of a month (may lie before the first or after the last)."""
        first = self.months[0]
        return (int(month[:4]) - int(first[:4])) * 12 + int(month[5:7]) - int(first[5:7])


def series_from(history) -> Series:
    """Lay the history's months end to end, the gaps marked unknown."""
    stored = sorted(set(history.by_month) | set(history.context_by_month))
    shape = (history.grid.ny, history.grid.nx)
    if not stored:
        return Series([], np.zeros((0, *shape)), np.zeros((0, *shape)), np.zeros(0, bool))
    months, month = [], stored[0]
    while month <= stored[-1]:
        months.append(month)
        month = month_add(month, 1)
    counts = np.zeros((len(months), *shape))
    context = np.zeros((len(months), *shape))
    known = np.zeros(len(months), bool)
    for i, m in enumerate(months):
        if m in history.by_month:
            counts[i] = history.by_month[m]
        if m in history.context_by_month:
            context[i] = history.context_by_month[m]
        elif m in history.by_month:
            context[i] = history.by_month[m]  # no context given: the type is all we know
        known[i] = m in stored
    return Series(months, counts, context, known)


def _window(series: Series, stop: int, length: int, *, context: bool = False):
    """Mean per known month over the `length` months before position `stop`, with the counts of
    those months; NaN where no month of the window is known."""
    start = max(stop - length, 0)
    stop = max(min(stop, len(series.months)), 0)
    source = series.context if context else series.counts
    if start >= stop or not series.known[start:stop].any():
        return np.full(source.shape[1:], np.nan), None
    known = series.known[start:stop]
    block = source[start:stop][known]
    return block.sum(axis=0) / known.sum(), block


def _month(series: Series, position: int) -> np.ndarray:
    if 0 <= position < len(series.months) and series.known[position]:
        return series.counts[position]
    return np.full(series.counts.shape[1:], np.nan)


def _decayed(series: Series, stop: int) -> np.ndarray:
    """Mean per known month over the last LONGEST_WINDOW months, each weighted by half every
    HALF_LIFE months back (the recency blend's memory, as a rate)."""
    total = np.zeros(series.counts.shape[1:])
    weights = 0.0
    for k in range(1, LONGEST_WINDOW + 1):
        position = stop - k
        if 0 <= position < len(series.months) and series.known[position]:
            weight = 0.5 ** ((k - 1) / HALF_LIFE)
            total += weight * series.counts[position]
            weights += weight
    return total / weights if weights else np.full(total.shape, np.nan)


_RING_1 = np.ones((3, 3))
_RING_1[1, 1] = 0
_RING_2 = np.ones((5, 5))
_RING_2[1:4, 1:4] = 0
_CELL_AND_RING_1 = np.ones((3, 3))


def _ring(values: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Sum over the ring of cells around each cell (unknown months count as no crime)."""
    return ndimage.convolve(np.nan_to_num(values), kernel, mode="constant")


def features(series: Series, month: str) -> np.ndarray:
    """A (ny, nx, len(FEATURES)) array for the target month, from earlier months only."""
    stop = series.index(month)  # the target's position: everything read lies before it
    shape = series.counts.shape[1:]
    out = {}
    for k in (1, 2, 3):
        out[f"lag_{k}"] = _month(series, stop - k)
    for w in WINDOWS:
        out[f"mean_{w}"], _ = _window(series, stop, w)
    out["decayed_36"] = _decayed(series, stop)
    out["same_month_last_year"] = _month(series, stop - 12)
    out["around_month_last_year"], _ = _window(series, stop - 11, 3)
    recent, _ = _window(series, stop, 6)
    before, _ = _window(series, stop - 6, 6)
    out["trend_6"] = recent - before
    mean_12, block_12 = _window(series, stop, 12)
    if block_12 is None:
        out["months_with_crime_12"] = np.full(shape, np.nan)
        out["months_with_repeats_12"] = np.full(shape, np.nan)
    else:
        out["months_with_crime_12"] = (block_12 >= 1).sum(axis=0).astype(float)
        out["months_with_repeats_12"] = (block_12 >= 2).sum(axis=0).astype(float)
    out["ring_1_mean_12"] = _ring(mean_12, _RING_1)
    out["ring_2_mean_12"] = _ring(mean_12, _RING_2)
    out["ring_1_last_month"] = _ring(_month(series, stop - 1), _RING_1)
    near = np.zeros(shape)
    for k in (1, 2, 3):
        near += _ring(_month(series, stop - k), _CELL_AND_RING_1) / k
    out["near_repeat_3"] = near
    context_12, _ = _window(series, stop, 12, context=True)
    out["all_crime_mean_12"] = context_12
    out["all_crime_ring_1_mean_12"] = _ring(context_12, _RING_1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["type_share_12"] = np.where(context_12 > 0, mean_12 / context_12, np.nan)
    return np.stack([out[name] for name in FEATURES], axis=-1)


def _training_rows(series: Series, mask: np.ndarray, month: str, train_months: int):
    """Features and counts of the area's cells for each known month before the target (up to
    `train_months` of them) that has at least one known month before it."""
    stop = series.index(month)
    xs, ys, weights = [], [], []
    rng = np.random.default_rng(0)
    for position in range(max(stop - train_months, 1), min(stop, len(series.months))):
        if not series.known[position] or not series.known[:position].any():
            continue
        x = features(series, series.months[position])[mask].astype(np.float32)
        y = series.counts[position][mask]
        quiet = (np.nan_to_num(x[:, FEATURES.index("mean_36")]) == 0) & (
            np.nan_to_num(x[:, FEATURES.index("all_crime_ring_1_mean_12")]) == 0
        )
        keep = ~quiet | (rng.random(quiet.size) < 1 / ZERO_SAMPLE)
        xs.append(x[keep])
        ys.append(y[keep])
        weights.append(np.where(quiet[keep], float(ZERO_SAMPLE), 1.0))
    if not xs:
        return None
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(weights)


def fit(series: Series, mask: np.ndarray, month: str, *, train_months=TRAIN_MONTHS, **params):
    """A model fitted on the months before `month` only; None when there is nothing to learn
    from (no earlier month, or no crime at all in the training months)."""
    import lightgbm

    rows = _training_rows(series, mask, month, train_months)
    if rows is None or rows[1].sum() == 0:
        return None
    x, y, w = rows
    settings = {**PARAMS, **{k: v for k, v in params.items() if k not in ("rounds",)}}
    data = lightgbm.Dataset(
        x, label=y, weight=w, init_score=offset(x), feature_name=list(FEATURES), params=settings
    )
    return lightgbm.train(settings, data, num_boost_round=params.get("rounds", ROUNDS))


OFFSET_FLOOR = 0.05


def offset(x: np.ndarray) -> np.ndarray:
    """The log of the cell's decayed 36-month rate (floored): the model learns how far next
    month departs from it, so with nothing learned it ranks cells as a recency-weighted count."""
    base = np.nan_to_num(x[:, FEATURES.index("decayed_36")])
    return np.log(np.maximum(base, OFFSET_FLOOR))


def score(model, series: Series, mask: np.ndarray, month: str) -> np.ndarray:
    """Predicted counts on the (ny, nx) grid for the month; zero outside the area. Without a
    model (nothing to learn from) the score is the cell's mean over the last 12 known months."""
    out = np.zeros(mask.shape)
    x = features(series, month)
    if model is None:
        out[mask] = np.nan_to_num(x[mask][:, FEATURES.index("mean_12")])
    else:
        rows = x[mask]
        out[mask] = np.exp(model.predict(rows, raw_score=True) + offset(rows))
    return out


def size_check(cells: int) -> None:
    """Refuse, before any work, a grid too large to train on in memory."""
    if cells > MAX_CELLS:
        raise ValueError(TOO_MANY_CELLS.format(limit=MAX_CELLS, cells=cells))


def learned(history, month: str) -> np.ndarray:
    """Fit on the months before the target, then score the target month."""
    size_check(history.grid.n_cells)
    mask = history.grid.mask
    series = series_from(history)
    return score(fit(series, mask, month), series, mask, month)
