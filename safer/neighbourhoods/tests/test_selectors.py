"""The reads other apps call: published neighbourhoods, the one holding a point, current
priorities and upcoming events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.neighbourhoods import selectors
from safer.neighbourhoods.tests.factories import (
    KIDLINGTON_LSOAS,
    event,
    neighbourhood,
    priority,
    square,
)

pytestmark = pytest.mark.django_db

BANBURY_CROSS = (52.0695, -1.3443)  # inside Cherwell 003B
KIDLINGTON = (51.8281, -1.2792)  # inside Cherwell 017B


def test_only_published_neighbourhoods_are_public():
    shown = neighbourhood()
    neighbourhood("kidlington", "Kidlington", lsoas=KIDLINGTON_LSOAS, is_published=False)
    assert list(selectors.neighbourhoods_published()) == [shown]
    assert selectors.neighbourhood_published("kidlington") is None
    assert selectors.neighbourhood_published("banbury-town") == shown


def test_the_neighbourhood_holding_a_point():
    banbury = neighbourhood()
    kidlington = neighbourhood("kidlington", "Kidlington", lsoas=KIDLINGTON_LSOAS)
    assert selectors.neighbourhood_containing(*BANBURY_CROSS) == banbury
    assert selectors.neighbourhood_containing(*KIDLINGTON) == kidlington
    assert selectors.neighbourhood_containing(51.5, -0.1) is None  # London


def test_a_hole_is_not_inside_and_unpublished_ones_are_not_found():
    outer = square(52.0, -1.0, 0.02)[0][0]
    hole = square(52.0, -1.0, 0.005)[0][0]
    ring_road = neighbourhood("ring", "Ring", boundary=[[outer, hole]])
    assert selectors.neighbourhood_containing(52.015, -1.0) == ring_road
    assert selectors.neighbourhood_containing(52.0, -1.0) is None
    ring_road.is_published = False
    ring_road.save()
    assert selectors.neighbourhood_containing(52.015, -1.0) is None


def test_current_priorities_are_the_open_ones_newest_first():
    n = neighbourhood()
    today = timezone.localdate()
    older = priority(n, issue="Older", issue_date=today - timedelta(days=60))
    newer = priority(n, issue="Newer", issue_date=today - timedelta(days=5))
    priority(n, issue="Done", closed_on=today - timedelta(days=1))
    assert list(selectors.priorities_current(n)) == [newer, older]


def test_upcoming_events_include_one_still_running_and_not_past_ones():
    n = neighbourhood()
    now = timezone.now()
    soon = event(n, days=1, title="Soon")
    later = event(n, days=9, title="Later")
    event(n, days=-3, title="Past")
    running = event(n, days=0, title="Running")
    running.starts_at = now - timedelta(hours=1)
    running.ends_at = now + timedelta(hours=1)
    running.save()
    assert list(selectors.events_upcoming(n, now=now)) == [running, soon, later]
    assert [e.title for e in selectors.events_past(n, now=now)] == ["Past"]
