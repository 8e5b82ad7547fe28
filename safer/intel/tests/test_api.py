"""The intel API: shapes the issue fixes, and analytics capability on every endpoint."""

from collections import Counter

import pytest

from safer.intel.tests.helpers import sample_rows
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


def test_counts_by_month_have_the_documented_shape(client, analyst, cherwell_store):
    client.force_login(analyst)
    response = client.get(
        "/api/v1/intel/counts",
        {"area": "E07000177", "crime_type": "burglary", "from": "2018-10", "to": "2019-02"},
    )
    assert response.status_code == 200
    raw = Counter(
        r["Month"]
        for r in sample_rows()
        if r["Crime type"] == "Burglary"
        and r["LSOA name"].startswith("Cherwell")
        and "2018-10" <= r["Month"] <= "2019-02"
    )
    body = response.json()
    assert body == {
        "items": [{"key": m, "count": raw[m]} for m in sorted(raw)],
        "total": sum(raw.values()),
    }


def test_counts_group_by_crime_type_and_lsoa(client, analyst, cherwell_store):
    client.force_login(analyst)
    body = client.get(
        "/api/v1/intel/counts",
        {"area": "E07000177", "crime_type": "serious-acquisitive", "group_by": "crime_type"},
    ).json()
    assert [i["key"] for i in body["items"]] == [
        "burglary",
        "robbery",
        "theft-from-the-person",
        "vehicle-crime",
    ]
    body = client.get("/api/v1/intel/counts", {"area": "E01028479", "group_by": "lsoa"}).json()
    assert [i["key"] for i in body["items"]] == ["E01028479"]


def test_bad_parameters_answer_422_and_unknown_area_404(client, analyst, intel_store):
    client.force_login(analyst)
    assert client.get("/api/v1/intel/counts", {"from": "2019"}).status_code == 422
    assert client.get("/api/v1/intel/counts", {"crime_type": "x"}).status_code == 422
    assert client.get("/api/v1/intel/counts", {"area": "E01999999"}).status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VIEWER, Role.PARTNER_OFFICER, Role.ADMIN])
def test_roles_without_analytics_get_403(client, council, intel_store, role):
    client.force_login(member(role, council))
    assert client.get("/api/v1/intel/counts").status_code == 403


def test_anonymous_gets_401(client, intel_store):
    assert client.get("/api/v1/intel/counts").status_code == 401


def test_predictions_cover_the_whole_area_and_use_only_earlier_data(
    client, analyst, cherwell_store
):
    client.force_login(analyst)
    response = client.get(
        "/api/v1/intel/predictions",
        {"area": "E07000177", "crime_type": "burglary", "month": "2019-02", "method": "count-12m"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "count-12m"
    assert body["crs"] == "EPSG:27700"
    assert body["cell_size_m"] == 250
    cells = body["cells"]
    assert len(cells) > 9000  # Cherwell is about 589 km2: 9,400 cells of 250 m
    assert all(c["x"] % 250 == 0 and c["y"] % 250 == 0 for c in cells)
    assert sum(1 for c in cells if c["score"] == 0) > len(cells) / 2
    # count-12m for 2019-02 is exactly the burglaries of 2018-03 .. 2019-01 located in the area
    burglaries = client.get(
        "/api/v1/intel/counts",
        {"area": "E07000177", "crime_type": "burglary", "from": "2018-02", "to": "2019-01"},
    ).json()["total"]
    assert sum(c["score"] for c in cells) == burglaries


def test_predictions_default_to_the_best_method_by_backtest(client, analyst, cherwell_store):
    client.force_login(analyst)
    body = client.get(
        "/api/v1/intel/predictions", {"area": "E07000177", "crime_type": "all-crime"}
    ).json()
    assert body["month"] == "2019-03"
    assert body["chosen_by"] == "backtest"
    best = max(
        (r for r in body["backtest"] if r["method"] != "perfect-foresight"),
        key=lambda r: r["hit_rate"]["5%"],
    )
    assert body["method"] == best["method"]


def test_predictions_by_the_learned_method(client, analyst, cherwell_store):
    client.force_login(analyst)
    body = client.get(
        "/api/v1/intel/predictions",
        {"area": "E07000177", "crime_type": "burglary", "month": "2019-02", "method": "learned"},
    ).json()
    assert (body["method"], body["chosen_by"]) == ("learned", "request")
    # an expected count for every cell of the area, none negative
    assert len(body["cells"]) > 9000 and all(c["score"] >= 0 for c in body["cells"])
    assert "learned" in {r["method"] for r in body["backtest"]}


def test_predictions_refuse_an_unknown_method(client, analyst, cherwell_store):
    client.force_login(analyst)
    response = client.get("/api/v1/intel/predictions", {"area": "E07000177", "method": "magic"})
    assert response.status_code == 422


def test_predictions_need_analytics(client, caseworker, intel_store):
    client.force_login(caseworker)
    assert client.get("/api/v1/intel/predictions").status_code == 403
