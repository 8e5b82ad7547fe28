"""Hotspot statistics on constructed patterns whose answer is known."""

import numpy as np
import pytest

from safer.intel.grid import grid_from_points
from safer.intel.hotspots import benjamini_hochberg, gi_star, kde_surface, knox


def square_grid(n=30, cell=100.0):
    x = np.array([0.0, n * cell - 1])
    return grid_from_points(
        x,
        x,
        cell=cell,
        polygons_bng=[
            [
                np.array(
                    [[0, 0], [n * cell, 0], [n * cell, n * cell], [0, n * cell], [0, 0]],
                    dtype=float,
                )
            ]
        ],
    )


def test_gi_star_finds_a_planted_cluster_and_little_else():
    grid = square_grid()
    rng = np.random.default_rng(7)
    counts = rng.poisson(1.0, size=(grid.ny, grid.nx)).astype(float)
    counts[10:14, 20:24] += 6  # a 4 x 4 cluster
    result = gi_star(grid, counts, distance_m=150, q=0.05)
    cluster = np.zeros_like(result.hot)
    cluster[10:14, 20:24] = True
    assert result.hot[cluster].mean() > 0.9
    assert result.hot[~cluster].sum() <= 12  # only the cluster's immediate rim, if anything
    rim = np.zeros_like(cluster)
    rim[8:16, 18:26] = True
    assert not (result.hot & ~rim).any()
    assert not result.cold[cluster].any()


def test_gi_star_on_pure_noise_finds_almost_nothing_after_fdr():
    grid = square_grid()
    counts = np.random.default_rng(3).poisson(2.0, size=(grid.ny, grid.nx)).astype(float)
    result = gi_star(grid, counts, distance_m=150, q=0.05)
    assert result.hot.sum() + result.cold.sum() <= 5


def test_benjamini_hochberg_by_hand():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
    # q = 0.05: thresholds 0.005, 0.010, 0.015, 0.020, 0.025, ... -> the first two pass
    assert benjamini_hochberg(p, 0.05).tolist() == [True, True] + [False] * 8


def test_kde_surface_keeps_mass_inside_and_states_density_per_km2():
    grid = square_grid()
    counts = np.zeros((grid.ny, grid.nx))
    counts[15, 15] = 10
    surface = kde_surface(grid, counts, bandwidth_m=200)
    # sums back to the crimes once multiplied by cell area in km2
    assert surface.sum() * (grid.cell / 1000) ** 2 == pytest.approx(10, rel=1e-3)
    assert surface.argmax() == 15 * grid.nx + 15


def test_knox_detects_a_constructed_near_repeat_pattern():
    rng = np.random.default_rng(11)
    n = 400
    x = rng.uniform(0, 5000, n)
    y = rng.uniform(0, 5000, n)
    t = rng.uniform(0, 365, n)
    # 60 originators each followed within 50 m and 3 days by a near repeat
    k = 60
    x = np.concatenate([x, x[:k] + rng.uniform(-35, 35, k)])
    y = np.concatenate([y, y[:k] + rng.uniform(-35, 35, k)])
    t = np.concatenate([t, t[:k] + rng.uniform(0, 3, k)])
    result = knox(
        x,
        y,
        t,
        distance_band_m=100,
        distance_bands=3,
        time_band_days=7,
        time_bands=4,
        simulations=99,
        seed=1,
    )
    assert result.observed[0, 0] >= k
    assert result.ratio[0, 0] > 3
    assert result.p_value[0, 0] <= 0.01
    # far in time, the same short distance shows no excess
    assert result.p_value[0, 3] > 0.05
    assert result.ratio[2, 3] == pytest.approx(1, abs=0.6)


def test_knox_on_random_events_shows_no_near_repeat():
    rng = np.random.default_rng(5)
    x, y, t = rng.uniform(0, 3000, 300), rng.uniform(0, 3000, 300), rng.uniform(0, 365, 300)
    result = knox(x, y, t, simulations=99, seed=2)
    assert (result.p_value[:, 0] > 0.01).all()


def test_the_outline_mask_kept_between_maps_is_the_one_computed_afresh():
    """A kept mask must be exactly what testing every cell would give, and must not be changed
    by the point cells a grid adds to its own copy."""
    import numpy as np

    from safer.intel import grid as grid_module
    from safer.intel.areas import points_in_polygons

    square = [np.array([[0.0, 0.0], [1000.0, 0.0], [1000.0, 1000.0], [0.0, 1000.0]])]
    hole = np.array([[400.0, 400.0], [600.0, 400.0], [600.0, 600.0], [400.0, 600.0]])
    polygons = [[square[0], hole]]
    grid_module._OUTLINE_MASKS.clear()
    points = (np.array([1500.0]), np.array([1500.0]))  # a point outside the outline
    first = grid_module.grid_from_points(*points, cell=100.0, polygons_bng=polygons)
    assert len(grid_module._OUTLINE_MASKS) == 1
    again = grid_module.grid_from_points(*points, cell=100.0, polygons_bng=polygons)
    cx = first.x0 + (np.arange(first.nx) + 0.5) * first.cell
    cy = first.y0 + (np.arange(first.ny) + 0.5) * first.cell
    gx, gy = np.meshgrid(cx, cy)
    fresh = points_in_polygons(gx.ravel(), gy.ravel(), polygons).reshape(first.ny, first.nx)
    fresh[-1, -1] = True  # the point's own cell
    assert np.array_equal(first.mask, fresh)
    assert np.array_equal(again.mask, fresh)
    kept = next(iter(grid_module._OUTLINE_MASKS.values()))
    assert not kept[-1, -1]  # the point cell went into the grid's copy, not the kept mask
    other = [[square[0]]]  # the same square without its hole is another outline
    grid_module.grid_from_points(*points, cell=100.0, polygons_bng=other)
    assert len(grid_module._OUTLINE_MASKS) == 2


def test_knox_expected_counts_are_the_exact_mean_over_every_shuffle_of_the_dates():
    """Five events: the expected table is the mean over all 120 permutations of their dates,
    exactly, and equals row total x column total / number of pairs."""
    from itertools import permutations

    from safer.intel.hotspots import knox_expected

    x = np.array([0.0, 30.0, 60.0, 400.0, 430.0])
    y = np.zeros(5)
    t = np.array([0.0, 2.0, 9.0, 10.0, 30.0])
    result = knox(x, y, t, distance_band_m=100, distance_bands=2, time_bands=2, simulations=19)
    every = np.stack(
        [
            knox(
                x,
                y,
                t[list(order)],
                distance_band_m=100,
                distance_bands=2,
                time_bands=2,
                simulations=1,
            ).observed
            for order in permutations(range(5))
        ]
    )
    assert result.expected == pytest.approx(every.mean(axis=0), abs=1e-12)
    # By hand: pairs under 100 m: (0,1) 30 m, (0,2) 60 m, (1,2) 30 m, (3,4) 30 m -> 4 in band 0;
    # none in 100-200 m. Of the 10 pairs of dates, 0-6 days apart: (0,2) (9,10) -> 2;
    # 7-13 days: (0,9) (0,10) (2,9) (2,10) -> 4. Expected = 4 x 2 / 10 and 4 x 4 / 10.
    assert result.expected.tolist() == [[0.8, 1.6], [0.0, 0.0]]
    assert knox_expected(np.array([4, 0]), t, time_band_days=7, time_bands=2).tolist() == [
        [0.8, 1.6],
        [0.0, 0.0],
    ]
    assert result.ratio[0].tolist() == pytest.approx(result.observed[0] / [0.8, 1.6])
