"""Near repeats: the Knox test's "Same location" band, and the page that runs it on case reports
with exact dates and coordinates."""

import csv
import io
import math
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.urls import reverse

from safer.cases.tests.factories import report
from safer.intel import case_measures
from safer.intel.hotspots import knox
from safer.partners.roles import Role
from safer.partners.tests.factories import member

BANBURY = (52.06, -1.34)
M_PER_DEG_LAT = 111_200
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(BANBURY[0]))


def test_knox_gives_pairs_at_one_place_a_band_of_their_own():
    # Three reports at one address within days; two more 60 m away, weeks apart.
    x = np.array([0.0, 0.0, 0.0, 60.0, 60.0])
    y = np.zeros(5)
    t = np.array([0.0, 2.0, 3.0, 40.0, 80.0])
    result = knox(
        x,
        y,
        t,
        distance_band_m=100,
        distance_bands=2,
        time_band_days=7,
        time_bands=2,
        simulations=19,
        same_location_m=1,
    )
    assert result.distance_bands == [(0.0, 1), (1, 100), (100, 200)]
    assert result.observed.shape == (3, 2)
    assert result.observed[0].tolist() == [3, 0]  # the three same-address pairs, within 7 days
    assert result.observed[1].sum() == 0  # 60 m pairs are all 37 or more days apart
    plain = knox(x, y, t, distance_band_m=100, distance_bands=2, time_bands=2, simulations=19)
    assert plain.observed[0].tolist() == [3, 0]  # without it they fall in the first band


def place(metres_east: float, metres_north: float) -> dict:
    return {
        "latitude": BANBURY[0] + metres_north / M_PER_DEG_LAT,
        "longitude": BANBURY[1] + metres_east / M_PER_DEG_LON,
    }


def near_repeat_pattern(seed: int = 3) -> list[tuple[float, dict | None]]:
    """120 scattered events over half a year (days after the start, and a point), 30 of them
    followed within 50 m and 3 days by another, 10 by a second at the same place; and 4 events
    with no map point. Shared with the test of an imported log."""
    rng = random.Random(seed)
    events = []
    for k in range(120):
        east, north = rng.uniform(0, 4000), rng.uniform(0, 4000)
        day = rng.uniform(0, 170)
        events.append((day, place(east, north)))
        if k < 30:
            events.append(
                (
                    day + rng.uniform(0, 3),
                    place(east + rng.uniform(-35, 35), north + rng.uniform(-35, 35)),
                )
            )
        elif k < 40:
            events.append((day + rng.uniform(0, 3), place(east, north)))
    return events + [(10 * k, None) for k in range(4)]


@pytest.fixture
def near_repeat_reports(db, council):
    """The constructed pattern as case reports."""
    user = member(Role.CASEWORKER, council)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for day, point in near_repeat_pattern():
        report(user, reported_at=start + timedelta(days=day), days_ago=0, **(point or {}))


KNOX = {
    "month_from": "2026-01",
    "month_to": "2026-06",
    "distance_band_m": "100",
    "distance_bands": "3",
    "time_band_days": "7",
    "time_bands": "4",
    "simulations": "99",
}


@pytest.fixture
def analyst(db, council):
    return member(Role.ANALYST, council)


def knox_arguments() -> dict:
    """KNOX as the measure takes it: whole numbers for the bands."""
    return {k: v if k.startswith("month") else int(v) for k, v in KNOX.items()}


def assert_finds_the_constructed_pattern(near) -> None:
    """The pattern of near_repeat_pattern(), from either source."""
    assert (near.events, near.without_coordinates, near.over_limit) == (160, 4, 0)
    rows = near.rows()
    same, close = rows[0]["cells"], rows[1]["cells"]
    assert same[0]["observed"] >= 10 and same[0]["significant"]
    assert close[0]["observed"] >= 30 and close[0]["ratio"] > 3 and close[0]["significant"]
    assert close[0]["p_value"] <= 0.01
    assert not close[3]["significant"]  # the same distance, weeks later: no excess


def test_near_repeats_finds_the_constructed_pattern(near_repeat_reports):
    near = case_measures.near_repeats(**knox_arguments())
    assert near.distance_labels == ["Same location", "1 to 100 m", "100 to 200 m", "200 to 300 m"]
    assert near.time_labels == ["0 to 6 days", "7 to 13 days", "14 to 20 days", "21 to 27 days"]
    assert near.noun == "reports" and near.source == ""
    assert_finds_the_constructed_pattern(near)


def test_near_repeat_page_shows_the_calculator_tables_and_csv(
    signed_in, analyst, near_repeat_reports
):
    client = signed_in(analyst)
    body = client.get(reverse("intel:near_repeats"), KNOX).content.decode()
    assert "<strong>160</strong> reports used" in body
    assert "Left out: 4 without coordinates" in body
    assert "Same location" in body and "1 to 100 m" in body and "0 to 6 days" in body
    assert "Knox ratios" in body and "p-values" in body
    assert "at most the 2,000 newest reports" in body
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("intel:near_repeats_download"), KNOX).content.decode())
        )
    )
    assert rows[0] == [
        "distance_band",
        "time_band",
        "observed",
        "expected",
        "knox_ratio",
        "p_value",
    ]
    assert len(rows) == 1 + 4 * 4
    close_now = next(r for r in rows if r[:2] == ["1 to 100 m", "0 to 6 days"])
    assert int(close_now[2]) >= 30 and float(close_now[5]) <= 0.01


def test_near_repeat_page_caps_events_and_checks_the_bands(
    signed_in, analyst, near_repeat_reports, monkeypatch
):
    monkeypatch.setattr(case_measures, "MAX_KNOX_EVENTS", 100)
    client = signed_in(analyst)
    body = client.get(reverse("intel:near_repeats"), KNOX).content.decode()
    assert "<strong>100</strong> reports used" in body
    assert "60 older reports over the limit of 100" in body
    body = client.get(
        reverse("intel:near_repeats"), KNOX | {"distance_bands": "0", "simulations": "5000"}
    ).content.decode()
    assert "There is a problem" in body
    assert "Number of distance bands must be a whole number from 1 to 10" in body
    assert "Simulations must be a whole number from 19 to 999" in body
    assert "reports used" not in body


def test_near_repeat_page_says_when_too_few_reports_have_a_point(signed_in, analyst, council, db):
    user = member(Role.CASEWORKER, council)
    report(user, reported_at=datetime(2026, 2, 1, 12, tzinfo=UTC), days_ago=0, **place(0, 0))
    body = signed_in(analyst).get(reverse("intel:near_repeats")).content.decode()
    assert "too few for a test" in body
    response = signed_in(analyst).get(reverse("intel:near_repeats_download"))
    assert response.status_code == 404
