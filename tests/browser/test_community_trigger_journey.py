"""A Community Trigger from application to recommendations completed, in a real browser (issue 12).

A council co-ordinator records an application and the three complaints the applicant describes
(one to the police); the threshold is met, the review is scheduled, held with a police attendee,
a recommendation is made to the police and marked complete, and the application closes. A
complaint reported before it happened is refused at the field. The pages pass axe.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import Page, expect

from safer.casereviews.models import Application
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, confirmed_device, member
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(db):
    council = OrganisationFactory(name="Test District Council", short_name="TDC")
    OrganisationFactory(name="Test Police", short_name="TP", kind="police")
    return member(Role.COORDINATOR, council, username="coord")


def _sign_in(page: Page, live_server, user) -> None:
    """A session made server-side with the second factor passed, handed to the browser."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
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


def _add_complaint(page: Page, days_ago: int, organisation: str, *, reported_days_ago=None):
    today = timezone.localdate()
    reported = days_ago if reported_days_ago is None else reported_days_ago
    details = page.locator("details", has_text="Add a complaint")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    page.get_by_label("Date of the behaviour").fill((today - timedelta(days=days_ago)).isoformat())
    page.get_by_label("Date reported").fill((today - timedelta(days=reported)).isoformat())
    page.get_by_label("Reported to").select_option(label=organisation)
    page.get_by_label("What was reported").fill("Shouting and banging on the door at night")
    page.get_by_role("button", name="Add the complaint").click()


def test_a_community_trigger_from_application_to_recommendation_completed(
    page: Page, live_server, coordinator
):
    today = timezone.localdate()
    _sign_in(page, live_server, coordinator)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    page.get_by_role("link", name="Case reviews").first.click()
    expect(page.locator("h1")).to_contain_text("Case reviews")
    page.get_by_role("link", name="Record an application").click()
    assert_no_axe_violations(page)

    page.get_by_label("Applicant's first name").fill("Robin")
    page.get_by_label("Applicant's last name").fill("Example")
    page.get_by_label("E-mail address (optional)").fill("robin@example.org")
    page.get_by_label("Date received").fill(today.isoformat())
    page.get_by_role("button", name="Record the application").click()
    expect(page.locator("h1")).to_have_text(Application.objects.get().reference)

    _add_complaint(page, 10, "Test District Council", reported_days_ago=12)  # reported before
    expect(page.locator(".govuk-error-summary")).to_contain_text("same as or after the behaviour")
    assert_no_axe_violations(page)

    _add_complaint(page, 40, "Test District Council")
    _add_complaint(page, 25, "Test Police")
    _add_complaint(page, 10, "Test District Council")
    expect(page.locator("#threshold")).to_have_text("Threshold met")
    expect(page.locator("#qualifying")).to_contain_text("3")
    assert_no_axe_violations(page)

    page.get_by_label("Date of the review").fill((today + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Schedule the review").click()
    expect(page.get_by_text("Review scheduled").first).to_be_visible()
    page.get_by_role("link", name="review page").click()
    expect(page.locator("h1")).to_contain_text(Application.objects.get().reference)

    page.locator("summary", has_text="Add an attendee").click()
    page.get_by_label("Organisation").select_option(label="Test Police")
    page.get_by_label("Name").fill("Inspector Lee")
    page.get_by_role("button", name="Add the attendee").click()
    expect(page.get_by_text("Inspector Lee (Test Police)")).to_be_visible()

    page.get_by_label("Date the review was held").fill(today.isoformat())
    page.get_by_label("Attended").check()
    page.get_by_label("The panel's findings").fill("Reports to two agencies were not joined up")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator("#review-held")).not_to_have_text("Not yet")

    page.locator("summary", has_text="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("Joint patrols on Friday evenings")
    page.get_by_label("Owned by").select_option(label="Test Police")
    page.get_by_label("Due by").fill((today + timedelta(days=28)).isoformat())
    page.get_by_role("button", name="Add the recommendation").click()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Completed")).to_be_visible()
    application = Application.objects.get()
    assert application.status == Application.Status.CLOSED
