"""A member of the public asks for an ASB case review by keyboard alone, in English and in Urdu
(issue 13): start page, who is asking (with the error state), contact details, three incidents
added one at a time (one error state), check your answers, confirmation with the reference.
axe-core finds nothing on any page in either language. A co-ordinator then sees the request in
/case-reviews/."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safer.casereviews.models import Application
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from tests.browser.conftest import assert_no_axe_violations, tab_to
from tests.browser.test_community_trigger_journey import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(db):
    council = OrganisationFactory(name="Test District Council", short_name="TDC")
    OrganisationFactory(name="Test Police", short_name="TP", kind="police")
    return member(Role.COORDINATOR, council, username="coord")


def _type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def _press(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _add_incident(page: Page, days_ago: int, *, police: bool) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    for name in ("occurred", "reported"):
        _type_into(page, f"#id_{name}_day", str(day.day))
        _type_into(page, f"#id_{name}_month", str(day.month))
        _type_into(page, f"#id_{name}_year", str(day.year))
    tab_to(page, "#id_reported_to_0")  # the first partner; the next with the arrow key
    page.keyboard.press("ArrowDown" if police else "Space")
    _type_into(page, "#id_description", f"Shouting and banging at night, {days_ago} days ago")
    tab_to(page, "#id_hate_0")
    page.keyboard.press("ArrowDown")  # "No"
    _press(page, "#continue")


def _fits_320_pixels(page: Page) -> None:
    """Large print is the browser's zoom: at 320 px wide nothing scrolls sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    assert width <= 320, f"{page.url} is {width}px wide at 320px"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_resident_asks_for_a_case_review_by_keyboard(
    page: Page, live_server, coordinator, language: str
):
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
    page.goto(live_server.url + "/ask-for-a-case-review")
    html = page.locator("html")
    if language == "ur":
        expect(html).to_have_attribute("lang", "ur")
        expect(html).to_have_attribute("dir", "rtl")
    else:
        expect(html).to_have_attribute("lang", "en")
    expect(page.locator("#threshold li")).to_have_count(2)
    assert_no_axe_violations(page)
    _press(page, "#start")

    # Who is asking: nothing chosen is named; then on behalf of the victim.
    expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/who")
    assert_no_axe_violations(page)
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary a[href='#id_who_0']")).to_have_count(1)
    assert_no_axe_violations(page)
    tab_to(page, "#id_who_0")
    page.keyboard.press("ArrowDown")  # on behalf of the victim
    _type_into(page, "#id_behalf_name", "Sam Example")
    _type_into(page, "#id_behalf_relationship", "بیٹا" if language == "ur" else "Son")
    _press(page, "#continue")

    expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/contact")
    assert_no_axe_violations(page)
    _type_into(page, "#id_first_name", "Robin")
    _type_into(page, "#id_last_name", "Example")
    _type_into(page, "#id_email", "robin@example.org")
    _press(page, "#continue")

    # The first incident: sent empty, every answer is named; then three incidents in turn.
    expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/incidents/add")
    assert_no_axe_violations(page)
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary a[href='#id_occurred_day']")).to_have_count(1)
    expect(page.locator(".govuk-error-message")).to_have_count(5)
    assert_no_axe_violations(page)
    for days_ago, police in ((40, False), (25, True)):
        _add_incident(page, days_ago, police=police)
        expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/incidents")
        _press(page, "#add-another")
    _add_incident(page, 10, police=False)
    expect(page.locator(".govuk-summary-card")).to_have_count(3)
    assert_no_axe_violations(page)
    _fits_320_pixels(page)
    _press(page, "#continue")

    expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/check")
    expect(page.locator("#incident-3")).to_contain_text("Test District Council")
    expect(page.locator("#incident-2")).to_contain_text("Test Police")
    assert_no_axe_violations(page)
    _fits_320_pixels(page)
    _press(page, "#submit")

    expect(page).to_have_url(live_server.url + "/ask-for-a-case-review/sent")
    application = Application.objects.get()
    expect(page.locator("#reference")).to_have_text(application.reference)
    expect(page.locator("#decision-due")).to_be_visible()
    assert_no_axe_violations(page)
    assert application.received_via == "web" and application.threshold_met
    assert application.language == ("ur" if language == "ur" else "en-gb")
    assert application.on_behalf_of_name == "Sam Example"

    # A co-ordinator of the receiving council sees it among the applications.
    _sign_in(page, live_server, coordinator)
    page.goto(live_server.url + "/case-reviews/")
    expect(page.locator("main")).to_contain_text(application.reference)
    page.goto(live_server.url + f"/case-reviews/{application.reference}/")
    expect(page.locator("#received-via")).to_contain_text("Received via web form")
    expect(page.locator("#written-in")).to_have_text(
        "Written in Urdu" if language == "ur" else "Written in British English"
    )
