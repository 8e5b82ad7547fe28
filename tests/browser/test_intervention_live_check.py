"""The intervention form checks the law's limits as it is filled in (htmx), under the strict
content security policy, and offers the victim only for support."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases import services
from safer.cases.models import Intervention
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.people.models import Person
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def case_reference(db) -> str:
    organisation = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(
        username="casey", password=PASSWORD, first_name="Casey", last_name="Worker"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
    today = timezone.localdate()
    young = Person.objects.create(
        organisation=organisation,
        first_name="Yan",
        last_name="Youngperson",
        date_of_birth=date(today.year - 15, 1, 1),
    )
    people = [
        PersonInput(role="alleged_perpetrator", person_id=young.pk),
        PersonInput(role="victim", first_name="Vera", last_name="Victimperson"),
    ]
    case = services.case_open(opened_by=user, reports=[report(user, people=people)])
    return case.reference


def test_the_legal_check_answers_as_the_form_is_filled_in(
    page: Page, live_server, case_reference: str
):
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/cases/{case_reference}/interventions/new")
    assert_no_axe_violations(page)
    person = page.get_by_label("Against")
    expect(person.locator("option", has_text="Victimperson")).to_have_count(0)

    today = timezone.localdate()
    page.get_by_label("Intervention").select_option("civil_injunction")
    person.select_option(label="Yan Youngperson (Alleged perpetrator)")
    page.get_by_label("Date issued or granted").fill(today.isoformat())
    page.get_by_label("Expiry date").fill((today + timedelta(days=600)).isoformat())
    page.get_by_label("Expiry date").blur()
    panel = page.locator("#legal-check")
    expect(panel).to_contain_text("under 18 can last at most 12 months")
    assert not Intervention.objects.exists()  # checked, not saved
    assert_no_axe_violations(page)

    page.get_by_label("Intervention").select_option("referral_to_support")
    expect(page.get_by_label("Against").locator("option", has_text="Victimperson")).to_have_count(1)
    expect(panel).not_to_contain_text("12 months")
