"""An analyst looks at case-system ASB times and near repeats in a real browser, checked by axe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases.tests.factories import report
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def analyst(db, settings, tmp_path) -> User:
    settings.INTEL_DATA_DIR = tmp_path / "intel"  # no police data: the pages say so
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    caseworker = User.objects.create_user(username="casey", password=PASSWORD)
    Membership.objects.create(user=caseworker, organisation=council, role=Role.CASEWORKER)
    start = datetime(2026, 3, 1, 19, tzinfo=UTC)
    for k in range(12):
        report(
            caseworker,
            reported_at=start + timedelta(days=5 * k, hours=k % 4),
            days_ago=0,
            latitude=52.06 + (k % 3) / 2000,
            longitude=-1.34,
        )
    user = User.objects.create_user(username="ari", password=PASSWORD)
    Membership.objects.create(user=user, organisation=council, role=Role.ANALYST)
    return user


def test_asb_times_and_near_repeat_pages(page: Page, live_server, analyst: User):
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("ari")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/intel/asb")
    expect(page.get_by_role("heading", name="Daily and weekly variations")).to_be_visible()
    conclusions = page.locator(".app-intel-conclusion")
    expect(conclusions.filter(has_text="Reports peaked in")).to_be_visible()
    expect(conclusions.filter(has_text="The busiest hour was")).to_be_visible()
    expect(conclusions.filter(has_text="The busiest day was")).to_be_visible()
    expect(conclusions.filter(has_text="The busiest hour of the week was")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "intel-asb")
    page.get_by_role("link", name="Near repeats", exact=True).click()
    page.get_by_role("button", name="Run the test").click()
    expect(page.get_by_text("reports used")).to_be_visible()
    expect(page.locator(".app-intel-conclusion")).to_contain_text("as chance would give")
    assert_no_axe_violations(page)
    save_screenshot(page, "intel-near-repeats")
