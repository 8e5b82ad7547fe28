"""A caseworker's day in a real browser: record a report, assess the risk, open a case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases.models import Case, Report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def caseworker(db) -> User:
    organisation = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(
        username="casey", password=PASSWORD, first_name="Casey", last_name="Worker"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
    return user


def test_report_risk_assessment_and_case(page: Page, live_server, caseworker: User):
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a report").first.click()
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how it was reported")
    assert_no_axe_violations(page)

    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("When did it happen?").fill("2026-01-10T22:30")
    page.get_by_role("radio", name="Nuisance", exact=True).check()
    page.get_by_label("Type of behaviour").select_option("noise")
    page.get_by_label("What happened?").fill("Music and shouting until 3am every weekend.")
    page.get_by_text("My address is not listed", exact=True).click()  # not in the gazetteer
    page.locator("#id_address").fill("5 Sample Street, Banbury")
    page.locator("#id_reporter-first_name").fill("Robin")
    page.locator("#id_reporter-last_name").fill("Example")
    page.get_by_role("checkbox", name="The victim").check()  # the reporter is the victim
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    assert_no_axe_violations(page)
    reference = Report.objects.get().reference
    expect(page.locator("h1")).to_contain_text(reference)

    page.get_by_role("link", name="Record the risk assessment").click()
    assert_no_axe_violations(page)
    for group in page.locator(".govuk-radios").all()[1:]:  # the first group is the stage
        group.locator("input").last.check()
    page.locator(
        "fieldset", has_text="Do you think you are targeted because of who you are?"
    ).locator("input").last.check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("standard risk")

    page.get_by_role("button", name="Open an ASB case").click()
    case = Case.objects.get()
    expect(page).to_have_url(re.compile(case.reference))
    expect(page.locator(".moj-timeline")).to_contain_text("Case opened from")
    assert_no_axe_violations(page)
    save_screenshot(page, "case")

    page.get_by_text("Add a note").click()
    page.get_by_label("Type of contact").select_option("letter")
    page.get_by_label("Note", exact=True).fill("Diary sheets sent to the victim.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".app-note").first).to_contain_text("Diary sheets sent")
