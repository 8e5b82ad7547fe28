"""Two agencies work one case in a real browser (issue 11).

The council records a report with an unnamed perpetrator and the reporter as victim, assesses
it, opens a case and shares it with the police, giving the police officer a task; the officer
finds it in their work, adds a note and completes the task; the council attaches a second
report, which the officer can then open; a warning letter is produced; the case closes with an
outcome. Every page on the way passes axe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases.models import Case, Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.places.demo import seed_addresses
from tests.browser.conftest import assert_no_axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def agencies(db) -> dict:
    seed_addresses()
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
    return {"casey": casey, "pat": pat, "police": police}


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_council_and_police_work_one_case(page: Page, live_server, agencies):
    url = live_server.url
    _sign_in(page, url, "casey")

    # The council records the report: the reporter is the victim; the perpetrators cannot be named.
    page.get_by_role("link", name="Record a report").first.click()
    page.get_by_role("radio", name="Phone").check()
    page.get_by_label("When did it happen?").fill("2026-11-28T21:15")
    page.get_by_role("radio", name="Personal", exact=True).check()
    page.get_by_label("Type of behaviour").select_option("intimidation")
    page.get_by_label("What happened?").fill("A group shout abuse at the house every evening.")
    postcode = page.get_by_role("group", name="Where it happened").get_by_label(
        "Postcode", exact=True
    )
    postcode.fill("OX16 1ZZ")
    page.get_by_role("button", name="Find address").click()
    page.get_by_label("Choose the address").select_option(label="3 Imaginary Road, Banbury")
    page.locator("#id_reporter-first_name").fill("Robin")
    page.locator("#id_reporter-last_name").fill("Example")
    page.get_by_role("checkbox", name="The victim").check()
    page.get_by_role("button", name="Add another person").click()
    person = page.locator("#person-2")
    person.get_by_role("radio", name="Alleged perpetrator").check()
    person.get_by_label("This person cannot be named").check()
    person.get_by_label("Describe them").fill("Unknown youths, about five, aged 14 to 16")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    first = Report.objects.get()
    roles = sorted(first.involvements.values_list("role", flat=True))
    assert roles == ["alleged_perpetrator", "reporter", "victim"]
    assert first.uprn and first.latitude is not None

    # It is assessed and made a case, shared with the police with a task for their officer.
    page.get_by_role("link", name="Record the risk assessment").click()
    for group in page.locator(".govuk-radios").all()[1:]:
        group.locator("input").last.check()
    page.locator(
        "fieldset", has_text="Do you think you are targeted because of who you are?"
    ).locator("input").last.check()
    page.get_by_role("button", name="Save assessment").click()
    page.get_by_role("button", name="Open an ASB case").click()
    case = Case.objects.get()
    expect(page).to_have_url(re.compile(case.reference))
    page.get_by_label("Share with").select_option(label="Test Police")
    page.get_by_role("button", name="Share case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "shared with Test Police"
    )
    page.get_by_text("Add a task").click()
    page.get_by_label("Task", exact=True).fill("Patrol Imaginary Road at 9pm")
    page.get_by_label("Give it to").select_option(label="Pat Constable (TP)")
    page.get_by_role("button", name="Add task").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Task added")
    assert_no_axe_violations(page)
    _sign_out(page)

    # The police officer finds the task in their work, adds a note and completes the task.
    _sign_in(page, url, "pat")
    expect(page.locator("main")).to_contain_text("Patrol Imaginary Road at 9pm")
    page.get_by_role("link", name=case.reference).first.click()
    expect(page.locator("h1")).to_contain_text(case.reference)
    expect(page.locator("main")).to_contain_text("Unknown youths")
    page.get_by_text("Add a note").click()
    page.get_by_label("Type of contact").select_option("visit")
    page.get_by_label("Note", exact=True).fill("Patrolled at 9pm; spoke to the group.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".app-note").first).to_contain_text("Test Police")
    page.get_by_role("button", name="Mark done").click()
    expect(page.locator("main")).to_contain_text("Done")
    assert case.tasks.get().done_at is not None
    assert_no_axe_violations(page)
    _sign_out(page)

    # The council attaches a second report naming the perpetrator; the officer can open it.
    second = report(
        agencies["casey"],
        people=[
            PersonInput(role="victim", person_id=first.involvements.get(role="victim").person_id),
            PersonInput(role="alleged_perpetrator", first_name="Riley", last_name="Specimen"),
        ],
        address="3 Imaginary Road, Banbury",
        postcode="OX16 1ZZ",
        category="personal",
        type="intimidation",
    )
    _sign_in(page, url, "casey")
    page.goto(f"{url}/reports/{second.reference}/")
    page.get_by_role("button", name=f"Add to {case.reference}").click()
    expect(page.locator(".moj-timeline")).to_contain_text(second.reference)

    # A warning letter to the perpetrator, filed on the case.
    page.get_by_role("link", name="Produce a letter").click()
    page.get_by_role("radio", name="First warning").check()
    page.get_by_role("radio", name=re.compile("Riley Specimen")).check()
    page.get_by_label("Details for this letter").fill("Shouting abuse at 3 Imaginary Road.")
    page.get_by_role("button", name="Preview the letter").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Produce the letter").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("filed on the case")
    assert case.documents.filter(original_name__endswith=".pdf").exists()
    _sign_out(page)

    _sign_in(page, url, "pat")
    response = page.goto(f"{url}/reports/{second.reference}/")
    assert response is not None and response.status == 200
    expect(page.locator("main")).to_contain_text("Riley Specimen")
    _sign_out(page)

    # The council closes the case with an outcome from the list.
    _sign_in(page, url, "casey")
    page.goto(f"{url}/cases/{case.reference}/")
    page.get_by_text("Close the case").click()
    page.get_by_role("radio", name="Resolved after an intervention").check()
    page.get_by_label("Why are you closing the case?").fill("Warning letter; no reports since.")
    page.get_by_role("button", name="Close case").click()
    expect(page.locator("main")).to_contain_text("Resolved after an intervention")
    save_screenshot(page, "two-agency-closed")
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "resolved_intervention")
