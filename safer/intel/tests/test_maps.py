"""Maps people can read: cells sized to the area, cells named by street or LSOA, place names,
wards uploaded as custom areas for the choropleth, and import pages that show no server path."""

import json

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.intel import forms, places
from safer.intel.area_services import custom_area_create
from safer.intel.areas import area_resolve
from safer.intel.grid import (
    default_cell_size,
    grid_from_points,
    points_area_m2,
    polygons_area_m2,
    to_bng,
)
from safer.intel.models import CrimeImport, CustomArea
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import street_row, write_street_csv
from safer.intel.tests.test_views import FILTERS
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


def square(x0: float, y0: float, side: float) -> list[np.ndarray]:
    ring = np.array([[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]])
    return [ring]


def test_an_area_gets_the_largest_cell_giving_it_at_least_250_cells():
    # 2.9 km² (the City of London): 250 m gives 46 cells, 150 m 129, 100 m 290 -> 100 m.
    assert default_cell_size(2.9e6, largest=250) == 100
    # Cherwell, 589 km²: 250 m already gives 9,424 cells.
    assert default_cell_size(589e6, largest=250) == 250
    # 1 km² needs 50 m (400 cells; 75 m would give 178); a tiny area gets the smallest size.
    assert default_cell_size(1e6, largest=250) == 50
    assert default_cell_size(1e4, largest=250) == 50
    # The setting caps it: a larger district does not get cells over INTEL_CELL_SIZE_M.
    assert default_cell_size(5e9, largest=200) == 200


def test_area_sizes_come_from_outlines_or_from_the_crimes_hull():
    hole = np.array([[100.0, 100], [200, 100], [200, 200], [100, 200], [100, 100]])
    assert polygons_area_m2([square(0, 0, 1000)]) == 1e6
    assert polygons_area_m2([[*square(0, 0, 1000), hole]]) == 1e6 - 1e4
    assert (
        points_area_m2(np.array([0.0, 300, 300, 0, 150]), np.array([0.0, 0, 300, 300, 150])) == 9e4
    )
    assert points_area_m2(np.array([0.0, 1, 2]), np.array([0.0, 1, 2])) == 0.0  # on one line


def test_the_district_towns_and_villages_are_committed_inside_cherwell():
    cherwell = places.places_for(area_resolve("E07000177"))
    names = {p.name for p in cherwell}
    assert {"Banbury", "Bicester", "Kidlington", "Bloxham", "Adderbury"} <= names
    assert {p.kind for p in cherwell if p.name in ("Banbury", "Bicester")} == {"town"}
    from safer.intel.areas import _committed_outlines, points_in_polygons, polygons_of

    polygons = [p for f in _committed_outlines().values() for p in polygons_of(f["geometry"])]
    inside = points_in_polygons(
        np.array([p.longitude for p in cherwell]),
        np.array([p.latitude for p in cherwell]),
        polygons,
    )
    assert inside.all()
    assert places.places_for(area_resolve("E07000178")) == []  # Oxford: none committed


def test_cells_are_named_by_their_commonest_street_then_their_lsoa(intel_store, tmp_path):
    rows = [
        street_row(crime_id=f"b{k}", lon="-1.3400", lat="52.0630", location=loc)
        for k, loc in enumerate(["On or near Bridge Street"] * 2 + ["On or near Parking Area"])
    ] + [
        # another type only, in another cell: its street names the cell all the same
        street_row(
            crime_id="v1",
            lon="-1.3300",
            lat="52.0630",
            location="On or near Castle Street",
            crime_type="Drugs",
        )
    ]
    crime_paths_import(paths=[write_street_csv(tmp_path / "c.csv", rows)])
    area = area_resolve("E07000177")
    x, y = to_bng(np.array([-1.34, -1.33, -1.345]), np.array([52.063, 52.063, 52.055]))
    grid = grid_from_points(x, y, cell=100)
    row, col, _ = grid.cell_of(x, y)
    cells = [(int(row[k]), int(col[k])) for k in range(3)]
    names = places.cell_names(
        area=area,
        grid=grid,
        cells=cells,
        types=("burglary",),
        month_from="2019-01",
        month_to="2019-01",
    )
    assert names[cells[0]] == "Bridge Street, Banbury"
    assert names[cells[1]] == "Castle Street, Banbury"
    # No crime in the third cell: the LSOA its centre lies in, and the nearest place.
    assert names[cells[2]].startswith("Cherwell ")
    assert names[cells[2]].endswith(", Banbury")


def test_hotspot_page_states_the_cell_size_and_its_sentences(signed_in, analyst, cherwell_store):
    client = signed_in(analyst)
    body = client.get(reverse("intel:hotspots"), FILTERS).content.decode()
    assert "the size this area gets by default" in body
    assert "The area has 9,418 cells; 5% of it is 471 cells" in body
    assert "The densest 5% of the area (471 of 9,418 cells of 250 m) held" in body
    assert "significant hot spots after controlling the false discovery rate at 5%" in body
    assert "Greys Close, Banbury" in body  # a named hot spot, not only its grid corner
    chosen = client.get(reverse("intel:hotspots"), FILTERS | {"cell_size": "500"}).content.decode()
    assert "square cells of <strong>500 m</strong>" in chosen
    assert "the size this area gets by default" not in chosen
    data = json.loads(
        body.split('id="intel-map-data" type="application/json">')[1].split("</script>")[0]
    )
    assert {"Banbury", "Bicester", "Kidlington"} <= {label[2] for label in data["labels"]}
    ring, value, lines = data["cells"][0]
    assert len(ring) == 4 and value > 0
    assert lines[0] and lines[2].startswith("Crimes in the period: ")


def test_prediction_page_lists_the_flagged_cells_it_shades(signed_in, analyst, cherwell_store):
    body = (
        signed_in(analyst)
        .get(
            reverse("intel:predictions"),
            {
                "area": "E07000177",
                "crime_type": "burglary",
                "month": "2019-02",
                "method": "count-12m",
            },
        )
        .content.decode()
    )
    assert "Cells flagged for 2019-02, highest score first" in body
    assert "of the burglary recorded in January 2019" in body
    assert "Checked against the month predicted, the same" in body
    assert "this method caught" in body and "perfect foresight, the ceiling" in body


def wards_file(features: list[dict]) -> SimpleUploadedFile:
    body = {"type": "FeatureCollection", "features": features}
    return SimpleUploadedFile("wards.geojson", json.dumps(body).encode(), "application/geo+json")


def ward(name: str, lon0: float, lon1: float, prop: str = "WD23NM") -> dict:
    ring = [[lon0, 52.05], [lon1, 52.05], [lon1, 52.08], [lon0, 52.08], [lon0, 52.05]]
    return {
        "type": "Feature",
        "properties": {prop: name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_a_file_of_wards_adds_one_audited_area_each_and_shades_the_map(
    signed_in, analyst, intel_store, tmp_path
):
    crime_paths_import(
        paths=[
            write_street_csv(
                tmp_path / "c.csv",
                [
                    street_row(crime_id="a1", lon="-1.3450", lat="52.0600"),
                    street_row(crime_id="a2", lon="-1.3450", lat="52.0610"),
                    street_row(crime_id="a3", lon="-1.3350", lat="52.0600"),
                ],
            )
        ]
    )
    client = signed_in(analyst)
    response = client.post(
        reverse("intel:area_create"),
        {
            "name_property": "WD23NM",
            "kind": "ward",
            "file": wards_file([ward("West ward", -1.36, -1.34), ward("East ward", -1.34, -1.32)]),
        },
    )
    assert response.status_code == 302
    assert sorted(CustomArea.objects.values_list("name", "kind")) == [
        ("East ward", "ward"),
        ("West ward", "ward"),
    ]
    assert AuditEvent.objects.filter(action="intel.area_created").count() == 2
    body = client.get(
        reverse("intel:map"),
        {
            "area": "E07000177",
            "crime_type": "burglary",
            "month_from": "2019-01",
            "month_to": "2019-01",
            "shade_by": "ward",
        },
    ).content.decode()
    assert "Crimes by ward, most first" in body
    # West ward: 0.02° x 0.03° near 52°N, about 1.37 x 3.34 km = 4.59 km²; 2 crimes.
    assert "West ward had most crimes (2, 67%)" in body
    rows = places.custom_area_counts(
        area=area_resolve("E07000177"),
        kind="ward",
        types=("burglary",),
        month_from="2019-01",
        month_to="2019-01",
    )
    west = next(r for r in rows if r["name"] == "West ward")
    assert west["count"] == 2 and west["km2"] == pytest.approx(4.6, abs=0.1)


def test_a_wards_file_with_a_nameless_feature_stores_nothing(signed_in, analyst, intel_store):
    response = signed_in(analyst).post(
        reverse("intel:area_create"),
        {
            "name_property": "WD23NM",
            "kind": "ward",
            "file": wards_file([ward("West ward", -1.36, -1.34), ward("", -1.34, -1.32)]),
        },
    )
    assert response.status_code == 400
    assert forms.AREA_NO_NAME.format(number=2, property="WD23NM") in response.content.decode()
    assert not CustomArea.objects.exists()


def test_a_wards_file_over_the_limit_is_refused(signed_in, analyst, intel_store):
    features = [ward(f"W{k}", -1.36, -1.34) for k in range(forms.MAX_AREAS_PER_FILE + 1)]
    response = signed_in(analyst).post(
        reverse("intel:area_create"),
        {"name_property": "WD23NM", "kind": "ward", "file": wards_file(features)},
    )
    assert response.status_code == 400
    assert forms.AREAS_TOO_MANY in response.content.decode()
    assert not CustomArea.objects.exists()


def test_an_area_needs_a_name_or_a_name_property(signed_in, analyst, intel_store):
    response = signed_in(analyst).post(
        reverse("intel:area_create"), {"file": wards_file([ward("West", -1.36, -1.34)])}
    )
    assert response.status_code == 400
    assert forms.ENTER_AREA_NAME in response.content.decode()


def test_import_pages_show_file_names_but_never_server_paths(
    signed_in, analyst, intel_store, tmp_path
):
    folder = tmp_path / "secret-server-folder" / "2019-01"
    folder.mkdir(parents=True)
    write_street_csv(folder / "jan.csv", [street_row(crime_id="p1")])
    write_street_csv(folder / "bad.csv", ["x,y"])
    crime_paths_import(paths=[tmp_path / "secret-server-folder"])
    crime_paths_import(paths=[write_street_csv(tmp_path / "feb.csv", [street_row(crime_id="p2")])])
    # A record from before names were kept relative holds the path the command was given.
    CrimeImport.objects.create(
        import_id="old",
        file_name=f"{tmp_path}/secret-server-folder/old.csv",
        sha256="0" * 64,
        status=CrimeImport.Status.STORED,
    )
    assert set(CrimeImport.objects.values_list("file_name", flat=True)) >= {
        "2019-01/jan.csv",
        "2019-01/bad.csv",
        "feb.csv",
    }
    client = signed_in(analyst)
    body = client.get(reverse("intel:imports")).content.decode()
    assert "2019-01/jan.csv" in body and "feb.csv" in body and "old.csv" in body
    assert str(tmp_path) not in body and "secret-server-folder" not in body
    custom_area_create(
        name="Centre", kind="", geometry=ward("x", -1.36, -1.34)["geometry"], created_by=None
    )
    assert str(tmp_path) not in client.get(reverse("intel:areas")).content.decode()
