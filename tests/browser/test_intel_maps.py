"""An analyst reads the hub's police-data pages in a real browser: each shows its conclusion in
words, and each map carries town and village names and a legend, with clickable cells."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import SAMPLE_DIR
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
QUERY = "?area=E07000177&crime_type=burglary&month_from=2018-10&month_to=2019-02"

# A pixel of a shaded (blue) grid cell on the map's canvas, as client coordinates.
FIND_CELL = """() => {
  const map = document.getElementById("intel-map").getBoundingClientRect();
  const canvas = document.querySelector("#intel-map .leaflet-overlay-pane canvas");
  const box = canvas.getBoundingClientRect();
  const scale = canvas.width / box.width;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let y = 0; y < canvas.height; y += 2) {
    for (let x = 0; x < canvas.width; x += 2) {
      const k = 4 * (y * canvas.width + x);
      const [cx, cy] = [box.left + x / scale, box.top + y / scale];
      const inside = cx > map.left + 60 && cx < map.right - 260
        && cy > map.top + 60 && cy < map.bottom - 60;
      if (inside && pixels[k + 3] > 150 && pixels[k + 2] > pixels[k] + 60) {
        return [cx, cy];
      }
    }
  }
  return null;
}"""


@pytest.fixture
def analyst(db, settings, tmp_path) -> User:
    """An analyst, with the committed Cherwell sample imported."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    settings.INTEL_TILE_URL = ""
    assert not crime_paths_import(paths=[SAMPLE_DIR]).rejected_files
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(username="ari", password=PASSWORD)
    Membership.objects.create(user=user, organisation=council, role=Role.ANALYST)
    return user


def expect_labels_and_legend(page: Page) -> None:
    names = page.locator("#intel-map .app-intel-map__place-name")
    expect(names.filter(has_text="Banbury")).to_have_count(1)
    expect(names.filter(has_text="Bicester")).to_have_count(1)
    legend = page.locator("#intel-map .app-intel-map__legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Legend")
    expect(legend).to_contain_text("town or village")


def test_every_police_data_page_says_what_its_tables_mean(page: Page, live_server, analyst):
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("ari")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + "/intel/" + QUERY)
    conclusions = page.locator(".app-intel-conclusion")
    expect(conclusions.filter(has_text="The busiest month was")).to_be_visible()
    expect(conclusions.filter(has_text="was the most common type")).to_be_visible()
    expect(conclusions.filter(has_text="The most common last outcome was")).to_be_visible()

    page.goto(live_server.url + "/intel/map" + QUERY)
    expect(page.locator(".app-intel-conclusion")).to_contain_text("The highest rate was in")
    expect_labels_and_legend(page)
    expect(page.locator(".app-intel-map__legend")).to_contain_text("Crimes per 1,000 residents")
    assert_no_axe_violations(page)
    save_screenshot(page, "intel-map")

    page.goto(live_server.url + "/intel/hotspots" + QUERY)
    conclusions = page.locator(".app-intel-conclusion")
    expect(conclusions.filter(has_text="The densest 5% of the area")).to_be_visible()
    expect(conclusions.filter(has_text="significant hot spot")).to_be_visible()
    expect(conclusions.filter(has_text="The busiest street point")).to_be_visible()
    expect_labels_and_legend(page)
    expect(page.locator(".app-intel-map__legend")).to_contain_text("Crimes per km²")
    # A shaded cell opens its figures when clicked.
    page.locator("#intel-map").scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # the canvas redraws on the next animation frame
    cell = page.evaluate(FIND_CELL)
    assert cell is not None, "no shaded cell drawn on the map"
    page.mouse.click(cell[0], cell[1])
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Crimes in the period")
    page.wait_for_timeout(400)  # the popup fades in: checked for contrast once it has
    assert_no_axe_violations(page)
    save_screenshot(page, "intel-hotspots")

    page.goto(live_server.url + "/intel/predictions?area=E07000177&crime_type=burglary")
    conclusions = page.locator(".app-intel-conclusion")
    expect(conclusions.filter(has_text="These ")).to_contain_text("of the burglary recorded in")
    expect(conclusions.filter(has_text="this method caught")).to_be_visible()
    expect(page.get_by_role("table").filter(has_text="Where")).to_be_visible()
    expect_labels_and_legend(page)
    expect(page.locator(".app-intel-map__legend")).to_contain_text("Predicted score")
    assert_no_axe_violations(page)
    save_screenshot(page, "intel-predictions")
