"""A witness reports a hate incident by keyboard alone, in English and in Urdu (issue 13): start
page with the 999 warning, who (with the error state), what happened, where, when, why
(checkboxes with hints), anonymous, consents, check your answers, confirmation naming who has it.
axe-core finds nothing on any page in either language. The support organisation's caseworker
then sees it routed to them, and another organisation's caseworker does not."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from safer.hateincidents.models import HateIncident
from safer.hateincidents.tests.factories import rule
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from tests.browser.conftest import assert_no_axe_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseworkers(db):
    OrganisationFactory(name="Test District Council", short_name="TDC")
    OrganisationFactory(name="Test Police", short_name="TP", kind="police")
    support = OrganisationFactory(
        name="Hate Crime Support Service", short_name="HCSS", kind="voluntary"
    )
    other = OrganisationFactory(name="Disability Advocacy", short_name="DA", kind="voluntary")
    rule(support, motivation="race")
    rule(other, motivation="disability")
    return (
        member(Role.CASEWORKER, support, username="hcss"),
        member(Role.CASEWORKER, other, username="da"),
    )


def _cookie(page: Page, live_server, name: str, value: str) -> None:
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies([{"name": name, "value": value, "domain": host, "path": "/"}])


def _sign_in(page: Page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    _cookie(page, live_server, "safer_session", client.cookies["safer_session"].value)


def _type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def _press(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _at(page: Page, live_server, path: str) -> None:
    expect(page).to_have_url(live_server.url + path)
    assert_no_axe_violations(page)
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{path} is wider than the screen ({scroll} > {client})"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_witness_reports_a_hate_incident_by_keyboard(
    page: Page, live_server, caseworkers, language: str
):
    if language == "ur":
        _cookie(page, live_server, "safer_language", "ur")
        page.set_viewport_size({"width": 320, "height": 720})  # large print: 400% zoom
    page.goto(live_server.url + "/report-hate-incident")
    html = page.locator("html")
    if language == "ur":
        expect(html).to_have_attribute("lang", "ur")
        expect(html).to_have_attribute("dir", "rtl")
    else:
        expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".govuk-warning-text")).to_contain_text("999")
    assert_no_axe_violations(page)
    _press(page, "#start")

    _at(page, live_server, "/report-hate-incident/who")
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary a[href='#id_reporter_role_0']")).to_have_count(1)
    assert_no_axe_violations(page)
    tab_to(page, "#id_reporter_role_0")
    page.keyboard.press("ArrowDown")  # I saw it happen
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/what-happened")
    words = "انہوں نے میرے پڑوسی پر چیخا" if language == "ur" else "They shouted at my neighbour"
    _type_into(page, "#id_what_happened", words)
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/where")
    _type_into(page, "#id_postcode", "OX16 5QA")
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/when")
    _type_into(page, "#id_happened_day", "1")
    _type_into(page, "#id_happened_month", "11")
    _type_into(page, "#id_happened_year", "2026")
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/why")
    _press(page, "#continue")
    expect(page.locator(".govuk-error-summary a[href='#id_motivations_0']")).to_have_count(1)
    assert_no_axe_violations(page)
    tab_to(page, "#id_motivations_0")
    page.keyboard.press("Space")  # race
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/contact-details")
    tab_to(page, "#id_give_contact_0")
    page.keyboard.press("ArrowDown")  # stay anonymous
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/consent")
    tab_to(page, "#id_consent_referral_0")
    page.keyboard.press("Space")  # yes, to a support organisation
    tab_to(page, "#id_consent_police_0")
    page.keyboard.press("ArrowDown")  # not to the police
    _press(page, "#continue")

    _at(page, live_server, "/report-hate-incident/check-your-answers")
    expect(page.locator("#answers")).to_contain_text(words)
    _press(page, "#send-report")

    _at(page, live_server, "/report-hate-incident/confirmation")
    incident = HateIncident.objects.get()
    expect(page.locator("#reference")).to_have_text(incident.reference)
    expect(page.locator("#passed-to li")).to_have_text(["Hate Crime Support Service"])
    assert incident.what_happened == words
    assert incident.language == ("ur" if language == "ur" else "en-gb")
    assert incident.anonymous and not incident.consent_police

    support_worker, other_worker = caseworkers
    _sign_in(page, live_server, support_worker)
    page.goto(live_server.url + "/hate-incidents/")
    expect(page.locator("main")).to_contain_text(incident.reference)
    assert_no_axe_violations(page)
    page.goto(live_server.url + f"/hate-incidents/{incident.pk}")
    expect(page.locator("#written-in")).to_contain_text(
        "Written in Urdu" if language == "ur" else "Written in English"
    )
    assert_no_axe_violations(page)
    _sign_in(page, live_server, other_worker)
    page.goto(live_server.url + "/hate-incidents/")
    expect(page.locator("main")).not_to_contain_text(incident.reference)
    response = page.goto(live_server.url + f"/hate-incidents/{incident.pk}")
    assert response is not None and response.status == 404
