"""A caseworker produces a letter in a real browser; axe finds nothing on the letter pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases import services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import (  # noqa: F401 - fixtures used by name
    _empty_audit_log_after_test,
    assert_no_axe_violations,
    browser,
    page,
    save_screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def casework(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(
        username="casey", password=PASSWORD, first_name="Casey", last_name="Worker"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
    person = PersonInput(
        role="alleged_perpetrator",
        first_name="Riley",
        last_name="Specimen",
        address="3 Imaginary Road, Banbury",
        postcode="OX16 1ZZ",
    )
    case = services.case_open(opened_by=user, reports=[report(user, people=[person])])
    return user, case


def test_produce_a_letter_from_the_case_page(page: Page, live_server, casework):  # noqa: F811
    _user, case = casework
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.get_by_role("link", name="Produce a letter").click()
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a letter")
    assert_no_axe_violations(page)

    page.get_by_role("radio", name="Community protection warning").check()
    page.get_by_role("radio", name="Riley Specimen (Alleged perpetrator)").check()
    page.get_by_label("Details for this letter").fill("Stop playing loud music by 1 May.")
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.get_by_role("heading", name="Check the letter")).to_be_visible()
    expect(page.locator(".app-letter-preview")).to_contain_text("Stop playing loud music")
    assert_no_axe_violations(page)
    save_screenshot(page, "letter-preview")

    page.get_by_role("button", name="Produce the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "produced and filed on the case"
    )
    expect(
        page.get_by_role(
            "link", name=f"community-protection-warning-{case.reference}-riley-specimen.pdf"
        )
    ).to_be_visible()
    assert case.documents.count() == 2
