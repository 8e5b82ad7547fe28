"""Signing in and out in a real browser: the journey, its accessibility and its static assets."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, static_urls_in_css

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
SIGN_IN_PATH = "/account/sign-in"


@pytest.fixture
def caseworker(db) -> User:
    organisation = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(
        username="jsmith", password=PASSWORD, first_name="Jo", last_name="Smith"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER)
    return user


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_out(page: Page, live_server, caseworker: User, static_failures: list[str]):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN_PATH)))
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "sign-in")

    sign_in(page, "jsmith", PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    header = page.locator("header.govuk-template__header")
    expect(header).to_contain_text("Safer Communities")
    expect(header).to_contain_text(caseworker.display_name)
    expect(header).to_contain_text("Test District Council")
    assert_no_axe_violations(page)
    save_screenshot(page, "home")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN_PATH)))
    expect(page.locator("header")).not_to_contain_text(caseworker.display_name)
    assert static_failures == []


def test_wrong_password_shows_the_error_summary(
    page: Page, live_server, caseworker: User, static_failures: list[str]
):
    page.goto(live_server.url + SIGN_IN_PATH)
    sign_in(page, "jsmith", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    link = summary.locator("a").first
    target = link.get_attribute("href")
    assert target and target.startswith("#")
    expect(page.locator(target)).to_have_count(1)
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    assert static_failures == []


def test_static_pipeline_serves_the_stylesheet_and_everything_it_uses(page: Page, live_server):
    response = page.request.get(live_server.url + "/static/css/application.css")
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]
    css = response.text()
    assert ".govuk-template" in css
    referenced = static_urls_in_css(css)
    assert any("/static/govuk/assets/" in url for url in referenced)
    for url in referenced:
        assert page.request.get(live_server.url + url).status == 200, url
    for script in ("js/application.js", "govuk/govuk-frontend.min.js", "vendor/htmx/htmx.min.js"):
        assert page.request.get(f"{live_server.url}/static/{script}").status == 200, script
