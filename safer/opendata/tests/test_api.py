"""The police.uk-compatible API against counts computed here from the raw committed CSVs."""

import math
from collections import Counter

import pytest

from safer.intel.services import crime_paths_import
from safer.intel.sources.police_uk import CRIME_TYPES
from safer.intel.tests.helpers import sample_rows, street_row, write_street_csv
from safer.opendata import selectors

BANBURY = (52.0629, -1.3397)
MONTH = "2019-01"
CRIME_FIELDS = {
    "category",
    "location_type",
    "location",
    "context",
    "outcome_status",
    "persistent_id",
    "id",
    "location_subtype",
    "month",
}


def miles_from(row, lat, lng) -> float:
    """Haversine, written out by hand, in metres."""
    r = 6371008.8
    p1, p2 = math.radians(lat), math.radians(float(row["Latitude"]))
    dp = p2 - p1
    dl = math.radians(float(row["Longitude"]) - lng)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def in_polygon(lat, lng, points) -> bool:
    """Even-odd rule, one point at a time."""
    inside = False
    j = len(points) - 1
    for i in range(len(points)):
        yi, xi = points[i]
        yj, xj = points[j]
        if (yi > lat) != (yj > lat) and lng < xi + (lat - yi) * (xj - xi) / (yj - yi):
            inside = not inside
        j = i
    return inside


def month_rows(month=MONTH):
    return [r for r in sample_rows() if r["Month"] == month]


def test_crime_categories(client, store):
    response = client.get("/api/crime-categories", {"date": MONTH})
    assert response.status_code == 200
    body = response.json()
    assert body[0] == {"url": "all-crime", "name": "All crime"}
    assert body[-1] == {"url": "other-crime", "name": "Other crime"}
    assert {c["url"] for c in body[1:]} == set(CRIME_TYPES.values())
    assert {c["name"] for c in body[1:]} == set(CRIME_TYPES)
    assert all(set(c) == {"url", "name"} for c in body)
    assert client.get("/api/crime-categories", {"date": "2019-13"}).status_code == 400


def test_months_kept_in_memory_are_bounded_and_follow_the_store(store, monkeypatch):
    monkeypatch.setattr(selectors, "CACHED_MONTHS", 2)
    selectors._cache.clear()
    for month in ("2018-03", "2018-06", "2018-10"):
        assert selectors.month_crimes(month) is not None
    assert list(selectors._cache) == ["2018-06", "2018-10"]
    before = selectors.month_crimes("2018-10")
    assert selectors.month_crimes("2018-10") is before
    write_street_csv(store.parent / "2018-10-extra-street.csv", [street_row(month="2018-10")])
    crime_paths_import(paths=[store.parent / "2018-10-extra-street.csv"])
    after = selectors.month_crimes("2018-10")
    assert len(after.lat) == len(before.lat) + 1


def test_dates_and_last_updated(client, store):
    months = sorted({r["Month"] for r in sample_rows()}, reverse=True)
    body = client.get("/api/crimes-street-dates").json()
    assert body == [{"date": m, "stop-and-search": []} for m in months]
    assert client.get("/api/crime-last-updated").json() == {"date": f"{months[0]}-01"}


def test_empty_store_answers_empty(client, empty_store, db):
    assert client.get("/api/crimes-street-dates").json() == []
    assert client.get("/api/forces").json() == []
    assert client.get("/api/crimes-street/all-crime", {"lat": 52, "lng": -1}).json() == []


def test_one_mile_radius_matches_hand_count(client, store):
    lat, lng = BANBURY
    expected = [r for r in month_rows() if miles_from(r, lat, lng) <= 1609.344]
    assert 50 < len(expected) < len(month_rows())
    response = client.get("/api/crimes-street/all-crime", {"lat": lat, "lng": lng, "date": MONTH})
    assert response.status_code == 200
    crimes = response.json()
    assert len(crimes) == len(expected)
    assert Counter(c["category"] for c in crimes) == Counter(
        CRIME_TYPES[r["Crime type"]] for r in expected
    )
    assert Counter(c["persistent_id"] for c in crimes) == Counter(r["Crime ID"] for r in expected)
    burglary = client.get(
        "/api/crimes-street/burglary", {"lat": lat, "lng": lng, "date": MONTH}
    ).json()
    assert len(burglary) == sum(1 for r in expected if r["Crime type"] == "Burglary")


def test_crime_shape_is_police_uks(client, store):
    lat, lng = BANBURY
    crimes = client.get(
        "/api/crimes-street/all-crime", {"lat": lat, "lng": lng, "date": MONTH}
    ).json()
    row = {r["Crime ID"]: r for r in month_rows() if r["Crime ID"]}
    for crime in crimes:
        assert set(crime) == CRIME_FIELDS
        assert set(crime["location"]) == {"latitude", "street", "longitude"}
        assert set(crime["location"]["street"]) == {"id", "name"}
        assert isinstance(crime["location"]["latitude"], str)
        assert isinstance(crime["location"]["longitude"], str)
        assert isinstance(crime["id"], int) and crime["id"] < 2**53
        assert isinstance(crime["location"]["street"]["id"], int)
        assert crime["month"] == MONTH and crime["location_type"] == "Force"
        source = row.get(crime["persistent_id"])
        if source:
            assert crime["location"]["latitude"] == source["Latitude"]
            assert crime["location"]["longitude"] == source["Longitude"]
            assert crime["location"]["street"]["name"] == source["Location"]
            if source["Last outcome category"]:
                assert crime["outcome_status"] == {
                    "category": source["Last outcome category"],
                    "date": MONTH,
                }
        else:
            assert crime["category"] == "anti-social-behaviour"
            assert crime["outcome_status"] is None
    assert len({c["id"] for c in crimes}) == len(crimes)
    again = client.get(
        "/api/crimes-street/all-crime", {"lat": lat, "lng": lng, "date": MONTH}
    ).json()
    assert [c["id"] for c in again] == [c["id"] for c in crimes]


def square_around(lat, lng, half):
    return [
        (lat - half, lng - half),
        (lat - half, lng + half),
        (lat + half, lng + half),
        (lat + half, lng - half),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_polygon_matches_hand_count(client, store, method):
    lat, lng = BANBURY
    # A triangle-ish hexagon around Banbury: not a box, so the edges matter.
    points = [
        (lat - 0.02, lng - 0.03),
        (lat - 0.025, lng + 0.01),
        (lat, lng + 0.035),
        (lat + 0.02, lng + 0.01),
        (lat + 0.015, lng - 0.02),
        (lat + 0.001, lng - 0.001),
    ]
    poly = ":".join(f"{a},{b}" for a, b in points)
    expected = [
        r for r in month_rows() if in_polygon(float(r["Latitude"]), float(r["Longitude"]), points)
    ]
    assert expected
    response = getattr(client, method)(
        "/api/crimes-street/all-crime", {"poly": poly, "date": MONTH}
    )
    assert response.status_code == 200
    assert len(response.json()) == len(expected)


def test_polygon_and_radius_limits_answer_503(client, store, settings):
    settings.OPENDATA_MAX_CRIMES = 10
    lat, lng = BANBURY
    assert (
        client.get(
            "/api/crimes-street/all-crime", {"lat": lat, "lng": lng, "date": MONTH}
        ).status_code
        == 503
    )
    poly = ":".join(f"{a},{b}" for a, b in square_around(lat, lng, 0.05))
    assert client.get("/api/crimes-street/all-crime", {"poly": poly}).status_code == 503
    assert client.post("/api/crimes-street/all-crime", {"poly": poly}).status_code == 503


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lat": "52.06"},
        {"lat": "north", "lng": "-1.33"},
        {"lat": "52.06", "lng": "-1.33", "date": "2019-1"},
        {"poly": "52.0,-1.3:52.1,-1.3"},
        {"poly": "52.0,-1.3:52.1:52.1,-1.2"},
        {"poly": "a,b:c,d:e,f"},
    ],
)
def test_bad_parameters_answer_400(client, store, params):
    assert client.get("/api/crimes-street/all-crime", params).status_code == 400


def test_a_get_longer_than_4094_characters_answers_400_and_post_takes_it(client, store):
    lat, lng = BANBURY
    turns = [2 * math.pi * k / 300 for k in range(300)]
    points = [(lat + 0.01 * math.sin(t), lng + 0.015 * math.cos(t)) for t in turns]
    poly = ":".join(f"{a:.6f},{b:.6f}" for a, b in points)
    assert len(poly) > 4094
    assert client.get("/api/crimes-street/all-crime", {"poly": poly}).status_code == 400
    posted = client.post("/api/crimes-street/all-crime", {"poly": poly, "date": MONTH})
    assert posted.status_code == 200
    expected = [
        r for r in month_rows() if in_polygon(float(r["Latitude"]), float(r["Longitude"]), points)
    ]
    assert len(posted.json()) == len(expected) > 0


def test_unknown_category_answers_404(client, store):
    response = client.get("/api/crimes-street/not-a-crime", {"lat": 52.06, "lng": -1.33})
    assert response.status_code == 404


def test_crimes_at_location_by_id_and_by_nearest_point(client, store):
    rows = month_rows()
    point = Counter((r["Latitude"], r["Longitude"]) for r in rows).most_common(1)[0]
    (lat, lng), count = point
    location_id = selectors.location_id(float(lat), float(lng))
    assert selectors.location_of(location_id) == (float(lat), float(lng))
    by_id = client.get("/api/crimes-at-location", {"date": MONTH, "location_id": location_id})
    assert by_id.status_code == 200
    assert len(by_id.json()) == count
    assert {c["location"]["street"]["id"] for c in by_id.json()} == {location_id}
    # A point a few metres off the anonymised point finds it as the nearest.
    nearby = client.get(
        "/api/crimes-at-location",
        {"date": MONTH, "lat": float(lat) + 0.00005, "lng": float(lng) - 0.00005},
    ).json()
    assert len(nearby) == count
    assert client.get("/api/crimes-at-location", {"location_id": "x"}).status_code == 400
    assert client.get("/api/crimes-at-location", {"lat": "52"}).status_code == 400
    assert client.get("/api/crimes-at-location", {"location_id": 1}).json() == []


def test_outcomes_for_crime(client, store):
    row = next(r for r in month_rows() if r["Crime ID"])
    response = client.get(f"/api/outcomes-for-crime/{row['Crime ID']}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"crime", "outcomes"}
    assert set(body["crime"]) == CRIME_FIELDS - {"outcome_status"}
    assert body["crime"]["persistent_id"] == row["Crime ID"]
    assert body["crime"]["category"] == CRIME_TYPES[row["Crime type"]]
    assert body["crime"]["location"]["street"]["name"] == row["Location"]
    assert body["outcomes"] == []
    assert client.get("/api/outcomes-for-crime/" + "0" * 64).status_code == 404


def test_forces(client, store):
    assert client.get("/api/forces").json() == [
        {"id": "thames-valley", "name": "Thames Valley Police"}
    ]
    detail = client.get("/api/forces/thames-valley")
    assert detail.status_code == 200
    assert set(detail.json()) == {
        "description",
        "url",
        "engagement_methods",
        "telephone",
        "id",
        "name",
    }
    assert detail.json()["id"] == "thames-valley"
    assert client.get("/api/forces/atlantis").status_code == 404


def test_crimes_no_location_and_a_second_force(client, settings, tmp_path, db):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    city = "City of London Police"
    rows = [
        street_row(
            crime_id="a" * 64,
            lon="",
            lat="",
            location="No location",
            lsoa="",
            lsoa_name="",
            crime_type="Burglary",
        ),
        street_row(
            crime_id="b" * 64,
            lon="",
            lat="",
            location="No location",
            lsoa="",
            lsoa_name="",
            crime_type="Drugs",
        ),
        street_row(crime_id="c" * 64),
    ]
    city_row = street_row(
        crime_id="d" * 64, lon="", lat="", location="No location", lsoa="", lsoa_name=""
    )
    city_row[2] = city_row[3] = city
    write_street_csv(tmp_path / "2019-01-mixed-street.csv", [*rows, city_row])
    crime_paths_import(paths=[tmp_path / "2019-01-mixed-street.csv"])
    answer = client.get("/api/crimes-no-location", {"force": "thames-valley", "date": MONTH})
    assert answer.status_code == 200
    assert sorted(c["persistent_id"] for c in answer.json()) == ["a" * 64, "b" * 64]
    assert all(c["location"] is None for c in answer.json())
    assert all(c["location_type"] is None for c in answer.json())
    assert set(answer.json()[0]) == CRIME_FIELDS
    drugs = client.get(
        "/api/crimes-no-location", {"force": "thames-valley", "category": "drugs"}
    ).json()
    assert [c["persistent_id"] for c in drugs] == ["b" * 64]
    city_answer = client.get("/api/crimes-no-location", {"force": "city-of-london"}).json()
    assert [c["persistent_id"] for c in city_answer] == ["d" * 64]
    assert {f["id"] for f in client.get("/api/forces").json()} == {
        "thames-valley",
        "city-of-london",
    }
    assert client.get("/api/crimes-no-location", {}).status_code == 400
    assert client.get("/api/crimes-no-location", {"force": "atlantis"}).status_code == 404


def test_rate_limited_with_retry_after(client, store, settings):
    settings.OPENDATA_RATE_LIMIT = 2
    assert client.get("/api/crime-last-updated").status_code == 200
    assert client.get("/api/forces").status_code == 200
    limited = client.get("/api/crime-last-updated")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1


def test_public_without_sign_in_and_no_csrf_for_post(store):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    poly = ":".join(f"{a},{b}" for a, b in square_around(*BANBURY, 0.01))
    assert strict.post("/api/crimes-street/all-crime", {"poly": poly}).status_code == 200
    assert strict.get("/api/forces").status_code == 200


def test_outcomes_from_an_outcomes_file_and_ids_agree(client, settings, tmp_path, db):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    crime_id = "e" * 64
    write_street_csv(tmp_path / "2019-01-tv-street.csv", [street_row(crime_id=crime_id)])
    outcomes = tmp_path / "2019-03-tv-outcomes.csv"
    outcomes.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Outcome type\n"
        f"{crime_id},2019-02,Thames Valley Police,Thames Valley Police,-1.338,52.063,"
        "On or near High Street,E01028479,Cherwell 001A,Investigation complete; no suspect "
        "identified\n"
        f"{crime_id},2019-03,Thames Valley Police,Thames Valley Police,-1.338,52.063,"
        "On or near High Street,E01028479,Cherwell 001A,Offender given a caution\n",
        encoding="utf-8",
    )
    summary = crime_paths_import(paths=[tmp_path / "2019-01-tv-street.csv", outcomes])
    assert not summary.rejected_files
    body = client.get(f"/api/outcomes-for-crime/{crime_id}").json()
    assert body["outcomes"] == [
        {
            "category": {
                "code": "no-further-action",
                "name": "Investigation complete; no suspect identified",
            },
            "date": "2019-02",
            "person_id": None,
        },
        {
            "category": {"code": "cautioned", "name": "Offender given a caution"},
            "date": "2019-03",
            "person_id": None,
        },
    ]
    street = client.get(
        "/api/crimes-street/all-crime", {"lat": 52.063, "lng": -1.338, "date": "2019-01"}
    ).json()
    assert [c["id"] for c in street] == [body["crime"]["id"]]
    assert street[0]["location"] == body["crime"]["location"]
