"""A caseworker completes the domestic abuse risk checklist in a real browser: a high-risk
result offers a MARAC referral already filled in, which they send; the police, who run MARAC,
receive it (the person's name and the reason, not the case) and accept it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases import services as case_services
from safer.cases.tests.factories import report, victim
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.referrals.models import Referral, Scheme
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def case_reference(db) -> str:
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    police = Organisation.objects.create(
        name="Test Police", short_name="TP", kind=Organisation.Kind.POLICE
    )
    casey = User.objects.create_user(
        username="casey", password=PASSWORD, first_name="Casey", last_name="Worker"
    )
    Membership.objects.create(user=casey, organisation=council, role=Role.CASEWORKER)
    pat = User.objects.create_user(
        username="pat", password=PASSWORD, first_name="Pat", last_name="Constable"
    )
    Membership.objects.create(user=pat, organisation=police, role=Role.PARTNER_OFFICER)
    Scheme.objects.create(code="marac", name="MARAC", kind=Scheme.Kind.MARAC, provider=police)
    first = report(casey, people=[victim()])
    case = case_services.case_open(opened_by=casey, reports=[first], title="Threats at home")
    return case.reference


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_high_risk_checklist_leads_to_a_marac_referral_the_police_accept(
    page: Page, live_server, case_reference: str
):
    url = live_server.url
    _sign_in(page, url, "casey")
    page.goto(f"{url}/cases/{case_reference}")
    page.get_by_role("link", name="Complete a domestic abuse risk checklist").click()
    page.get_by_label("Robin Example").check()
    for number in range(1, 28):
        answer = "yes" if number <= 14 else "no"
        page.locator(f'input[name="q{number}"][value="{answer}"]').check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the checklist").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("High risk")
    assert not Referral.objects.exists()  # proposed, not made

    page.get_by_role("link", name="Refer to MARAC").click()
    expect(page.get_by_label("Robin Example")).to_be_checked()
    expect(page.get_by_label("Why are you referring them?")).to_contain_text("14 of 27")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator("h1")).to_have_text("MARAC")
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, url, "pat")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    page.get_by_role("link", name="Referrals").first.click()
    page.locator("table a").first.click()
    expect(page.locator("main")).to_contain_text("Robin Example")
    expect(page.locator("main")).not_to_contain_text(case_reference)
    assert_no_axe_violations(page)
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record decision").click()
    referral = Referral.objects.get()
    # The id, not 1: PostgreSQL does not restart sequences between transactional tests.
    expect(page.locator("main")).to_contain_text(f"Referral {referral.pk} · Accepted")
    assert referral.status == "accepted"
