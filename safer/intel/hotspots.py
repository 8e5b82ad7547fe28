"""Hotspot analysis: kernel density surfaces, Getis-Ord Gi* with false-discovery-rate control,
top repeat locations, and the Knox test for near repeats (in the Near Repeat Calculator's form).
"""

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, stats

from safer.intel import storage
from safer.intel.areas import Area, area_scope
from safer.intel.grid import Grid


def kde_surface(grid: Grid, counts: np.ndarray, *, bandwidth_m: float) -> np.ndarray:
    """Gaussian kernel density in crimes per square kilometre (zero outside the area)."""
    smoothed = ndimage.gaussian_filter(counts, sigma=bandwidth_m / grid.cell, mode="constant")
    return np.where(grid.mask, smoothed / (grid.cell / 1000) ** 2, 0.0)


@dataclass(frozen=True)
class GiStar:
    z: np.ndarray  # (ny, nx), NaN outside the area
    p: np.ndarray
    hot: np.ndarray  # bool, significant after FDR with z > 0
    cold: np.ndarray
    distance_m: float
    q: float


def benjamini_hochberg(p: np.ndarray, q: float) -> np.ndarray:
    """Which p-values are discoveries at false discovery rate q (Benjamini-Hochberg step-up)."""
    p = np.asarray(p, dtype=float)
    n = p.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p)
    passed = p[order] <= q * np.arange(1, n + 1) / n
    significant = np.zeros(n, dtype=bool)
    if passed.any():
        significant[order[: np.flatnonzero(passed).max() + 1]] = True
    return significant


def gi_star(grid: Grid, counts: np.ndarray, *, distance_m: float, q: float = 0.05) -> GiStar:
    """Getis-Ord Gi* z-scores on the area's cells, neighbours within distance_m (binary weights,
    the cell itself included), two-sided p-values, and Benjamini-Hochberg FDR at q."""
    mask = grid.mask
    reach = int(distance_m // grid.cell)
    offsets = np.arange(-reach, reach + 1)
    dx, dy = np.meshgrid(offsets, offsets)
    kernel = (np.hypot(dx, dy) * grid.cell <= distance_m).astype(float)
    x = np.where(mask, counts, 0.0)
    n = mask.sum()
    mean = x[mask].mean()
    s = np.sqrt((x[mask] ** 2).mean() - mean**2)
    local = ndimage.convolve(x, kernel, mode="constant")
    weights = ndimage.convolve(mask.astype(float), kernel, mode="constant")  # sum w = sum w^2
    denominator = s * np.sqrt((n * weights - weights**2) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(mask & (denominator > 0), (local - mean * weights) / denominator, np.nan)
    p = np.where(mask, 2 * stats.norm.sf(np.abs(np.nan_to_num(z))), np.nan)
    significant = np.zeros(mask.shape, dtype=bool)
    significant[mask] = benjamini_hochberg(p[mask], q)
    return GiStar(
        z=z,
        p=p,
        hot=significant & (z > 0),
        cold=significant & (z < 0),
        distance_m=distance_m,
        q=q,
    )


def repeat_locations(
    *, area: Area, types: tuple[str, ...], month_from: str, month_to: str, limit: int = 20
) -> list[dict]:
    """The street points with the most crimes of the types in the period."""
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT location, lsoa_name, longitude, latitude, count(*) AS n,
                   count(DISTINCT month) AS months
            FROM crimes
            WHERE {scope} AND longitude IS NOT NULL AND month >= ? AND month <= ?
              AND crime_type IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY ALL ORDER BY n DESC, location LIMIT ?""",  # noqa: S608
            [month_from, month_to, list(types), limit],
        ).fetchall()
    return [
        {
            "location": loc,
            "lsoa_name": lsoa,
            "longitude": lon,
            "latitude": lat,
            "count": n,
            "months": months,
        }
        for loc, lsoa, lon, lat, n, months in rows
    ]


@dataclass(frozen=True)
class KnoxResult:
    """Observed/expected pair counts per (distance band, time band), as the Near Repeat
    Calculator tabulates them: Knox ratio and Monte Carlo p-value in each cell."""

    distance_bands: list[tuple[float, float]]
    time_bands: list[tuple[float, float]]
    observed: np.ndarray  # (distance, time)
    expected: np.ndarray
    ratio: np.ndarray
    p_value: np.ndarray
    simulations: int


def knox(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    *,
    distance_band_m: float = 100,
    distance_bands: int = 5,
    time_band_days: float = 7,
    time_bands: int = 4,
    simulations: int = 99,
    seed: int = 0,
    same_location_m: float | None = None,
) -> KnoxResult:
    """The Knox test for near repeats: exact expected counts, Monte Carlo p-values (times
    permuted over events).

    Only pairs closer than the last distance band matter to the table, so they are found once;
    each simulation shuffles the event times and re-bins those pairs. With `same_location_m`,
    pairs closer than that get a first band of their own ("Same location", as the Near Repeat
    Calculator shows it) and the distance bands follow it.

    Expected counts are not the simulations' mean but its exact value under the same null
    (`knox_expected`), so the ratio does not wobble with the number of simulations.
    """
    x, y, t = (np.asarray(a, dtype=float) for a in (x, y, t))
    limit = distance_band_m * distance_bands
    pairs_i, pairs_j = [], []
    order = np.argsort(x)
    xs = x[order]
    for a in range(len(order)):
        hi = np.searchsorted(xs, xs[a] + limit, side="left")
        b = np.arange(a + 1, hi)
        if b.size:
            i, j = order[a], order[b]
            close = np.hypot(x[i] - x[j], y[i] - y[j]) < limit
            pairs_i.append(np.full(close.sum(), i))
            pairs_j.append(j[close])
    i = np.concatenate(pairs_i) if pairs_i else np.zeros(0, dtype=int)
    j = np.concatenate(pairs_j) if pairs_j else np.zeros(0, dtype=int)
    distance = np.hypot(x[i] - x[j], y[i] - y[j])
    d_band = np.minimum((distance // distance_band_m).astype(int), distance_bands - 1)
    bands = [(k * distance_band_m, (k + 1) * distance_band_m) for k in range(distance_bands)]
    if same_location_m is not None:
        d_band = np.where(distance < same_location_m, 0, d_band + 1)
        bands = [(0.0, same_location_m), (same_location_m, distance_band_m), *bands[1:]]
        distance_bands += 1

    def table(times: np.ndarray) -> np.ndarray:
        dt = np.abs(times[i] - times[j])
        t_band = (dt // time_band_days).astype(int)
        keep = t_band < time_bands
        out = np.zeros((distance_bands, time_bands))
        np.add.at(out, (d_band[keep], t_band[keep]), 1)
        return out

    observed = table(t)
    rng = np.random.default_rng(seed)
    sims = np.stack([table(rng.permutation(t)) for _ in range(simulations)])
    space_pairs = np.bincount(d_band, minlength=distance_bands)[:distance_bands]
    expected = knox_expected(space_pairs, t, time_band_days=time_band_days, time_bands=time_bands)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p_value = (1 + (sims >= observed).sum(axis=0)) / (simulations + 1)
    return KnoxResult(
        distance_bands=bands,
        time_bands=[(k * time_band_days, (k + 1) * time_band_days) for k in range(time_bands)],
        observed=observed,
        expected=expected,
        ratio=ratio,
        p_value=p_value,
        simulations=simulations,
    )


def pairs_closer_in_time(t: np.ndarray, gap: float) -> int:
    """How many unordered pairs of events are less than `gap` apart in time (O(n log n))."""
    ts = np.sort(np.asarray(t, dtype=float))
    if gap <= 0 or ts.size < 2:
        return 0
    later = np.searchsorted(ts, ts + gap, side="left")
    return int((later - np.arange(1, ts.size + 1)).sum())


def knox_expected(
    space_pairs: np.ndarray, t: np.ndarray, *, time_band_days: float, time_bands: int
) -> np.ndarray:
    """The exact expected Knox table when event times are shuffled over events.

    A random permutation sends any given pair of places to a uniformly random pair of distinct
    events, so a pair in distance band d lands in time band k with probability T_k / N, where
    T_k is how many of all N = n(n-1)/2 event pairs are that far apart in time. Expected[d, k]
    = S_d x T_k / N: row total x column total / grand total of the full pairs table (every pair,
    including those beyond the last bands), the independence expectation.
    """
    n = np.asarray(t).size
    total = n * (n - 1) / 2
    edges = [pairs_closer_in_time(t, k * time_band_days) for k in range(time_bands + 1)]
    in_band = np.diff(np.asarray(edges, dtype=float))
    if total == 0:
        return np.zeros((len(space_pairs), time_bands))
    return np.outer(np.asarray(space_pairs, dtype=float), in_band) / total
