"""Intel pages: analytics capability, tables with CSV downloads, maps, the audited upload."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.intel import forms, predict
from safer.intel.models import CrimeImport
from safer.intel.tests.helpers import SAMPLE_DIR, sample_rows, street_row, write_street_csv
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

PAGES = [
    "intel:dashboard",
    "intel:map",
    "intel:hotspots",
    "intel:predictions",
    "intel:imports",
    "intel:areas",
]
FILTERS = {
    "area": "E07000177",
    "crime_type": "burglary",
    "month_from": "2018-10",
    "month_to": "2019-02",
}


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


@pytest.mark.parametrize("name", PAGES)
def test_analyst_and_coordinator_see_every_page(signed_in, analyst, council, cherwell_store, name):
    assert signed_in(analyst).get(reverse(name)).status_code == 200
    coordinator = member(Role.COORDINATOR, council)
    assert signed_in(coordinator).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", [*PAGES, "intel:upload"])
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VIEWER, Role.PARTNER_OFFICER])
def test_roles_without_analytics_get_403(signed_in, council, intel_store, name, role):
    client = signed_in(member(role, council))
    method = client.post if name == "intel:upload" else client.get
    assert method(reverse(name)).status_code == 403


def test_pages_without_data_point_to_the_import(signed_in, analyst, intel_store):
    body = signed_in(analyst).get(reverse("intel:dashboard")).content.decode()
    assert "No crime data have been imported yet" in body


def test_dashboard_shows_real_figures_with_targets(signed_in, analyst, cherwell_store):
    body = signed_in(analyst).get(reverse("intel:dashboard"), FILTERS).content.decode()
    raw = sum(
        1
        for r in sample_rows()
        if r["Crime type"] == "Burglary"
        and r["LSOA name"].startswith("Cherwell")
        and r["Month"] >= "2018-10"
    )
    assert f"{raw} crimes recorded" in body
    assert "Serious acquisitive crime" in body
    assert "-12.0%" in body  # violence target from seed 000
    assert "No data for a full comparison" in body  # no 2017 months in the sample
    assert "Download crimes by type and month (CSV)" in body


def test_csv_download_matches_the_page_figures(signed_in, analyst, cherwell_store):
    client = signed_in(analyst)
    response = client.get(reverse("intel:download", args=["counts"]), FILTERS)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "crime_type",
        "label",
        "2018-10",
        "2018-11",
        "2018-12",
        "2019-01",
        "2019-02",
        "total",
    ]
    burglary = next(r for r in rows if r[0] == "burglary")
    raw = sum(
        1
        for r in sample_rows()
        if r["Crime type"] == "Burglary"
        and r["LSOA name"].startswith("Cherwell")
        and r["Month"] >= "2018-10"
    )
    assert int(burglary[-1]) == raw
    for table in ("rolling", "comparison", "outcomes", "lsoa", "repeats"):
        response = client.get(reverse("intel:download", args=[table]), FILTERS)
        assert response.status_code == 200, table
        assert len(response.content.decode().splitlines()) > 1, table
    assert client.get(reverse("intel:download", args=["nothing"])).status_code == 404


def test_maps_embed_outlines_and_work_without_tiles(signed_in, analyst, cherwell_store, settings):
    settings.INTEL_TILE_URL = ""
    body = signed_in(analyst).get(reverse("intel:map"), FILTERS).content.decode()
    assert 'id="intel-map-data"' in body
    assert "E01028479" in body
    assert "No background map is configured" in body
    assert "vendor/leaflet/leaflet.js" in body
    settings.INTEL_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    body = signed_in(analyst).get(reverse("intel:map"), FILTERS).content.decode()
    assert "tiles.example.org" in body


def test_hotspot_page_states_bandwidth_and_cell_size(signed_in, analyst, cherwell_store):
    body = signed_in(analyst).get(reverse("intel:hotspots"), FILTERS).content.decode()
    assert "bandwidth <strong>300 m</strong>" in body
    assert "<strong>250 m</strong>" in body
    assert "Top repeat locations" in body


def test_prediction_page_shows_the_method_and_its_accuracy(signed_in, analyst, cherwell_store):
    client = signed_in(analyst)
    body = client.get(
        reverse("intel:predictions"),
        {"area": "E07000177", "crime_type": "all-crime", "month": "2019-02", "method": "best"},
    ).content.decode()
    assert "Measured accuracy of this method" in body
    assert "Perfect foresight" in body
    response = client.get(
        reverse("intel:download", args=["backtest"]),
        {"area": "E07000177", "crime_type": "all-crime", "month": "2019-02", "method": "best"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["method", "months", "hit_rate_1%"]
    assert [r[0] for r in rows[1:]] == [*predict.METHODS, predict.CEILING]


def test_upload_imports_an_audited_file(signed_in, analyst, intel_store):
    content = (SAMPLE_DIR / "2019-02-thames-valley-street-cherwell.csv").read_bytes()
    response = signed_in(analyst).post(
        reverse("intel:upload"), {"file": SimpleUploadedFile("feb.csv", content, "text/csv")}
    )
    assert response.status_code == 302
    record = CrimeImport.objects.get()
    assert (record.file_name, record.rows_stored, record.imported_by) == ("feb.csv", 726, analyst)
    event = AuditEvent.objects.get(action="intel.crime_imported")
    assert event.actor == analyst


def test_upload_of_a_broken_file_stores_nothing_and_lists_the_lines(
    signed_in, analyst, intel_store, tmp_path
):
    path = write_street_csv(tmp_path / "b.csv", [street_row(crime_id="x1", month="2019-99")])
    client = signed_in(analyst)
    client.post(
        reverse("intel:upload"),
        {"file": SimpleUploadedFile("b.csv", path.read_bytes(), "text/csv")},
    )
    assert CrimeImport.objects.get().status == CrimeImport.Status.REJECTED
    body = client.get(reverse("intel:imports")).content.decode()
    assert "Line 2: Month must be YYYY-MM" in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", forms.FILE_TYPE),
        ("empty.csv", b"", forms.FILE_EMPTY),
        ("other.csv", b"date,what\n", forms.FILE_NOT_POLICE_UK),
        ("fake.zip", b"not a zip at all", forms.ZIP_INVALID),
    ],
)
def test_upload_checks_type_and_content(signed_in, analyst, intel_store, name, content, message):
    response = signed_in(analyst).post(
        reverse("intel:upload"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not CrimeImport.objects.exists()


def test_upload_refuses_a_file_over_the_size_limit(signed_in, analyst, intel_store, settings):
    settings.INTEL_UPLOAD_MAX_MB = 0
    content = (SAMPLE_DIR / "2019-02-thames-valley-street-cherwell.csv").read_bytes()
    response = signed_in(analyst).post(
        reverse("intel:upload"), {"file": SimpleUploadedFile("feb.csv", content)}
    )
    assert forms.FILE_TOO_BIG.format(mb=0) in response.content.decode()


def test_upload_answers_get_with_405(signed_in, analyst, intel_store):
    assert signed_in(analyst).get(reverse("intel:upload")).status_code == 405


def test_navigation_shows_intelligence_to_analysts_only(
    signed_in, analyst, caseworker, intel_store
):
    assert "Intelligence" in signed_in(analyst).get(reverse("core:home")).content.decode()
    assert ">Intelligence<" not in signed_in(caseworker).get(reverse("core:home")).content.decode()


def geojson_upload(name="centre.geojson", geometry=None):
    import json

    geometry = geometry or {
        "type": "Polygon",
        "coordinates": [
            [[-1.36, 52.05], [-1.32, 52.05], [-1.32, 52.08], [-1.36, 52.08], [-1.36, 52.05]]
        ],
    }
    body = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": geometry}],
    }
    return SimpleUploadedFile(name, json.dumps(body).encode(), "application/geo+json")


def test_analyst_adds_a_custom_area_and_uses_it(signed_in, analyst, intel_store, tmp_path):
    from safer.intel.models import CustomArea
    from safer.intel.services import crime_paths_import

    crime_paths_import(
        paths=[
            write_street_csv(
                tmp_path / "c.csv",
                [
                    street_row(crime_id="a1", lon="-1.3400", lat="52.0600"),
                    street_row(crime_id="a2", lon="-1.2000", lat="52.0600"),
                ],
            )
        ]
    )
    client = signed_in(analyst)
    response = client.post(
        reverse("intel:area_create"),
        {"name": "Banbury town centre", "kind": "town centre", "file": geojson_upload()},
    )
    assert response.status_code == 302
    area = CustomArea.objects.get()
    assert area.geometry["type"] == "MultiPolygon"
    assert AuditEvent.objects.get(action="intel.area_created").actor == analyst
    body = client.get("/api/v1/intel/counts", {"area": str(area.pk), "crime_type": "burglary"})
    assert body.json()["total"] == 1
    assert "Banbury town centre" in client.get(reverse("intel:areas")).content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.geojson", b"not json"), forms.AREA_FILE_INVALID),
        (
            SimpleUploadedFile("a.geojson", b'{"type": "Point", "coordinates": [0, 0]}'),
            forms.AREA_FILE_INVALID,
        ),
    ],
)
def test_custom_area_upload_refuses_bad_files(signed_in, analyst, intel_store, upload, message):
    response = signed_in(analyst).post(reverse("intel:area_create"), {"name": "X", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_custom_area_upload_refuses_projected_coordinates(signed_in, analyst, intel_store):
    square = {
        "type": "Polygon",
        "coordinates": [
            [
                [445000, 240000],
                [446000, 240000],
                [446000, 241000],
                [445000, 241000],
                [445000, 240000],
            ]
        ],
    }
    response = signed_in(analyst).post(
        reverse("intel:area_create"), {"name": "X", "file": geojson_upload(geometry=square)}
    )
    assert forms.AREA_NOT_LON_LAT in response.content.decode()


def test_custom_area_create_answers_get_with_405_and_others_403(
    signed_in, analyst, caseworker, intel_store
):
    assert signed_in(analyst).get(reverse("intel:area_create")).status_code == 405
    response = signed_in(caseworker).post(reverse("intel:area_create"), {"name": "X"})
    assert response.status_code == 403


def test_hotspot_and_prediction_pages_explain_an_area_without_crimes(
    signed_in, analyst, intel_store, tmp_path, settings
):
    from safer.intel.services import crime_paths_import

    settings.INTEL_DEFAULT_AREA = "E07000178"  # Oxford: no outlines committed, no crimes here

    city = street_row(
        crime_id="c1",
        lon="-0.0970",
        lat="51.5181",
        lsoa="E01000001",
        lsoa_name="City of London 001A",
    )
    crime_paths_import(paths=[write_street_csv(tmp_path / "city.csv", [city])])
    client = signed_in(analyst)
    body = client.get(reverse("intel:hotspots"), {"area": "E07000178"}).content.decode()
    assert "No crimes with a location are stored for this area" in body
    body = client.get(reverse("intel:predictions"), {"area": "E07000178"}).content.decode()
    assert "No crimes with a location are stored for this area" in body
    # Cherwell's committed outlines give it a grid even with no crimes at all
    assert client.get(reverse("intel:hotspots"), {"area": "E07000177"}).status_code == 200
    # an area with crimes but no committed outlines gets a grid from its points
    body = client.get(
        reverse("intel:predictions"),
        {"area": "E09000001", "crime_type": "burglary", "month": "2019-02", "method": "count-12m"},
    )
    assert body.status_code == 200


def test_dashboard_shows_outcomes_given_when_outcomes_files_are_stored(
    signed_in, analyst, cherwell_store, tmp_path
):
    from safer.intel.services import crime_paths_import
    from safer.intel.tests.test_import import outcome_row, write_outcomes_csv

    crime_paths_import(paths=[write_outcomes_csv(tmp_path / "o.csv", [outcome_row()])])
    body = signed_in(analyst).get(reverse("intel:dashboard"), FILTERS).content.decode()
    assert "Outcomes given in the period" in body
    assert "Offender given a caution" in body


@pytest.mark.parametrize("name", PAGES)
def test_pages_make_few_database_queries(
    signed_in, analyst, cherwell_store, django_assert_max_num_queries, name
):
    client = signed_in(analyst)
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
