"""A resident reports anti-social behaviour by keyboard alone, in English and in Urdu (issue
13): start page, is it happening now (with the error state), where, what happened, a photo,
when (with the error state), who is affected, contact details, consent, check your answers,
confirmation with the reference. axe-core finds nothing on any page in either language. A
caseworker of the intake council then sees the report in the intake queue, received via the web
form, with its language named."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from safer.cases.models import Report
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.places.tests.factories import gazetteer_loaded
from tests.browser.conftest import assert_no_axe_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URDU_ACCOUNT = "ہر رات آدھی رات کے بعد اونچی آواز میں موسیقی"


@pytest.fixture
def caseworker(db, tmp_path):
    gazetteer_loaded(tmp_path)
    council = OrganisationFactory(name="Test District Council", short_name="TDC")
    OrganisationFactory(name="Test Police", short_name="TP", kind="police")
    return member(Role.CASEWORKER, council, username="caseworker")


def _sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies(
        [
            {
                "name": "safer_session",
                "value": client.cookies["safer_session"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


def _type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def _press(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _choose(page: Page, first_radio: str, downs: int) -> None:
    """Focus a radio group's first option, move down to the wanted one and select it."""
    tab_to(page, first_radio)
    page.keyboard.press("Space")
    for _ in range(downs):
        page.keyboard.press("ArrowDown")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_resident_reports_asb_by_keyboard(page: Page, live_server, caseworker, language: str):
    if language == "ur":
        page.context.add_cookies(
            [
                {
                    "name": "safer_language",
                    "value": "ur",
                    "domain": urlsplit(live_server.url).hostname,
                    "path": "/",
                }
            ]
        )
    base = live_server.url + "/report-asb"
    page.goto(base)
    html = page.locator("html")
    if language == "ur":
        expect(html).to_have_attribute("lang", "ur")
        expect(html).to_have_attribute("dir", "rtl")
    else:
        expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".app-danger")).to_be_visible()  # call 999
    assert_no_axe_violations(page)
    _press(page, "#start")

    # Is it happening now: sent empty, the error is named; then "No".
    expect(page).to_have_url(base + "/happening-now")
    expect(page.locator(".app-danger")).to_be_visible()
    assert_no_axe_violations(page)
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary a[href='#id_happening_now_0']")).to_have_count(1)
    assert_no_axe_violations(page)
    _choose(page, "#id_happening_now_0", 1)
    _press(page, "#continue")

    expect(page).to_have_url(base + "/where")
    assert_no_axe_violations(page)
    _type_into(page, "#id_postcode", "OX16 1ZZ")
    _press(page, "#find-address")  # the gazetteer's addresses at the postcode, to choose from
    expect(page.locator("#id_uprn option")).to_have_count(4)
    assert_no_axe_violations(page)
    _type_into(page, "#id_address_line_1", "1 Imaginary Road")
    _type_into(page, "#id_town", "Banbury")
    _press(page, "#continue")

    expect(page).to_have_url(base + "/what-happened")
    assert_no_axe_violations(page)
    _choose(page, "#id_type_0", 0)  # noise
    account = URDU_ACCOUNT if language == "ur" else "Loud music every night after midnight"
    _type_into(page, "#id_description", account)
    _press(page, "#continue")

    # Photos: optional; one added (the file itself comes from the system's file chooser, which
    # is not the page's), then the rest by keyboard.
    expect(page).to_have_url(base + "/photos")
    assert_no_axe_violations(page)
    page.set_input_files(
        "#id_photo", {"name": "night.png", "mimeType": "image/png", "buffer": _png()}
    )
    _press(page, "#add-photo")
    expect(page.locator("#photos-added")).to_contain_text("1")
    assert_no_axe_violations(page)
    _press(page, "#continue")

    # When: a date in the future is refused at the field and in the summary.
    expect(page).to_have_url(base + "/when")
    assert_no_axe_violations(page)
    today = timezone.localdate()
    _type_into(page, "#id_day", str(today.day))
    _type_into(page, "#id_month", str(today.month))
    _type_into(page, "#id_year", str(today.year + 1))
    _choose(page, "#id_time_of_day_0", 3)  # night
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary a[href='#id_day']")).to_have_count(1)
    expect(page.locator("#occurred-error")).to_be_visible()
    assert_no_axe_violations(page)
    tab_to(page, "#id_year")
    page.keyboard.press("Control+a")
    page.keyboard.type(str(today.year))
    tab_to(page, "#id_time_of_day_3")
    page.keyboard.press("Space")
    _press(page, "#continue")

    expect(page).to_have_url(base + "/who-is-affected")
    assert_no_axe_violations(page)
    _choose(page, "#id_affected_0", 1)  # my household
    _press(page, "#continue")

    expect(page).to_have_url(base + "/contact-details")
    assert_no_axe_violations(page)
    _type_into(page, "#id_name", "Amina Example")
    _type_into(page, "#id_email", "amina@example.com")
    _press(page, "#continue")

    expect(page).to_have_url(base + "/consent")
    assert_no_axe_violations(page)
    _choose(page, "#id_consent_0", 0)  # yes
    _press(page, "#continue")

    expect(page).to_have_url(base + "/check-your-answers")
    expect(page.locator("#answer-what-happened")).to_contain_text(account)
    expect(page.locator("#answer-where")).to_contain_text("OX16 1ZZ")
    expect(page.locator("#change-where")).to_have_attribute("href", "/report-asb/where?change=1")
    assert_no_axe_violations(page)
    # Large print is the browser's zoom: at 320 px wide nothing needs scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    _press(page, "#send")

    expect(page).to_have_url(base + "/report-sent")
    received = Report.objects.get()
    expect(page.locator("#reference")).to_have_text(received.reference)
    expect(page.locator("#save-pdf")).to_be_visible()
    assert_no_axe_violations(page)
    assert received.received_via == "web" and received.recorded_by is None
    assert received.photos.count() == 1
    assert received.language == ("ur" if language == "ur" else "en-gb")
    assert received.description == account and received.affected == "household"

    # A caseworker of the intake council sees it waiting for assessment, language named.
    _sign_in(page, live_server, caseworker)
    page.goto(live_server.url + "/cases/queues")
    row = page.locator("tr", has_text=received.reference)
    expect(row.locator(".app-received-web")).to_have_text("Received via web form")
    if language == "ur":
        expect(row.locator(".app-written-in")).to_have_text("Written in Urdu")
    else:
        expect(row.locator(".app-written-in")).to_have_count(0)
    page.goto(live_server.url + "/reports/")
    expect(page.locator("main")).to_contain_text(received.reference)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def test_use_my_current_location_fills_the_place_by_keyboard(browser, live_server):
    """The button appears only with JavaScript and geolocation; pressing it (Enter) asks the
    browser, says how accurate the position is, and the report goes on without an address."""
    context = browser.new_context(
        locale="en-GB",
        permissions=["geolocation"],
        geolocation={"latitude": 52.0629, "longitude": -1.3398, "accuracy": 30},
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/report-asb/where")
        expect(page.locator("#use-location")).to_be_visible()
        tab_to(page, "#use-location")
        page.keyboard.press("Enter")
        expect(page.locator("#location-status")).to_contain_text("accurate to about 30 metres")
        assert page.locator("input[name='latitude']").input_value() == "52.062900"
        assert_no_axe_violations(page)
        _press(page, "#continue")
        expect(page).to_have_url(live_server.url + "/report-asb/what-happened")
    finally:
        context.close()
