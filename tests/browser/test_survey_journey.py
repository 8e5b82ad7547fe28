"""A reporter answers their satisfaction survey in a real browser: the page passes axe, a missing
answer is named at the field and in the summary, and the link is spent once answered."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.cases import services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.surveys.models import SatisfactionSurvey
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey_link(db) -> str:
    council = OrganisationFactory(name="Test District Council", short_name="TDC")
    caseworker = member(Role.CASEWORKER, council, username="caseworker")
    first = report(
        caseworker,
        people=[PersonInput(role="reporter", first_name="Robin", last_name="Example", phone="1")],
    )
    case = services.case_open(opened_by=caseworker, reports=[first])
    services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="Stopped")
    SatisfactionSurvey.objects.filter(case=case).update(
        token_digest=SatisfactionSurvey.digest_of("browser-token")
    )
    return "/survey/browser-token"


def test_a_reporter_answers_once(page: Page, live_server, survey_link: str):
    page.goto(live_server.url + survey_link)
    expect(page.locator("h1")).to_have_text("How did we do?")
    assert_no_axe_violations(page)

    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whether we kept you informed")
    expect(page.locator("#id_kept_informed-error, .govuk-error-message").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Partly").check()
    page.get_by_label("Yes, I feel safer").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_have_text("Thank you")

    page.goto(live_server.url + survey_link)
    expect(page.locator("body")).to_contain_text("already been answered")
    survey = SatisfactionSurvey.objects.get()
    assert (survey.satisfied, survey.kept_informed, survey.feel_safer) == (
        "satisfied",
        "partly",
        "yes",
    )
