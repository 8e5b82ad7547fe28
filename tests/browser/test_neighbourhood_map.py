"""A neighbourhood's staff page draws its boundary on a map, names it as text (never markup),
loads every asset under the strict CSP and passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.neighbourhoods.tests.factories import neighbourhood, team_member
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
NAME = '<img src=x class=planted onerror="window.__xss=1">Banbury Town'


@pytest.fixture
def analyst(db) -> User:
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    user = User.objects.create_user(username="ari", password=PASSWORD)
    Membership.objects.create(user=user, organisation=council, role=Role.ANALYST)
    return user


def test_boundary_map_and_names_as_text(page: Page, live_server, analyst, static_failures):
    area = neighbourhood(name=NAME)
    team_member(area, "PC Fictional Example", rank="PC")
    page.goto(live_server.url + "/account/sign-in")
    page.get_by_label("Username").fill("ari")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/neighbourhoods/")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    outline = page.locator("#neighbourhood-map path.leaflet-interactive")
    expect(outline.first).to_be_visible()
    box = page.locator("#neighbourhood-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2 + 3)
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip.first).to_contain_text("Banbury Town")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img.planted").count() == 0
    expect(page.get_by_role("table", name="Team")).to_contain_text("PC Fictional Example")
    assert_no_axe_violations(page)
    assert static_failures == []
