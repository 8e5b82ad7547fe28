"""Measures reconciled with counts computed here straight from the raw sample CSV."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from safer.intel import selectors
from safer.intel.areas import area_resolve
from safer.intel.services import crime_paths_import
from safer.intel.sources.police_uk import CRIME_TYPES
from safer.intel.tests.helpers import sample_rows, street_row, write_street_csv

pytestmark = pytest.mark.django_db

CHERWELL = "E07000177"
SAC_NAMES = {"Burglary", "Robbery", "Theft from the person", "Vehicle crime"}


def raw_cherwell():
    return [r for r in sample_rows() if r["LSOA name"].startswith("Cherwell")]


def test_counts_by_month_match_the_raw_csv(cherwell_store):
    raw = Counter(r["Month"] for r in raw_cherwell() if r["Crime type"] != "Anti-social behaviour")
    result = selectors.crime_counts(area=area_resolve(CHERWELL), group_by="month")
    assert dict(result.items) == dict(raw)
    assert result.total == sum(raw.values())


def test_counts_by_type_match_the_raw_csv_for_every_type(cherwell_store):
    raw = Counter(CRIME_TYPES[r["Crime type"]] for r in raw_cherwell())
    for slug, expected in raw.items():
        got = selectors.crime_counts(area=area_resolve(CHERWELL), crime_type=slug)
        assert got.total == expected, slug
    assert len(raw) == 14


def test_serious_acquisitive_crime_matches_the_seed_definition(cherwell_store):
    raw = Counter(r["Month"] for r in raw_cherwell() if r["Crime type"] in SAC_NAMES)
    result = selectors.crime_counts(
        area=area_resolve(CHERWELL),
        crime_type="serious-acquisitive",
        month_from="2018-10",
        month_to="2018-12",
    )
    assert dict(result.items) == {m: raw[m] for m in ("2018-10", "2018-11", "2018-12")}


def test_counts_by_lsoa_cover_all_93_lsoas_and_match(cherwell_store):
    raw = Counter(r["LSOA code"] for r in raw_cherwell() if r["Crime type"] == "Burglary")
    result = selectors.crime_counts(
        area=area_resolve(CHERWELL), crime_type="burglary", group_by="lsoa"
    )
    assert len(result.items) == 93
    assert {k: v for k, v in result.items if v} == dict(raw)


def test_one_lsoa_is_an_area(cherwell_store):
    raw = sum(1 for r in raw_cherwell() if r["LSOA code"] == "E01028479")
    result = selectors.crime_counts(
        area=area_resolve("E01028479"), crime_type="all-crime", group_by="crime_type"
    )
    asb = selectors.crime_counts(area=area_resolve("E01028479"), crime_type="anti-social-behaviour")
    assert result.total + asb.total == raw


def test_outcome_and_detection_rates_match_the_raw_csv(cherwell_store):
    crimes = [r for r in raw_cherwell() if r["Crime type"] != "Anti-social behaviour"]
    rates = selectors.outcome_rates(
        area=area_resolve(CHERWELL),
        crime_type="all-crime",
        month_from="2018-01",
        month_to="2019-12",
    )
    assert rates.total == len(crimes)
    detected = sum(1 for r in crimes if r["Last outcome category"] in selectors.DETECTED_OUTCOMES)
    assert rates.detected == detected
    assert rates.detection_rate == pytest.approx(detected / len(crimes) * 100)
    assert sum(n for _, n, _ in rates.rows) == len(crimes)


def test_unknown_area_crime_type_and_month_are_refused(intel_store):
    with pytest.raises(Http404):
        area_resolve("E99999999")
    with pytest.raises(ValidationError):
        selectors.crime_counts(area=area_resolve(CHERWELL), crime_type="jaywalking")
    with pytest.raises(ValidationError):
        selectors.crime_counts(area=area_resolve(CHERWELL), month_from="2019-1")
    with pytest.raises(ValidationError):
        selectors.crime_counts(area=area_resolve(CHERWELL), group_by="street")


@pytest.mark.parametrize(
    ("current", "previous", "target", "change", "met", "rag"),
    [
        (95, 100, -5, -5.0, True, "green"),  # exactly on target
        (80, 100, -5, -20.0, True, "green"),
        (96, 100, -5, -4.0, False, "amber"),
        (100, 100, -5, 0.0, False, "amber"),  # misses by exactly 5 points
        (101, 100, -5, 1.0, False, "red"),
        (88, 100, -12, -12.0, True, "green"),  # violence against the person, seed 000
        (10, 0, -5, None, None, "grey"),  # no baseline
        (10, 20, None, -50.0, None, "grey"),  # no target
        (None, 20, -5, None, None, "grey"),  # no data
    ],
)
def test_target_arithmetic(current, previous, target, change, met, rag):
    status = selectors.target_status(current=current, previous=previous, target_pct=target)
    assert status.change_pct == (pytest.approx(change) if change is not None else None)
    assert status.met is met
    assert status.rag == rag


def months_file(tmp_path, counts: dict[str, int], crime_type="Burglary"):
    rows = []
    for month, n in counts.items():
        rows += [
            street_row(crime_id=f"{month}x{i}".replace("-", ""), month=month, crime_type=crime_type)
            for i in range(n)
        ]
    return write_street_csv(tmp_path / f"{crime_type[:4]}.csv", rows)


def test_period_against_same_period_last_year_and_rolling_year(intel_store, tmp_path):
    counts = {f"2017-{m:02d}": 10 for m in range(1, 13)} | {f"2018-{m:02d}": 9 for m in range(1, 4)}
    crime_paths_import(paths=[months_file(tmp_path, counts)])
    area = area_resolve(CHERWELL)
    comparison = selectors.period_comparison(
        area=area,
        crime_type="serious-acquisitive",
        month_from="2018-01",
        month_to="2018-03",
        target_pct=-5,
    )
    assert comparison.complete
    assert (comparison.status.current, comparison.status.previous) == (27, 30)
    assert comparison.status.change_pct == pytest.approx(-10.0)
    assert comparison.status.met is True
    rolling = selectors.rolling_12_months(
        area=area, crime_type="burglary", month_from="2017-12", month_to="2018-03"
    )
    assert [(r.month, r.count, r.complete) for r in rolling] == [
        ("2017-12", 120, True),
        ("2018-01", 119, True),
        ("2018-02", 118, True),
        ("2018-03", 117, True),
    ]
    incomplete = selectors.period_comparison(
        area=area, crime_type="burglary", month_from="2017-01", month_to="2017-02", target_pct=-5
    )
    assert not incomplete.complete
    assert incomplete.status.rag == "grey"


def test_counts_are_the_same_with_or_without_the_compact_counts_file(cherwell_store):
    from safer.intel import storage

    area = area_resolve(CHERWELL)
    assert storage.counts_fresh()
    fast = selectors.crime_counts(area=area, crime_type="burglary", group_by="lsoa")
    (storage.data_dir() / storage.COUNTS_MANIFEST).unlink()
    assert not storage.counts_fresh()
    slow = selectors.crime_counts(area=area, crime_type="burglary", group_by="lsoa")
    assert fast == slow


def test_a_custom_area_counts_the_points_inside_its_polygon(intel_store, tmp_path, caseworker):
    from safer.intel.area_services import custom_area_create

    inside = street_row(crime_id="in1", lon="-1.3400", lat="52.0600")
    outside = street_row(crime_id="out1", lon="-1.2000", lat="52.0600")
    hole = street_row(crime_id="hole1", lon="-1.3350", lat="52.0650")
    crime_paths_import(paths=[write_street_csv(tmp_path / "c.csv", [inside, outside, hole])])
    square = [[-1.36, 52.05], [-1.32, 52.05], [-1.32, 52.08], [-1.36, 52.08], [-1.36, 52.05]]
    hole_ring = [
        [-1.337, 52.063],
        [-1.333, 52.063],
        [-1.333, 52.067],
        [-1.337, 52.067],
        [-1.337, 52.063],
    ]
    area = custom_area_create(
        name="Town centre",
        kind="town centre",
        geometry={"type": "Polygon", "coordinates": [square, hole_ring]},
        created_by=caseworker,
    )
    result = selectors.crime_counts(area=area_resolve(str(area.pk)), crime_type="burglary")
    assert result.total == 1


def test_the_dashboard_comparisons_count_each_period_and_type_apart(intel_store, tmp_path):
    """One read serves every comparison: each type's two periods are summed apart, periods that
    overlap (18 months against the 18 before them a year earlier) count their shared months in
    both, and the figures equal plain counts of each period."""
    months = [f"{y}-{m:02d}" for y in (2016, 2017, 2018) for m in range(1, 13)]
    burglary = {m: 1 + i % 4 for i, m in enumerate(months)}
    robbery = {m: 2 for m in months}
    rows = [
        street_row(crime_id=f"{kind[0]}{m}x{i}".replace("-", ""), month=m, crime_type=kind)
        for kind, counts in (("Burglary", burglary), ("Robbery", robbery))
        for m, n in counts.items()
        for i in range(n)
    ]
    crime_paths_import(paths=[write_street_csv(tmp_path / "both.csv", rows)])
    area = area_resolve(CHERWELL)
    wanted = [("burglary", -10.0), ("robbery", None), ("serious-acquisitive", -5.0)]
    with storage_one_connection():
        found = selectors.period_comparisons(
            area=area, wanted=wanted, month_from="2017-07", month_to="2018-12"
        )
    expected = {
        "burglary": (sum(burglary[m] for m in months[18:]), sum(burglary[m] for m in months[6:24])),
        "robbery": (36, 36),
    }
    expected["serious-acquisitive"] = tuple(
        b + r for b, r in zip(expected["burglary"], expected["robbery"], strict=True)
    )
    for (crime_type, _), comparison in zip(wanted, found, strict=True):
        assert comparison.complete
        now = selectors.crime_counts(
            area=area, crime_type=crime_type, month_from="2017-07", month_to="2018-12"
        )
        before = selectors.crime_counts(
            area=area, crime_type=crime_type, month_from="2016-07", month_to="2017-12"
        )
        assert (comparison.status.current, comparison.status.previous) == expected[crime_type]
        assert expected[crime_type] == (now.total, before.total)


def storage_one_connection():
    from safer.intel import storage

    return storage.one_connection()


def test_one_connection_binds_the_store_once_for_every_read(cherwell_store, monkeypatch):
    from safer.intel import storage

    made = []
    real = storage.connect
    monkeypatch.setattr(storage, "connect", lambda: made.append(1) or real())
    area = area_resolve(CHERWELL)
    with storage.one_connection():
        selectors.crime_counts(area=area)
        selectors.crime_counts(area=area, crime_type="burglary")
        selectors.outcome_rates(
            area=area, crime_type="all-crime", month_from="2000-01", month_to="2099-12"
        )
    assert len(made) == 1
    selectors.crime_counts(area=area)
    assert len(made) == 2  # outside, each read has its own connection again
