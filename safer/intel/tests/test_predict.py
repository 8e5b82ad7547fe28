"""Prediction methods, the accuracy metrics by hand, and the rolling-origin backtest."""

import json

import numpy as np
import pytest
from django.core.management import call_command

from safer.intel import predict
from safer.intel.grid import grid_from_points
from safer.intel.predict import History, accuracy, backtest


def test_hit_rate_and_pai_by_hand():
    # 100 cells; 20 crimes in the month: 8 in cell 0, 4 in cell 1, 2 in cell 2, 6 spread thinly
    actual = np.zeros(100)
    actual[[0, 1, 2]] = [8, 4, 2]
    actual[[50, 60, 70, 80, 90, 99]] = 1
    scores = np.zeros(100)
    scores[[0, 1]] = [5, 4]  # top two cells are right
    scores[[3, 4, 5, 6, 7, 8, 9, 10]] = 1  # 8 cells tied at 1, none with crime
    result = accuracy(scores, actual, fractions=(0.01, 0.05, 0.10))
    # 1% = 1 cell: cell 0 -> 8 of 20
    assert result.hit_rate[0.01] == pytest.approx(0.40)
    assert result.pai[0.01] == pytest.approx(40.0)
    # 5% = 5 cells: cells 0, 1 (12 crimes) + 3 of the 8 tied cells (no crimes) -> 12/20
    assert result.hit_rate[0.05] == pytest.approx(0.60)
    assert result.pai[0.05] == pytest.approx(12.0)
    # 10% = 10 cells: 0, 1, all 8 tied -> still 12/20
    assert result.hit_rate[0.10] == pytest.approx(0.60)
    assert result.pai[0.10] == pytest.approx(6.0)


def test_ties_at_the_cut_off_count_as_their_expected_share():
    actual = np.array([0, 0, 3, 1] + [0] * 96, dtype=float)
    scores = np.zeros(100)
    scores[[2, 3, 10, 11]] = 1  # 4 cells tied for the single 1% place
    result = accuracy(scores, actual, fractions=(0.01,))
    assert result.hit_rate[0.01] == pytest.approx(4 / 4 * 1 / 4)  # (3 + 1) crimes x 1/4 place


def planted_history(months=24, seed=0):
    """A 40 x 40 grid with a stable hotspot of 4 cells and random background each month."""
    rng = np.random.default_rng(seed)
    x = np.array([0.0, 39 * 250.0])
    grid = grid_from_points(x, x, cell=250)
    grid.mask[:] = True
    by_month = {}
    for k in range(months):
        month = f"{2017 + k // 12}-{k % 12 + 1:02d}"
        counts = rng.poisson(0.05, size=(40, 40)).astype(float)
        counts[5:7, 30:32] += rng.poisson(3.0, size=(2, 2))
        by_month[month] = counts
    return History(grid=grid, by_month=by_month, context_by_month=by_month)


def test_methods_use_only_months_before_the_target():
    history = planted_history()
    target = "2018-06"
    before = {m: predict.predict(history, target, m) for m in predict.METHODS}
    history.by_month[target][:] = 99  # the month itself must not matter
    history.by_month["2018-09"][:] = 99  # nor later ones
    for method, scores in before.items():
        assert np.array_equal(scores, predict.predict(history, target, method)), method


def test_backtest_finds_a_stable_hotspot_and_stays_under_the_ceiling():
    history = planted_history()
    months = [f"2018-{m:02d}" for m in range(1, 13)]
    rows = {r.method: r for r in backtest(history, months)}
    assert rows["perfect-foresight"].hit_rate[0.01] >= rows["count-12m"].hit_rate[0.01]
    # 1% of 1,600 cells = 16 cells, which always include the 4 hotspot cells
    share = np.mean(
        [history.by_month[m][5:7, 30:32].sum() / history.by_month[m].sum() for m in months]
    )
    assert rows["count-12m"].hit_rate[0.01] >= share
    assert rows["count-12m"].pai[0.01] >= share * 100
    for row in rows.values():
        assert row.months == 12
        assert 0 <= row.hit_rate[0.05] <= 1
        assert rows["perfect-foresight"].hit_rate[0.05] + 1e-9 >= row.hit_rate[0.05]


def test_best_method_is_chosen_by_hit_rate_at_five_percent():
    rows = [
        predict.BacktestRow("a", "", 3, {0.01: 0.9, 0.05: 0.2, 0.1: 0.3}, {}, 0),
        predict.BacktestRow("b", "", 3, {0.01: 0.1, 0.05: 0.5, 0.1: 0.6}, {}, 0),
        predict.BacktestRow("perfect-foresight", "", 3, {0.01: 1, 0.05: 1, 0.1: 1}, {}, 0),
    ]
    assert predict.best_method(rows) == "b"


@pytest.mark.django_db
def test_backtest_command_prints_every_method_as_json(cherwell_store, capsys):
    call_command(
        "backtest_hotspots",
        "--area",
        "E07000177",
        "--crime-type",
        "burglary",
        "--from",
        "2018-10",
        "--to",
        "2019-02",
        "--json",
    )
    result = json.loads(capsys.readouterr().out)
    assert [m["method"] for m in result["methods"]] == [
        "count-12m",
        "kde-retrospective",
        "prospective",
        "recency-blend",
        "learned",
        "perfect-foresight",
    ]
    assert all(m["months"] == 5 for m in result["methods"])
    assert set(result["methods"][0]["hit_rate"]) == {"1%", "5%", "10%"}
    assert result["cell_size_m"] == 250


@pytest.mark.django_db
def test_backtest_command_table(cherwell_store, capsys):
    call_command(
        "backtest_hotspots",
        "--area",
        "E07000177",
        "--crime-type",
        "all-crime",
        "--from",
        "2018-10",
        "--to",
        "2018-12",
    )
    out = capsys.readouterr().out
    assert "perfect-foresight" in out
    assert "best by hit rate at 5%" in out
