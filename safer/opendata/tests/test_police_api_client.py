"""The real `police-api-client` package (PyPI, 1.2.2), unchanged but for its base URL, against
a live server holding the committed Cherwell sample; its counts against the raw CSVs."""

import math

import pytest
from django.db import connection
from police_api import APIError, PoliceAPI

from safer.audit.tests.helpers import triggers_disabled
from safer.intel.services import crime_paths_import
from safer.intel.sources.police_uk import CRIME_TYPES
from safer.intel.tests.helpers import SAMPLE_DIR, sample_rows
from safer.opendata import selectors

BANBURY = (52.0629, -1.3397)
MONTH = "2019-01"


@pytest.fixture
def api(settings, tmp_path, transactional_db, live_server):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    assert not crime_paths_import(paths=[SAMPLE_DIR]).rejected_files
    yield PoliceAPI(base_url=f"{live_server.url}/api/")
    # The import was audited; SQLite's append-only triggers would refuse the live server's
    # flush of those rows (as in tests/browser/conftest.py).
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def metres(row, lat, lng):
    p1, p2 = math.radians(lat), math.radians(float(row["Latitude"]))
    dl = math.radians(float(row["Longitude"]) - lng)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def test_police_api_client_works_with_only_the_base_url_changed(api):
    rows = [r for r in sample_rows() if r["Month"] == MONTH]
    months = sorted({r["Month"] for r in sample_rows()}, reverse=True)

    assert [f.id for f in api.get_forces()] == ["thames-valley"]
    force = api.get_force("thames-valley")
    assert force.name == "Thames Valley Police"
    assert force.telephone == "101"
    with pytest.raises(APIError):
        api.get_force("atlantis").name  # noqa: B018 - the client fetches on attribute access

    assert api.get_dates() == months
    assert api.get_latest_date() == months[0]
    assert {c.id for c in api.get_crime_categories(date=MONTH)} == set(CRIME_TYPES.values())
    assert api.get_crime_category("burglary", date=MONTH).name == "Burglary"

    lat, lng = BANBURY
    near = [r for r in rows if metres(r, lat, lng) <= selectors.ONE_MILE_M]
    crimes = api.get_crimes_point(lat, lng, date=MONTH)
    assert len(crimes) == len(near)
    burglaries = api.get_crimes_point(lat, lng, date=MONTH, category="burglary")
    assert len(burglaries) == sum(1 for r in near if r["Crime type"] == "Burglary")
    # The client turns each crime's category into a CrimeCategory through crime-categories.
    assert {c.category.name for c in crimes} == {r["Crime type"] for r in near}

    half = 0.01
    square = [
        (lat - half, lng - half),
        (lat - half, lng + half),
        (lat + half, lng + half),
        (lat + half, lng - half),
    ]
    inside = [
        r
        for r in rows
        if lat - half <= float(r["Latitude"]) <= lat + half
        and lng - half <= float(r["Longitude"]) <= lng + half
    ]
    assert len(api.get_crimes_area(square, date=MONTH)) == len(inside)  # a POST

    located = crimes[0].location
    at_location = api.get_crimes_location(located.id, date=MONTH)
    assert len(at_location) == sum(
        1
        for r in rows
        if selectors.location_id(float(r["Latitude"]), float(r["Longitude"])) == located.id
    )
    assert {c.location.name for c in at_location} == {located.name}

    with_id = next(r for r in rows if r["Crime ID"])
    crime = api.get_crime(with_id["Crime ID"])
    assert crime.persistent_id == with_id["Crime ID"]
    assert crime.outcomes == []
    with pytest.raises(APIError):
        api.get_crime("0" * 64)

    assert api.get_crimes_no_location("thames-valley", date=MONTH) == []
