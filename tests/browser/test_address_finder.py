"""The address finder in a real browser: type a postcode, find, choose; or drop a pin."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases.models import Report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.places.demo import seed_addresses
from safer.places.models import GazetteerAddress
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def caseworker(db) -> User:
    organisation = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(username="casey", password=PASSWORD, first_name="Casey")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
    seed_addresses()
    return user


def _report_form(page: Page, live_server) -> None:
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/reports/new")
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("When did it happen?").fill("2026-01-10T22:30")
    page.get_by_role("radio", name="Nuisance", exact=True).check()
    page.get_by_label("Type of behaviour").select_option("noise")
    page.get_by_label("What happened?").fill("Music until 3am.")


def _postcode(page: Page):
    return page.get_by_role("group", name="Where it happened").get_by_label("Postcode", exact=True)


def test_find_an_address_and_choose_it(page: Page, live_server, caseworker: User):
    _report_form(page, live_server)
    _postcode(page).fill("ox16 1zz")
    _postcode(page).press("Enter")  # finds; does not save
    choose = page.get_by_label("Choose the address")
    expect(choose).to_be_focused()
    assert page.url.endswith("/reports/new")
    choose.select_option(label="3 Imaginary Road, Banbury")
    expected = GazetteerAddress.objects.get(address="3 Imaginary Road, Banbury")
    expect(page.locator("#id_uprn")).to_have_value(expected.uprn)
    expect(page.locator("#id_latitude")).to_have_value(str(expected.latitude))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    report = Report.objects.get()
    assert (report.uprn, report.postcode) == (expected.uprn, "OX16 1ZZ")
    assert (report.latitude, report.longitude) == (expected.latitude, expected.longitude)


def test_an_unlisted_address_is_typed_and_pinned_on_the_map(
    page: Page, live_server, caseworker: User
):
    _report_form(page, live_server)
    _postcode(page).fill("OX16 1XX")
    page.get_by_role("button", name="Find address").click()
    expect(page.locator("#address-results")).to_contain_text("No addresses at OX16 1XX")
    expect(page.get_by_label("Address or place")).to_be_focused()
    expect(page.get_by_label("Postcode of the address")).to_have_value("OX16 1XX")
    page.get_by_label("Address or place").fill("Play area behind the shops")
    map_ = page.locator("#address-map")
    expect(map_).to_be_visible()
    map_.click(position={"x": 200, "y": 150})
    expect(page.locator("#address-pin-status")).to_contain_text("Pin dropped at latitude 52.")
    assert_no_axe_violations(page)
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    report = Report.objects.get()
    assert report.address == "Play area behind the shops" and report.uprn == ""
    assert (report.latitude, report.longitude) == (latitude, longitude)
    assert 52.0 < latitude < 52.2 and -1.5 < longitude < -1.2
