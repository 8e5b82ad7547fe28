"""The public crime map names its towns and neighbourhoods on the map as text, has a legend and
a table of the same figures; the community screen shows its content, and shows it again with
the network gone (after a poll, and after a restart). Both pass axe under the strict CSP."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import SAMPLE_DIR
from safer.neighbourhoods.tests.factories import neighbourhood, priority
from safer.opendata.models import SafetyMessage
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = '<img src=x class=planted onerror="window.__xss=1">Banbury Town'


@pytest.fixture
def crimes(settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    assert not crime_paths_import(paths=[SAMPLE_DIR]).rejected_files


def test_crime_map_labels_legend_and_table(page: Page, live_server, crimes, static_failures):
    neighbourhood(name=NAME)
    page.goto(live_server.url + "/public/")
    page.get_by_role("link", name="Crime map and statistics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crime map")
    expect(page.locator(".app-crime-map__label", has_text="Bicester")).to_be_visible()
    expect(page.locator(".app-crime-map__label", has_text="Kidlington")).to_be_visible()
    expect(page.locator(".app-crime-map__label--neighbourhood")).to_have_text(NAME)
    legend = page.locator("#crime-map-legend")
    expect(legend).to_contain_text("Key")
    expect(legend).to_contain_text("Neighbourhood boundary")
    expect(page.locator("#crime-map .leaflet-overlay-pane canvas")).to_be_attached()
    table = page.get_by_role("table", name="Crimes and reports by neighbourhood")
    expect(table).to_contain_text(NAME)
    expect(table).to_contain_text("All of Cherwell")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img.planted").count() == 0
    page.get_by_label("Type of crime").select_option("burglary")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Burglary")
    save_screenshot(page, "crime-map")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/crime-statistics")
    expect(page.get_by_role("table", name="Crimes by month")).to_be_visible()
    save_screenshot(page, "crime-statistics")
    assert_no_axe_violations(page)
    # At 400% zoom (320 px wide) nothing is wider than the screen: wide tables scroll inside.
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/crime-map", "/crime-statistics"):
        page.goto(live_server.url + path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], path
    assert static_failures == []


def test_screen_shows_content_and_keeps_it_offline(page: Page, live_server, crimes, settings):
    settings.OPENDATA_SCREEN_REFRESH_SECONDS = 1
    area = neighbourhood()
    priority(area, issue="Cycle theft at the station")
    today = timezone.localdate()
    SafetyMessage.objects.create(
        text="Lock your bike <b>twice</b>",
        organisation=Organisation.objects.create(
            name="Thames Valley Police (test)", short_name="TVPT", kind=Organisation.Kind.POLICE
        ),
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
        status=SafetyMessage.Status.APPROVED,
    )
    page.goto(f"{live_server.url}/screen/{area.slug}")
    expect(page.locator("#screen-messages")).to_contain_text("Lock your bike <b>twice</b>")
    expect(page.locator("#screen-priorities")).to_contain_text("Cycle theft at the station")
    expect(page.locator("#screen-status")).to_contain_text("Updated")
    save_screenshot(page, "screen")
    assert_no_axe_violations(page)
    # Let the service worker take control, so a restart offline has the page to show.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.reload()
    expect(page.locator("#screen-messages")).to_contain_text("Lock your bike")

    page.context.set_offline(True)
    expect(page.locator("#screen-status")).to_contain_text("Showing the last information")
    expect(page.locator("#screen-messages")).to_contain_text("Lock your bike <b>twice</b>")
    expect(page.locator("#screen-priorities")).to_contain_text("Cycle theft at the station")

    page.reload()
    expect(page.locator("#screen-messages")).to_contain_text("Lock your bike <b>twice</b>")
    expect(page.locator("#screen-priorities")).to_contain_text("Cycle theft at the station")
    expect(page.locator("#screen-status")).to_contain_text("Showing the last information")
    save_screenshot(page, "screen-offline")
    page.context.set_offline(False)
    expect(page.locator("#screen-status")).to_contain_text("Updated")


def test_coordinator_publishes_news_and_approves_a_message(page: Page, live_server):
    """The staff pages pass axe; a published story reaches /news, an approved message the
    screen."""
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    coordinator = User.objects.create_user(username="cora", password="correct-horse-battery")
    Membership.objects.create(user=coordinator, organisation=council, role=Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)
    client = Client()
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies(
        [
            {
                "name": "safer_session",
                "value": client.cookies["safer_session"].value,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    page.get_by_role("link", name="News and screens").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write a news item").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("Graffiti cleared from the underpass")
    page.get_by_label("Summary").fill("Volunteers and the council cleared it in a day.")
    page.get_by_label("Story").fill("First paragraph.\n\nSecond paragraph.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish Graffiti cleared from the underpass").click()
    expect(page.get_by_role("table")).to_contain_text("Published")

    page.get_by_role("link", name="Community screen messages").click()
    page.get_by_label("Message").fill("Keep valuables out of sight in your car.")
    page.get_by_label("First day").fill(timezone.localdate().isoformat())
    page.get_by_label("Last day").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("table")).to_contain_text("Waiting for approval")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("table")).to_contain_text("Approved")

    page.goto(live_server.url + "/news")
    page.get_by_role("link", name="Graffiti cleared from the underpass").click()
    expect(page.locator("main")).to_contain_text("Second paragraph.")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/screen")
    expect(page.locator("#screen-messages")).to_contain_text("Keep valuables out of sight")
