"""Text from data (area names, police.uk locations) shows literally on the maps, never as markup.

Issue 17, finding 1: Leaflet renders a string given to a tooltip, popup or layers-control label
as HTML, so an area named `<img src=x onerror=...>` ran its script when its outline was hovered.
The checks here do not rely on the Content-Security-Policy (which would also block the inline
handler): they look for the planted element itself in the page, not only for its effect.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.intel.models import CustomArea
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import street_row, write_street_csv
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
AREA_NAME = '<img src=x class=planted onerror="window.__xss=(window.__xss||0)+1">Banbury centre'
LOCATION = '<img src=x class=planted onerror="window.__xss=(window.__xss||0)+1">On or near Evil St'
# A rectangle round central Banbury, where the planted crimes are.
AREA_GEOJSON = {
    "type": "Polygon",
    "coordinates": [
        [[-1.36, 52.05], [-1.32, 52.05], [-1.32, 52.08], [-1.36, 52.08], [-1.36, 52.05]]
    ],
}

# The red street points on the map's canvas, as client coordinates of one pixel of each.
FIND_POINT = """() => {
  const map = document.getElementById("intel-map").getBoundingClientRect();
  const canvas = document.querySelector("#intel-map .leaflet-overlay-pane canvas");
  const box = canvas.getBoundingClientRect();
  const scale = canvas.width / box.width;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const k = 4 * (y * canvas.width + x);
      const [cx, cy] = [box.left + x / scale, box.top + y / scale];
      if (pixels[k + 3] > 0 && pixels[k] > 150 && pixels[k + 1] < 120
          && cx > map.left + 2 && cx < map.right - 2 && cy > map.top + 2 && cy < map.bottom - 2) {
        return [cx + 1, cy + 1];
      }
    }
  }
  return null;
}"""


@pytest.fixture
def analyst(db, settings, tmp_path) -> User:
    """An analyst, and police.uk crimes in Banbury whose Location is a script."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    rows = [
        street_row(
            crime_id=f"c{k}",
            lon=f"{-1.338 + (k % 5) * 0.002:.3f}",
            lat=f"{52.063 + (k % 3) * 0.002:.3f}",
            location=LOCATION,
        )
        for k in range(40)
    ]
    summary = crime_paths_import(paths=[write_street_csv(tmp_path / "street.csv", rows)])
    assert not summary.rejected_files
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(username="ari", password=PASSWORD)
    Membership.objects.create(user=user, organisation=council, role=Role.ANALYST)
    return user


def _assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("() => window.__xss") is None, "an injected script ran"
    assert page.locator("img.planted").count() == 0, "injected markup became an element"


def test_area_names_and_locations_show_as_text(page: Page, live_server, analyst: User, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("ari")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The analyst adds the area through the ordinary form.
    page.goto(live_server.url + "/intel/areas")
    page.get_by_label("Name", exact=True).fill(AREA_NAME)
    geojson = tmp_path / "area.geojson"
    geojson.write_text(json.dumps(AREA_GEOJSON), encoding="utf-8")
    page.get_by_label("Boundary file").set_input_files(str(geojson))
    page.get_by_role("button", name="Add area").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Banbury centre")
    area = CustomArea.objects.get()
    assert area.name == AREA_NAME

    # The hotspot map of the area: its outline's tooltip holds the name.
    page.goto(f"{live_server.url}/intel/hotspots?area={area.pk}")
    layers = page.locator(".leaflet-control-layers")
    expect(layers).to_contain_text("Grid cells (crimes per km²)")
    # The outline alone under the mouse: the grid cells and hot spots would take the hover.
    layers.get_by_label("Grid cells (crimes per km²)").uncheck()
    if layers.get_by_label("Significant hot spots (Gi*)").count():
        layers.get_by_label("Significant hot spots (Gi*)").uncheck()
    page.locator("#intel-map").scroll_into_view_if_needed()
    box = page.locator("#intel-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".leaflet-tooltip")).to_have_text(f"{AREA_NAME} ({area.pk})")
    _assert_nothing_ran(page)
    # The cells take their names from the planted locations: shown as text in the table too.
    expect(page.get_by_role("row").filter(has_text="Evil St").first).to_be_visible()
    _assert_nothing_ran(page)

    # The default crime map: a street point's tooltip holds the imported Location.
    page.goto(live_server.url + "/intel/map")
    page.locator(".leaflet-control-layers").get_by_label("Area outlines").uncheck()
    page.locator("#intel-map").scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # the canvas redraws on the next animation frame
    point = page.evaluate(FIND_POINT)
    assert point is not None, "no street point drawn on the map"
    found = None
    for dx, dy in [(0, 0), (2, 2), (4, 4), (6, 6), (4, 0), (0, 4)]:
        page.mouse.move(point[0] + dx, point[1] + dy)
        if page.locator(".leaflet-tooltip").count():
            found = page.locator(".leaflet-tooltip").inner_text()
            break
    assert found is not None, "no tooltip opened over a street point"
    assert found.startswith(LOCATION + ": ")
    _assert_nothing_ran(page)
    assert dialogs == []
