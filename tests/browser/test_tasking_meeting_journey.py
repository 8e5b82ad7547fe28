"""A JATAC meeting in a real browser (issue 12).

The council's chair arranges the meeting and the agenda is proposed: two new high-risk council
cases, one shared with the police. The chair records a decision with an action for a police
officer. The officer then sees the agenda with the case not shared with the police withheld,
finds the action in their work, and downloads the minutes as a PDF in which the item is withheld
too. The pages pass axe.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from safer.accounts.models import User
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.tasking import services
from safer.tasking.models import MeetingSeries
from safer.tasking.selectors import WITHHELD
from safer.tasking.tests.factories import a_case, days_ago
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def _user(username: str, first: str, last: str, organisation, role) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def jatac(db) -> dict:
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    police = Organisation.objects.create(
        name="Test Police", short_name="TP", kind=Organisation.Kind.POLICE
    )
    coordinator = _user("coord", "Cora", "Ordinator", council, Role.COORDINATOR)
    casey = _user("casey", "Casey", "Worker", council, Role.CASEWORKER)
    pat = _user("pat", "Pat", "Constable", police, Role.PARTNER_OFFICER)
    services.series_create(
        created_by=coordinator,
        name="JATAC",
        kind=MeetingSeries.Kind.JATAC,
        organisation=council,
        chair=casey,
        members=[pat],
    )
    a_case(casey, title="Park gang", risk="high", opened_at=days_ago(2), share_with=police)
    private = a_case(casey, title="Flat 9 Smith", risk="high", opened_at=days_ago(2))
    return {"private": private}


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()


def test_a_jatac_meeting_from_agenda_to_minutes(page: Page, live_server, jatac):
    url = live_server.url
    today = timezone.localdate()
    _sign_in(page, url, "casey")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    page.get_by_role("link", name="Meetings").first.click()
    page.get_by_role("link", name="JATAC").click()
    page.get_by_label("Date of the meeting").fill(today.isoformat())
    page.get_by_role("button", name="Arrange a meeting").click()
    expect(page.locator("h1")).to_contain_text("Meeting on")
    expect(page.get_by_text("Park gang")).to_be_visible()
    expect(page.get_by_text("Flat 9 Smith")).to_be_visible()  # the chair's council may see both
    assert_no_axe_violations(page)

    first = page.locator(".govuk-summary-card", has_text="Park gang")
    first.get_by_text("Record the decision").click()
    first.get_by_label("Decision").fill("Police to patrol the park on Friday evenings")
    first.get_by_label("Action (optional)").fill("Friday evening patrols")
    first.get_by_label("Given to").select_option(label="Pat Constable (TP)")
    first.get_by_label("Due date").fill((today + timedelta(days=7)).isoformat())
    first.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    expect(page.get_by_text("Decision: Police to patrol the park")).to_be_visible()
    page.get_by_label("Pat Constable").check()  # the minutes go to those who attended
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("main")).to_contain_text("Pat Constable")
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, url, "pat")
    expect(page.get_by_text("Friday evening patrols")).to_be_visible()  # in the officer's work
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnership").click()
    page.get_by_role("link", name="Meetings").first.click()
    page.get_by_role("link", name="JATAC").click()
    page.get_by_role("link", name=today.strftime("%-d %B %Y")).click()
    expect(page.get_by_text("Park gang")).to_be_visible()
    expect(page.get_by_text(WITHHELD)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Flat 9 Smith")
    expect(page.locator("main")).not_to_contain_text(jatac["private"].reference)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Minutes", exact=True).click()
    expect(page.get_by_text(WITHHELD)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the minutes (PDF)").click()
    pdf = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Withheld" in text and "Friday evening patrols" in text
    assert "Smith" not in text and jatac["private"].reference not in text
