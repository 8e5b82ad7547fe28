"""Predictive hotspots for next month, and the rolling-origin backtest that measures them.

Every method scores the area's cells for a target month using only crimes of earlier months.
Accuracy is the hit rate (share of the month's crimes in the top-scoring cells) and the Predictive
Accuracy Index (hit rate divided by the share of the area those cells cover) at 1%, 5% and 10% of
the area. Tied scores at the cut-off are shared out in proportion, which is the expected result of
breaking ties at random, so no method gains from the order cells happen to be stored in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from safer.intel.grid import Events, Grid
from safer.intel.selectors import month_add

FRACTIONS = (0.01, 0.05, 0.10)

COUNT_12M = "count-12m"
KDE = "kde-retrospective"
PROSPECTIVE = "prospective"
BLEND = "recency-blend"
LEARNED = "learned"
CEILING = "perfect-foresight"

# Retrospective KDE: Gaussian kernel, bandwidth in metres.
KDE_BANDWIDTH_M = 250.0
# Prospective hotspotting (Bowers, Johnson and Pease 2004) on monthly data: a crime k months ago
# d cells away adds 1/(1+d) x 1/k, within PROSPECTIVE_RADIUS_M and PROSPECTIVE_MONTHS.
PROSPECTIVE_RADIUS_M = 400.0
PROSPECTIVE_MONTHS = 3
# The blend: same-type counts over 36 months with a 12-month half-life, plus a little of the
# same smoothed over neighbouring cells and of every other crime in the cell, which mostly
# breaks the many ties between cells with one or two past crimes.
BLEND_MONTHS = 36
BLEND_HALF_LIFE = 12.0
BLEND_NEIGHBOUR_WEIGHT = 0.15
BLEND_CONTEXT_WEIGHT = 0.02

UNKNOWN_METHOD = "Unknown method: use one of {methods}"


@dataclass(frozen=True)
class History:
    """Per-month count grids of the target crime type (and of all crime, for context)."""

    grid: Grid
    by_month: dict[str, np.ndarray]
    context_by_month: dict[str, np.ndarray] = field(default_factory=dict)

    def total(self, months: list[str], *, context: bool = False) -> np.ndarray:
        source = self.context_by_month if context else self.by_month
        out = np.zeros((self.grid.ny, self.grid.nx))
        for month in months:
            if month in source:
                out += source[month]
        return out


def history_from(events: Events, context: Events | None = None) -> History:
    """Bin each month's crimes on the events' grid."""

    def binned(ev: Events) -> dict[str, np.ndarray]:
        return {
            m: events.grid.counts(ev.x[ev.months == m], ev.y[ev.months == m])
            for m in np.unique(ev.months)
        }

    return History(
        grid=events.grid,
        by_month=binned(events),
        context_by_month=binned(context) if context is not None else {},
    )


def _before(month: str, n: int) -> list[str]:
    return [month_add(month, -k) for k in range(1, n + 1)]


def count_12m(history: History, month: str) -> np.ndarray:
    """Crimes per cell over the 12 months before the target month."""
    return history.total(_before(month, 12))


def kde_retrospective(history: History, month: str) -> np.ndarray:
    """Gaussian kernel density of the last 12 months' crimes (edges treated as empty)."""
    sigma = KDE_BANDWIDTH_M / history.grid.cell
    return ndimage.gaussian_filter(count_12m(history, month), sigma=sigma, mode="constant")


def _distance_kernel(cell: float, radius_m: float) -> np.ndarray:
    reach = int(radius_m // cell)
    offsets = np.arange(-reach, reach + 1)
    dx, dy = np.meshgrid(offsets, offsets)
    distance = np.hypot(dx, dy)
    return np.where(distance * cell <= radius_m, 1.0 / (1.0 + distance), 0.0)


def prospective(history: History, month: str) -> np.ndarray:
    """Prospective hotspotting: recent nearby crimes weigh most, decaying in space and time."""
    kernel = _distance_kernel(history.grid.cell, PROSPECTIVE_RADIUS_M)
    score = np.zeros((history.grid.ny, history.grid.nx))
    for k, past in enumerate(_before(month, PROSPECTIVE_MONTHS), start=1):
        if past in history.by_month:
            score += ndimage.convolve(history.by_month[past], kernel, mode="constant") / k
    return score


def recency_blend(
    history: History,
    month: str,
    *,
    months: int = BLEND_MONTHS,
    half_life: float = BLEND_HALF_LIFE,
    neighbour_weight: float = BLEND_NEIGHBOUR_WEIGHT,
    context_weight: float = BLEND_CONTEXT_WEIGHT,
) -> np.ndarray:
    """Long-memory, recency-weighted counts per cell; neighbours and other crime break ties."""
    decayed = np.zeros((history.grid.ny, history.grid.nx))
    for k, past in enumerate(_before(month, months), start=1):
        if past in history.by_month:
            decayed += history.by_month[past] * 0.5 ** ((k - 1) / half_life)
    neighbours = ndimage.uniform_filter(decayed, size=3, mode="constant") * 9 - decayed
    context = history.total(_before(month, 12), context=True)
    context = context / context.max() if context.max() > 0 else context
    return decayed + neighbour_weight * neighbours / 8 + context_weight * context


def learned(history: History, month: str) -> np.ndarray:
    """The model that learns (safer.intel.learn), fitted on the months before the target."""
    from safer.intel import learn

    return learn.learned(history, month)


METHODS: dict[str, Callable[[History, str], np.ndarray]] = {
    COUNT_12M: count_12m,
    KDE: kde_retrospective,
    PROSPECTIVE: prospective,
    BLEND: recency_blend,
    LEARNED: learned,
}
BASELINES = (COUNT_12M, KDE, PROSPECTIVE)
METHOD_LABELS = {
    COUNT_12M: "Count per cell, last 12 months",
    KDE: f"Retrospective kernel density (bandwidth {KDE_BANDWIDTH_M:.0f} m, last 12 months)",
    PROSPECTIVE: "Prospective hotspotting (last 3 months, 400 m)",
    BLEND: "Recency blend (36 months, 12-month half-life, neighbours, other crime)",
    LEARNED: "Learned: Poisson gradient-boosted model of each cell's history and surroundings",
    CEILING: "Perfect foresight (the month's own crimes): the ceiling",
}


def predict(history: History, month: str, method: str) -> np.ndarray:
    """A (ny, nx) score grid for the target month from earlier months only; zero outside area."""
    if method not in METHODS:
        raise ValueError(UNKNOWN_METHOD.format(methods=", ".join(METHODS)))
    return np.where(history.grid.mask, METHODS[method](history, month), 0.0)


@dataclass(frozen=True)
class Accuracy:
    hit_rate: dict[float, float]  # fraction of area -> share of crimes captured (0-1)
    pai: dict[float, float]


def accuracy(scores: np.ndarray, actual: np.ndarray, *, fractions=FRACTIONS) -> Accuracy:
    """Hit rate and PAI of flat score and actual-count vectors (area cells only) at each fraction.

    The top k = round(fraction x cells) cells (at least 1) are flagged; where cells tie at the
    cut-off, each tied cell counts as flagged with probability (places left / tied cells).
    """
    scores = np.asarray(scores, dtype=float)
    actual = np.asarray(actual, dtype=float)
    n = scores.size
    total = actual.sum()
    hit, pai = {}, {}
    order = np.sort(scores)[::-1]
    for fraction in fractions:
        k = max(1, round(fraction * n))
        threshold = order[k - 1]
        above = scores > threshold
        tied = scores == threshold
        places = k - above.sum()
        captured = actual[above].sum() + actual[tied].sum() * places / tied.sum()
        rate = captured / total if total else 0.0
        hit[fraction] = float(rate)
        pai[fraction] = float(rate / (k / n))
    return Accuracy(hit_rate=hit, pai=pai)


@dataclass(frozen=True)
class BacktestRow:
    method: str
    label: str
    months: int
    hit_rate: dict[float, float]
    pai: dict[float, float]
    seconds_per_month: float


def backtest(
    history: History, months: list[str], *, methods=tuple(METHODS), refit: bool = True
) -> list[BacktestRow]:
    """Rolling origin: predict each month from the months before it; average over months.

    Months with no crimes of the type are skipped (a hit rate has no meaning there). The ceiling
    row flags the month's own busiest cells. With refit=False the learned method is fitted once,
    on the months before the first month scored, and that model scores every month from its own
    earlier months: still never seeing a month it predicts, at one fit's cost instead of one a
    month (the choice of method on the predictions page uses this).
    """
    import time

    mask = history.grid.mask
    scored = [m for m in months if m in history.by_month and history.by_month[m][mask].sum() > 0]
    rows = []
    for method in (*methods, CEILING):
        hits = {f: [] for f in FRACTIONS}
        pais = {f: [] for f in FRACTIONS}
        started = time.perf_counter()
        score = (
            _fixed_origin_scorer(history, scored[0])
            if method == LEARNED and not refit and scored
            else None
        )
        for month in scored:
            actual = history.by_month[month][mask]
            if method == CEILING:
                scores = actual
            elif score is not None:
                scores = score(month)[mask]
            else:
                scores = predict(history, month, method)[mask]
            result = accuracy(scores, actual)
            for f in FRACTIONS:
                hits[f].append(result.hit_rate[f])
                pais[f].append(result.pai[f])
        elapsed = (time.perf_counter() - started) / max(len(scored), 1)
        rows.append(
            BacktestRow(
                method=method,
                label=METHOD_LABELS[method],
                months=len(scored),
                hit_rate={f: float(np.mean(v)) if v else 0.0 for f, v in hits.items()},
                pai={f: float(np.mean(v)) if v else 0.0 for f, v in pais.items()},
                seconds_per_month=elapsed,
            )
        )
    return rows


def _fixed_origin_scorer(history: History, origin: str) -> Callable[[str], np.ndarray]:
    """Score months with one learned model fitted on the months before `origin`."""
    from safer.intel import learn

    learn.size_check(history.grid.n_cells)
    series = learn.series_from(history)
    model = learn.fit(series, history.grid.mask, origin)
    return lambda month: learn.score(model, series, history.grid.mask, month)


def best_method(rows: list[BacktestRow], *, fraction: float = 0.05) -> str:
    """The method (ceiling aside) with the best mean hit rate at the fraction; ties keep order."""
    candidates = [r for r in rows if r.method != CEILING]
    if not candidates or all(r.months == 0 for r in candidates):
        return BLEND
    return max(candidates, key=lambda r: r.hit_rate[fraction]).method


@dataclass(frozen=True)
class Prediction:
    method: str
    month: str
    grid: Grid
    scores: np.ndarray  # (ny, nx)
    chosen_by: str  # "request" or "backtest"
    backtest: list[BacktestRow]


SELECTION_MONTHS = 12
# Choosing the method refits the learned model for each backtest month (as the benchmark does)
# on grids up to this many cells (about 0.1 s a fit for Cherwell's 9,418); a larger area's
# model is fitted once before the backtest months, to keep the page to a second or two.
SELECTION_REFIT_CELLS = 20_000


def area_history(*, area, crime_type: str, cell: float | None = None) -> History:
    """The area's crimes of the type (and all crime, as context) binned by month on its grid."""
    from safer.intel.grid import area_events
    from safer.intel.selectors import ALL_CRIME, crime_type_types

    events = area_events(area=area, types=crime_type_types(crime_type), cell=cell)
    every = area_events(area=area, types=crime_type_types(ALL_CRIME), cell=cell)
    return history_from(events, every)


def prediction_for(
    *, area, crime_type: str, month: str, method: str | None = None, cell: float | None = None
) -> Prediction:
    """Next-month hotspot scores from data before the month; by default the method that scored
    best (hit rate at 5% of the area) in a backtest over the 12 months before it."""
    history = area_history(area=area, crime_type=crime_type, cell=cell)
    earlier = sorted(m for m in history.by_month if m < month)[-SELECTION_MONTHS:]
    from safer.intel import learn

    cells = history.grid.n_cells
    methods = tuple(m for m in METHODS if m != LEARNED or cells <= learn.MAX_CELLS)
    refit = cells <= SELECTION_REFIT_CELLS
    rows = backtest(history, earlier[1:], methods=methods, refit=refit) if len(earlier) > 1 else []
    chosen_by = "request"
    if method is None:
        method, chosen_by = best_method(rows), "backtest"
    return Prediction(
        method=method,
        month=month,
        grid=history.grid,
        scores=predict(history, month, method),
        chosen_by=chosen_by,
        backtest=rows,
    )
