"""police.uk's neighbourhood calls: its paths, field names, formats and status codes, for the
partnership's published neighbourhoods; and the paths beside them still answer as before."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from safer.neighbourhoods import geometry
from safer.neighbourhoods.tests.factories import (
    KIDLINGTON_LSOAS,
    event,
    neighbourhood,
    priority,
    team_member,
)

pytestmark = pytest.mark.django_db

FORCE = "thames-valley"


@pytest.fixture(autouse=True)
def force(settings):
    settings.NEIGHBOURHOODS_FORCE = FORCE


def test_neighbourhoods_of_the_force_published_only(client):
    neighbourhood()
    neighbourhood("kidlington", "Kidlington", lsoas=KIDLINGTON_LSOAS, is_published=False)
    response = client.get(f"/api/{FORCE}/neighbourhoods")
    assert response.status_code == 200
    assert response.json() == [{"id": "banbury-town", "name": "Banbury Town"}]
    assert client.get(f"/api/{FORCE}/kidlington").status_code == 404


def test_a_neighbourhood_as_police_uk_gives_it(client):
    n = neighbourhood(
        description="Banbury's town centre",
        population=7000,
        contact_email="banbury.team@example.org",
        contact_telephone="101",
        contact_website="https://example.org/banbury",
        links=[{"url": "https://example.org", "title": "Council", "description": ""}],
        locations=[
            {
                "name": "Banbury Police Station",
                "address": "Warwick Road",
                "postcode": "OX16 2AE",
                "latitude": 52.0655,
                "longitude": -1.3421,
                "type": "station",
            }
        ],
    )
    body = client.get(f"/api/{FORCE}/banbury-town").json()
    assert set(body) == {
        "url_force",
        "contact_details",
        "name",
        "links",
        "centre",
        "locations",
        "description",
        "id",
        "population",
    }
    assert body["id"] == "banbury-town" and body["name"] == "Banbury Town"
    assert body["population"] == "7000"  # a string, as police.uk's
    assert body["contact_details"] == {
        "email": "banbury.team@example.org",
        "telephone": "101",
        "web": "https://example.org/banbury",
    }
    assert body["centre"] == {
        "latitude": f"{n.centre_latitude:.6f}".rstrip("0"),
        "longitude": f"{n.centre_longitude:.6f}".rstrip("0"),
    }
    assert body["links"] == [
        {"url": "https://example.org", "description": None, "title": "Council"}
    ]
    assert body["locations"] == [
        {
            "name": "Banbury Police Station",
            "longitude": "-1.3421",
            "postcode": "OX16 2AE",
            "address": "Warwick Road",
            "latitude": "52.0655",
            "type": "station",
            "description": None,
        }
    ]


def test_boundary_points_are_strings_latitude_and_longitude(client):
    n = neighbourhood()
    body = client.get(f"/api/{FORCE}/banbury-town/boundary").json()
    points = geometry.outline_points(n.boundary)
    assert len(body) == len(points)
    assert body[0] == {"latitude": f"{points[0][0]:.10f}", "longitude": f"{points[0][1]:.10f}"}
    assert all(isinstance(p["latitude"], str) for p in body)


def test_people_events_and_priorities(client):
    n = neighbourhood()
    team_member(
        n,
        "Sergeant Imaginary Person",
        rank="Sergeant",
        bio="Leads the team",
        contact_email="sgt@example.org",
        order=0,
    )
    team_member(n, "PC Madeup Name", rank="PC", order=1)
    starts = timezone.make_aware(datetime(2030, 9, 17, 12, 0))
    event(
        n, title="Drop in beat surgery", type="surgery", address="Market Place", days=0
    ).__class__.objects.filter(neighbourhood=n).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    event(n, days=-10, title="Past meeting")
    priority(
        n,
        issue="Speeding on Oxford Road",
        issue_date=date(2030, 4, 14),
        action="Speed checks",
        action_date=date(2030, 5, 1),
    )
    priority(n, issue="Closed one", issue_date=date(2030, 1, 1), closed_on=date(2030, 3, 1))

    assert client.get(f"/api/{FORCE}/banbury-town/people").json() == [
        {
            "bio": "Leads the team",
            "contact_details": {"email": "sgt@example.org"},
            "name": "Sergeant Imaginary Person",
            "rank": "Sergeant",
        },
        {"bio": None, "contact_details": {}, "name": "PC Madeup Name", "rank": "PC"},
    ]
    assert client.get(f"/api/{FORCE}/banbury-town/events").json() == [
        {
            "contact_details": {},
            "description": None,
            "title": "Drop in beat surgery",
            "address": "Market Place",
            "type": "surgery",
            "start_date": "2030-09-17T12:00:00",
            "end_date": "2030-09-17T14:00:00",
        }
    ]
    assert client.get(f"/api/{FORCE}/banbury-town/priorities").json() == [
        {
            "action": "Speed checks",
            "issue-date": "2030-04-14T00:00:00",
            "action-date": "2030-05-01T00:00:00",
            "issue": "Speeding on Oxford Road",
        },
        {
            "action": None,
            "issue-date": "2030-01-01T00:00:00",
            "action-date": None,
            "issue": "Closed one",
        },
    ]


def test_locate_neighbourhood(client):
    neighbourhood()
    found = client.get("/api/locate-neighbourhood", {"q": "52.0695,-1.3443"})
    assert found.json() == {"force": FORCE, "neighbourhood": "banbury-town"}
    nowhere = client.get("/api/locate-neighbourhood", {"q": "51.5,-0.1"})
    assert nowhere.status_code == 404 and nowhere.content == b""
    for bad in ("", "52.06", "north,west", "95,1"):
        assert client.get("/api/locate-neighbourhood", {"q": bad}).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/atlantis/neighbourhoods",
        "/api/atlantis/banbury-town",
        f"/api/{FORCE}/nowhere",
        f"/api/{FORCE}/nowhere/boundary",
        f"/api/{FORCE}/nowhere/people",
        f"/api/{FORCE}/nowhere/events",
        f"/api/{FORCE}/nowhere/priorities",
        "/api/atlantis/banbury-town/people",
    ],
)
def test_unknown_force_or_neighbourhood_is_an_empty_404(client, path):
    neighbourhood()
    response = client.get(path)
    assert response.status_code == 404
    assert response.content == b""


def test_a_force_the_crime_store_holds_has_no_neighbourhoods_here(client, settings, tmp_path):
    from safer.intel.services import crime_paths_import
    from safer.intel.tests.helpers import SAMPLE_DIR

    settings.INTEL_DATA_DIR = tmp_path / "intel"
    assert not crime_paths_import(paths=[SAMPLE_DIR]).rejected_files
    settings.NEIGHBOURHOODS_FORCE = "somewhere-else"
    neighbourhood()
    assert client.get("/api/thames-valley/neighbourhoods").json() == []
    assert client.get("/api/thames-valley/banbury-town").status_code == 404
    # opendata's own force call is untouched
    assert client.get("/api/forces/thames-valley").json()["name"] == "Thames Valley Police"


def test_paths_beside_these_still_answer_as_before(client):
    neighbourhood()
    openapi = client.get("/api/v1/openapi.json")
    assert openapi.status_code == 200 and "paths" in openapi.json()
    assert client.get("/api/forces").status_code == 200
    assert client.get("/api/forces/atlantis").status_code == 404  # opendata's, not ours
    assert client.get("/api/crime-last-updated").status_code == 200
    # Paths under other calls' first words are never taken for a force called "v1", "forces"...
    for path in (
        "/api/v1/neighbourhoods-that-do-not-exist",
        "/api/v2/something/boundary",
        "/api/forces/thames-valley/people",
        "/api/crimes-street/burglary/boundary",
    ):
        with pytest.raises(Resolver404):
            resolve(path)
    assert resolve(f"/api/{FORCE}/banbury-town").url_name == "neighbourhood"
