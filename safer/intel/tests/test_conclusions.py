"""Each sentence beside a hub table, computed on a case small enough to check by hand."""

from types import SimpleNamespace

import numpy as np

from safer.intel import conclusions
from safer.intel.case_measures import NearRepeats
from safer.intel.hotspots import KnoxResult
from safer.intel.selectors import PeriodComparison, RollingYear, target_status


def comparison(current, previous, target, complete=True):
    status = target_status(current=current, previous=previous, target_pct=target)
    return PeriodComparison("burglary", "Burglary", ["2019-01"], ["2018-01"], status, complete)


def test_a_fall_meeting_the_target_that_could_be_chance_says_so():
    # 90 against 100: given 190 crimes, 90 or fewer (or as far the other way) has p = 0.514.
    assert conclusions.comparison_sentence(comparison(90, 100, -5.0)) == (
        "Burglary fell 10.0% on the same months a year before (90 against 100), meeting the "
        "target of -5.0%. A change this size could be chance (p = 0.514): it is not significant."
    )


def test_a_large_rise_missing_the_target_is_significant():
    assert conclusions.comparison_sentence(comparison(150, 100, -5.0)) == (
        "Burglary rose 50.0% on the same months a year before (150 against 100), missing the "
        "target of -5.0% by 55.0 percentage points. A change this large is unlikely to be chance "
        "(p = 0.002)."
    )


def test_the_two_count_test_is_the_binomial_one():
    # None now against 10 before: both tails of Binomial(10, 1/2) at 0 and 10 = 2 / 1024.
    assert conclusions.poisson_change_p(0, 10) == 2 / 1024
    assert conclusions.poisson_change_p(0, 0) == 1.0


def test_incomplete_or_zero_baseline_comparisons_say_why_there_is_no_change():
    assert "no full comparison" in conclusions.comparison_sentence(comparison(5, 5, -5, False))
    assert "against none a year before" in conclusions.comparison_sentence(comparison(5, 0, -5))


def test_monthly_sentence_names_busiest_and_quietest_month_and_the_rolling_year():
    items = [("2019-01", 10), ("2019-02", 30), ("2019-03", 20)]
    rolling = [RollingYear("2019-02", 200, 11), RollingYear("2019-03", 240, 12)]
    assert conclusions.monthly_sentence(items, rolling) == (
        "The busiest month was February 2019 (30) and the quietest January 2019 (10); 20 a month "
        "on average. The 12 months to March 2019 held 240."
    )
    assert "rolling totals are partial" in conclusions.monthly_sentence(items, rolling[:1])


def test_types_sentence_leaves_groups_out_and_gives_shares_of_the_total():
    table = SimpleNamespace(
        rows=[
            ("all-crime", "All crime", [], 90),
            ("violent-crime", "Violence and sexual offences", [], 50),
            ("anti-social-behaviour", "Anti-social behaviour", [], 30),
            ("burglary", "Burglary", [], 20),
            ("drugs", "Drugs", [], 0),
        ]
    )
    assert conclusions.types_sentence(table, groups={"all-crime": "All crime"}) == (
        "Violence and sexual offences was the most common type: 50 of 100 (50%), then "
        "anti-social behaviour (30, 30%) and burglary (20, 20%)."
    )


def test_outcomes_sentence_names_the_commonest_outcome():
    outcomes = SimpleNamespace(total=8, rows=[("Under investigation", 6, 75.0), ("Charged", 2, 25)])
    assert conclusions.outcomes_sentence(outcomes) == (
        "The most common last outcome was “Under investigation” (75% of 8 crimes)."
    )


def test_lsoa_sentence_compares_the_highest_rate_with_the_area_and_measures_concentration():
    rates = [
        {"code": "E1", "name": "North", "count": 30, "population": 1000, "rate": 30.0},
        {"code": "E2", "name": "South", "count": 10, "population": 2000, "rate": 5.0},
        {"code": "E3", "name": "East", "count": 10, "population": 2000, "rate": 5.0},
    ]
    # Area rate: 50 / 5,000 x 1,000 = 10; North's 30 is 3 times it. 5% of 3 LSOAs rounds to 1.
    assert conclusions.lsoa_sentence(rates) == (
        "The highest rate was in North: 30 crimes, 30 per 1,000 residents, 3.0 times the area's "
        "10.0. The 1 LSOA with most crimes (33% of 3) held 60% of them."
    )


def test_density_and_flagged_cells_sentences_match_the_issue_example():
    assert conclusions.density_sentence(flagged=15, cells=300, cell_m=100, held=33, total=100) == (
        "The densest 5% of the area (15 of 300 cells of 100 m) held 33% of the period's 100 "
        "located crimes (33)."
    )
    assert conclusions.flagged_sentence(
        flagged=15, cells=300, month="2019-01", held=33, total=100, noun="burglary"
    ) == (
        "These 15 cells, 5% of the area's 300, held 33% of the burglary recorded in January 2019 "
        "(33 of 100 crimes)."
    )


def test_gi_sentence_names_the_strongest_hot_spot_or_says_there_is_none():
    hot = [{"name": "Bridge Street, Banbury", "z": 6.12, "crimes": 45}]
    assert conclusions.gi_sentence(hot=hot, hot_count=3, cold_count=1, q=0.05) == (
        "3 cells are significant hot spots after controlling the false discovery rate at 5%; the "
        "strongest is at Bridge Street, Banbury (z = 6.1, 45 crimes in the cell). 1 cell is a "
        "significant cold spot."
    )
    assert conclusions.gi_sentence(hot=[], hot_count=0, cold_count=0, q=0.05).startswith(
        "No cell is a significant hot spot"
    )


def test_repeats_sentence_gives_the_top_point_and_the_share_of_the_listed_points():
    repeats = [
        {
            "location": "On or near High Street",
            "lsoa_name": "Cherwell 001A",
            "count": 6,
            "months": 3,
        },
        {
            "location": "On or near Bridge Street",
            "lsoa_name": "Cherwell 002B",
            "count": 4,
            "months": 1,
        },
    ]
    assert conclusions.repeats_sentence(repeats, 40) == (
        "The busiest street point, On or near High Street (Cherwell 001A), had 6 crimes in 3 "
        "months of the period; the 2 busiest points held 25% of the area's 40 located crimes."
    )


def test_backtest_sentence_sets_the_method_beside_the_best_baseline_and_the_ceiling():
    def row(method, label, hit):
        return SimpleNamespace(method=method, label=label, months=11, hit_rate={0.05: hit})

    rows = [
        row("count-12m", "Count per cell, last 12 months", 0.33),
        row("kde", "Retrospective kernel density (250 m)", 0.30),
        row("mine", "Learning", 0.36),
        row("ceiling", "Perfect foresight", 0.38),
    ]
    assert conclusions.backtest_sentence(
        rows, "mine", ceiling="ceiling", baselines=("count-12m", "kde")
    ) == (
        "Over 11 earlier months, each predicted from the months before it, this method caught "
        "36% of crimes in 5% of the area; the best simple method (count per cell, last 12 "
        "months) caught 33%, and perfect foresight, the ceiling, 38%."
    )


def near(observed, expected, p_values):
    observed, expected = np.array(observed, float), np.array(expected, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    result = KnoxResult([], [], observed, expected, ratio, np.array(p_values, float), 999)
    return NearRepeats(
        result=result,
        distance_labels=["Same location", "1 to 100 m"],
        time_labels=["0 to 6 days", "7 to 13 days"],
        events=100,
        without_coordinates=0,
        over_limit=0,
    )


def test_knox_sentence_reports_the_strongest_significant_excess():
    result = near([[2, 1], [27, 12]], [[1.0, 1.0], [10.0, 12.0]], [[0.2, 0.6], [0.002, 0.5]])
    assert conclusions.knox_sentence(result) == (
        "Pairs of reports 1 to 100 m apart and 0 to 6 days apart were 2.7 times as frequent as "
        "chance would give (27 against 10.0 expected; p = 0.002): 1 band shows a significant "
        "excess."
    )


def test_knox_sentence_says_plainly_when_the_excess_is_not_significant():
    result = near([[2, 1], [12, 12]], [[1.0, 1.0], [10.0, 12.0]], [[0.2, 0.6], [0.3, 0.5]])
    assert conclusions.knox_sentence(result) == (
        "Pairs of reports at the same location and 0 to 6 days apart were 2.0 times as frequent "
        "as chance would give (2 against 1.0 expected; p = 0.2), but that is not significant: "
        "there is no sign of near repeats."
    )


def test_profile_sentences_test_whether_the_spread_is_even():
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert conclusions.busiest_sentence(days, [10] * 7, what="day", noun="reports") == (
        "Every day had the same number of reports: 10 of 70."
    )
    spread = conclusions.busiest_sentence(
        days, [12, 8, 10, 10, 10, 10, 10], what="day", noun="reports"
    )
    # chi-square: (4 + 4) / 10 = 0.8 on 6 degrees of freedom, p = 0.992
    assert spread == (
        "The busiest day was Mon (17% of 70 reports), the quietest Tue (11%); the differences "
        "could be chance (p = 0.992, chi-square)."
    )
    uneven = conclusions.busiest_sentence(
        days, [70, 10, 10, 10, 10, 10, 10], what="day", noun="reports"
    )
    assert uneven.startswith("The busiest day was Mon (54% of 130 reports)")
    assert uneven.endswith("they are not spread evenly (p < 0.001, chi-square).")


def test_asb_sentences_give_the_peak_month_and_busiest_hour_of_the_week():
    months = [
        SimpleNamespace(month="2019-01", reports=3, police=40),
        SimpleNamespace(month="2019-02", reports=5, police=None),
    ]
    assert conclusions.asb_months_sentence(months, noun="reports") == (
        "Reports peaked in February 2019 (5 of 8 in the period). The police recorded 40 "
        "anti-social behaviour incidents in the 1 imported month."
    )
    grid = np.zeros((7, 24), dtype=int)
    grid[5, 22] = 4
    assert conclusions.grid_sentence(
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], grid, noun="reports"
    ) == ("The busiest hour of the week was Sat 22:00 to 22:59 (4 reports).")


def test_areas_sentence_names_the_busiest_and_the_densest_custom_area():
    rows = [
        {"name": "Calthorpe", "count": 30, "per_km2": 10.0},
        {"name": "Cross", "count": 10, "per_km2": 50.0},
    ]
    assert conclusions.areas_sentence(rows, "ward") == (
        "Calthorpe had most crimes (30, 75%); Cross the most for its size (50 per km²)."
    )


def test_outcomes_given_sentence_counts_detections():
    recorded = SimpleNamespace(
        total=8, detected=2, rows=[("Investigation complete", 5, False), ("Charged", 2, True)]
    )
    assert conclusions.outcomes_given_sentence(recorded) == (
        "Of 8 outcomes given in the period, 2 (25%) count as detections; the most common was "
        "“Investigation complete” (5)."
    )
