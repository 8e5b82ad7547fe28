"""The learned prediction method: each feature on a case worked by hand, unknown months, and
that nothing reads the month predicted or any later one."""

import numpy as np
import pytest

from safer.intel import learn, predict
from safer.intel.grid import grid_from_points
from safer.intel.predict import History
from safer.intel.tests.test_predict import planted_history

CENTRE, EAST = (2, 2), (2, 3)


def small_history(*, drop=()):
    """A 5 x 5 grid, 2020-01 to 2020-12. The centre cell has one crime of the type a month, three
    in December; the cell east of it two in November. All crime adds one more to the centre
    each month. Months in `drop` are not stored at all."""
    grid = grid_from_points(np.array([0.0, 400.0]), np.array([0.0, 400.0]), cell=100)
    grid.mask[:] = True
    by_month, context = {}, {}
    for k in range(1, 13):
        month = f"2020-{k:02d}"
        if month in drop:
            continue
        counts = np.zeros((5, 5))
        counts[CENTRE] = 3 if k == 12 else 1
        if k == 11:
            counts[EAST] = 2
        by_month[month] = counts
        context[month] = counts.copy()
        context[month][CENTRE] += 1
    return History(grid=grid, by_month=by_month, context_by_month=context)


def feature_values(history, month, cell):
    values = learn.features(learn.series_from(history), month)[cell]
    return dict(zip(learn.FEATURES, values, strict=True))


def test_features_of_a_cell_by_hand():
    f = feature_values(small_history(), "2021-01", CENTRE)
    assert (f["lag_1"], f["lag_2"], f["lag_3"]) == (3, 1, 1)
    assert f["mean_3"] == pytest.approx(5 / 3)
    assert f["mean_6"] == pytest.approx(8 / 6)
    # only 12 months are stored: the longer windows average over those
    assert f["mean_12"] == f["mean_24"] == f["mean_36"] == pytest.approx(14 / 12)
    weights = 0.5 ** (np.arange(12) / learn.HALF_LIFE)
    assert f["decayed_36"] == pytest.approx(1 + 2 * weights[0] / weights.sum())
    assert f["same_month_last_year"] == 1  # 2020-01
    assert f["around_month_last_year"] == 1  # 2019-11 to 2020-01, of which 2020-01 is known
    assert f["trend_6"] == pytest.approx(8 / 6 - 1)
    assert (f["months_with_crime_12"], f["months_with_repeats_12"]) == (12, 1)
    assert f["ring_1_mean_12"] == pytest.approx(2 / 12)  # the east cell's November pair
    assert f["ring_2_mean_12"] == 0
    assert f["ring_1_last_month"] == 0  # nothing around it in December
    # near repeats: crimes in the cell and the ring, 1/k for k months back: 3 + 3/2 + 1/3
    assert f["near_repeat_3"] == pytest.approx(3 + 3 / 2 + 1 / 3)
    assert f["all_crime_mean_12"] == pytest.approx(26 / 12)
    assert f["all_crime_ring_1_mean_12"] == pytest.approx(2 / 12)
    assert f["type_share_12"] == pytest.approx(14 / 26)


def test_features_of_the_neighbour_and_of_an_empty_cell():
    east = feature_values(small_history(), "2021-01", EAST)
    assert (east["lag_1"], east["lag_2"]) == (0, 2)
    assert east["ring_1_mean_12"] == pytest.approx(14 / 12)
    assert east["near_repeat_3"] == pytest.approx(3 + (1 + 2) / 2 + 1 / 3)
    corner = feature_values(small_history(), "2021-01", (0, 0))
    assert corner["mean_12"] == 0 and corner["months_with_crime_12"] == 0
    assert np.isnan(corner["type_share_12"])  # no crime of any kind: no share to speak of


def test_a_month_not_stored_is_unknown_not_a_month_without_crime():
    f = feature_values(small_history(drop={"2020-11"}), "2021-01", CENTRE)
    assert np.isnan(f["lag_2"])
    assert f["mean_3"] == pytest.approx((1 + 3) / 2)
    assert f["mean_12"] == pytest.approx(13 / 11)
    # a month stored with crime of other types only is known: none of the type that month
    history = small_history()
    del history.by_month["2020-11"]
    f = feature_values(history, "2021-01", CENTRE)
    assert f["lag_2"] == 0


def test_features_before_the_first_stored_month_are_empty():
    f = feature_values(small_history(), "2020-01", CENTRE)
    assert np.isnan(f["lag_1"]) and np.isnan(f["mean_12"]) and np.isnan(f["decayed_36"])
    assert f["near_repeat_3"] == 0


def test_no_feature_reads_the_month_predicted_or_a_later_one():
    history = small_history()
    series = learn.series_from(history)
    before = learn.features(series, "2020-10")
    history.by_month["2020-10"][:] = 50
    history.by_month["2020-12"][:] = 50
    history.context_by_month["2020-10"][:] = 80
    after = learn.features(learn.series_from(history), "2020-10")
    assert np.array_equal(before, after, equal_nan=True)


def test_a_planted_crime_in_the_month_predicted_does_not_move_the_prediction():
    history = planted_history()
    target = "2018-06"
    before = predict.predict(history, target, predict.LEARNED)
    history.by_month[target][10, 10] += 40  # planted where nothing ever happens
    history.by_month["2018-08"][10, 10] += 40
    assert np.array_equal(before, predict.predict(history, target, predict.LEARNED))
    # the same for a model fitted once at an earlier origin (the page's choice of method)
    origin = "2018-03"
    scored = predict._fixed_origin_scorer(history, origin)("2018-07")
    model = learn.fit(learn.series_from(history), history.grid.mask, origin).model_to_string()
    history.by_month["2018-07"][12, 12] += 40
    history.by_month["2018-09"][12, 12] += 40
    assert np.array_equal(scored, predict._fixed_origin_scorer(history, origin)("2018-07"))
    history.by_month[origin][12, 12] += 40  # the model itself never saw its origin month
    again = learn.fit(learn.series_from(history), history.grid.mask, origin).model_to_string()
    assert again == model


def test_training_rows_come_only_from_months_before_the_target():
    history = planted_history(months=18)
    mask = history.grid.mask
    x, y, w = learn._training_rows(learn.series_from(history), mask, "2018-01", train_months=6)
    # six months, 2017-07 to 2017-12, of 1,600 cells; quiet ones sampled and weighted up
    assert len(y) <= 6 * history.grid.n_cells and set(np.unique(w)) <= {1.0, learn.ZERO_SAMPLE}
    assert y.sum() <= sum(history.by_month[f"2017-{m:02d}"].sum() for m in range(7, 13))
    for month in ("2018-01", "2018-03"):
        history.by_month[month][:] += 100
    again = learn._training_rows(learn.series_from(history), mask, "2018-01", train_months=6)
    for before, after in zip((x, y, w), again, strict=True):
        assert np.array_equal(before, after, equal_nan=True)


def test_the_model_finds_a_stable_hotspot_and_is_deterministic():
    history = planted_history()
    scores = predict.predict(history, "2018-12", predict.LEARNED)
    top = np.argsort(scores, axis=None)[::-1][:4]
    assert {np.unravel_index(i, scores.shape) for i in top} == {(5, 30), (5, 31), (6, 30), (6, 31)}
    assert np.array_equal(scores, predict.predict(history, "2018-12", predict.LEARNED))


def test_without_earlier_months_it_falls_back_to_no_signal():
    history = small_history()
    scores = predict.predict(history, "2020-01", predict.LEARNED)
    assert np.all(scores == 0)
    scores = predict.predict(history, "2020-02", predict.LEARNED)  # one month: nothing to fit
    assert scores[CENTRE] == pytest.approx(1.0)


def test_the_backtest_reports_the_learned_method():
    history = planted_history()
    months = [f"2018-{m:02d}" for m in range(7, 13)]
    rows = {r.method: r for r in predict.backtest(history, months, refit=False)}
    assert rows[predict.LEARNED].months == 6
    # 1% of 1,600 cells = 16 cells, which always include the 4 hotspot cells
    share = np.mean(
        [history.by_month[m][5:7, 30:32].sum() / history.by_month[m].sum() for m in months]
    )
    assert rows[predict.LEARNED].hit_rate[0.01] >= share


def test_a_grid_too_large_is_refused_clearly_and_left_out_of_the_choice(monkeypatch):
    history = planted_history()
    monkeypatch.setattr(learn, "MAX_CELLS", 1000)
    with pytest.raises(ValueError, match="up to 1,000 cells and this area has 1,600"):
        predict.predict(history, "2018-12", predict.LEARNED)
    monkeypatch.setattr(predict, "area_history", lambda **kwargs: history)
    result = predict.prediction_for(area=None, crime_type="burglary", month="2018-12")
    assert predict.LEARNED not in {r.method for r in result.backtest}
    assert result.method != predict.LEARNED
