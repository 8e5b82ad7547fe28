"""A caseworker chooses their reminders in a real browser: the page passes axe, lists what is
due, and the choice made with the checkboxes is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases import services as case_services
from safer.cases.tests.factories import report
from safer.notifications.models import ReminderPreference
from safer.notifications.reminders import REVIEW_DUE, TASK_DUE
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def casey(db) -> User:
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    casey = User.objects.create_user(
        username="casey",
        password=PASSWORD,
        first_name="Casey",
        last_name="Worker",
        email="casey@example.org",
    )
    Membership.objects.create(user=casey, organisation=council, role=Role.CASEWORKER)
    case = case_services.case_open(opened_by=casey, reports=[report(casey)], title="Noise")
    case_services.case_task_add(
        case=case,
        added_by=casey,
        description="Ring the landlord",
        owner=casey,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    return casey


def test_a_caseworker_turns_a_reminder_off(page: Page, live_server, casey: User):
    url = live_server.url
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Your reminders").click()
    expect(page.locator("h1")).to_have_text("Reminders")
    expect(page.locator("body")).to_contain_text("Ring the landlord")
    assert_no_axe_violations(page)

    label = "Case reviews coming due or overdue, on cases you lead"
    reviews = page.get_by_label(label)
    expect(reviews).to_be_checked()
    reviews.uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(
        page.get_by_label("Case reviews coming due or overdue, on cases you lead")
    ).not_to_be_checked()
    off = ReminderPreference.objects.get(user=casey).email_off
    assert REVIEW_DUE in off and TASK_DUE not in off
