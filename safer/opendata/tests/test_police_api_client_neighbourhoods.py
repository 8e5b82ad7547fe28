"""The real `police-api-client` package (PyPI, 1.2.2), unchanged but for its base URL, against a
live server: its neighbourhood calls get back what co-ordinators stored."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from police_api import APIError, PoliceAPI

from safer.audit.tests.helpers import triggers_disabled
from safer.neighbourhoods import geometry
from safer.neighbourhoods.models import Event, Neighbourhood
from safer.neighbourhoods.tests.factories import (
    KIDLINGTON_LSOAS,
    neighbourhood,
    priority,
    team_member,
)

FORCE = "thames-valley"


@pytest.fixture
def api(settings, transactional_db, live_server):
    settings.NEIGHBOURHOODS_FORCE = FORCE
    yield PoliceAPI(base_url=f"{live_server.url}/api/")
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def test_police_api_client_neighbourhood_calls(api):
    banbury = neighbourhood(
        description="Banbury town centre",
        population=7120,
        contact_email="banbury@example.org",
        contact_telephone="101",
    )
    neighbourhood("kidlington", "Kidlington", lsoas=KIDLINGTON_LSOAS)
    neighbourhood("hidden", "Hidden", lsoas=["E01028449"], is_published=False)
    team_member(
        banbury,
        "Sergeant Imaginary Person",
        rank="Sergeant",
        bio="Leads the team",
        contact_email="sgt@example.org",
    )
    starts = timezone.make_aware(datetime(2031, 3, 4, 18, 30))
    Event.objects.create(
        neighbourhood=banbury,
        title="Beat meeting",
        type="meeting",
        address="Town Hall",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    priority(
        banbury,
        issue="Cycling on pavements",
        issue_date=date(2031, 1, 10),
        action="Education and enforcement days",
        action_date=date(2031, 2, 1),
    )
    priority(banbury, issue="Drug dealing near the bus station", issue_date=date(2031, 2, 20))

    listed = api.get_neighbourhoods(FORCE)
    assert [(n.id, n.name) for n in listed] == [
        ("banbury-town", "Banbury Town"),
        ("kidlington", "Kidlington"),
    ]
    assert [n.id for n in api.get_force(FORCE).neighbourhoods] == ["banbury-town", "kidlington"]

    n = api.get_neighbourhood(FORCE, "banbury-town")
    assert n.name == "Banbury Town"
    assert n.description == "Banbury town centre"
    assert n.population == 7120  # the client turns police.uk's string into a number
    assert n.contact_details == {"email": "banbury@example.org", "telephone": "101"}
    assert float(n.centre["latitude"]) == pytest.approx(banbury.centre_latitude, abs=1e-6)
    assert float(n.centre["longitude"]) == pytest.approx(banbury.centre_longitude, abs=1e-6)
    assert n.boundary == [
        (pytest.approx(lat, abs=1e-9), pytest.approx(lng, abs=1e-9))
        for lat, lng in geometry.outline_points(banbury.boundary)
    ]

    (officer,) = n.officers
    assert (officer.name, officer.rank, officer.bio) == (
        "Sergeant Imaginary Person",
        "Sergeant",
        "Leads the team",
    )
    assert officer.contact_details == {"email": "sgt@example.org"}

    (meeting,) = n.events
    assert (meeting.title, meeting.type, meeting.address) == (
        "Beat meeting",
        "meeting",
        "Town Hall",
    )
    assert meeting.start_date == datetime(2031, 3, 4, 18, 30)

    assert [(p.issue, p.issue_date, p.action, p.action_date) for p in n.priorities] == [
        ("Drug dealing near the bus station", datetime(2031, 2, 20), None, None),
        (
            "Cycling on pavements",
            datetime(2031, 1, 10),
            "Education and enforcement days",
            datetime(2031, 2, 1),
        ),
    ]

    lat, lng = geometry.centre(Neighbourhood.objects.get(slug="kidlington").boundary)
    located = api.locate_neighbourhood(lat, lng)
    assert (located.force.id, located.id, located.name) == (FORCE, "kidlington", "Kidlington")
    assert api.locate_neighbourhood(51.5, -0.1) is None  # London: none of ours

    with pytest.raises(APIError):
        api.get_neighbourhood(FORCE, "hidden").name  # noqa: B018 - fetched on attribute access
    with pytest.raises(APIError):
        api.get_neighbourhoods("atlantis")
