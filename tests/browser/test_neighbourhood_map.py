"""A neighbourhood's staff page draws its boundary on a map, names it as text (never markup),
loads every asset under the strict CSP and passes axe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.neighbourhoods.tests.factories import event, neighbourhood, priority, team_member
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.partners.tests.factories import confirmed_device, member
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


def test_coordinator_pages_pass_axe(page: Page, live_server, static_failures):
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    coordinator = member(Role.COORDINATOR, council, username="cora")
    client = Client()
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(coordinator).persistent_id
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
    area = neighbourhood(
        locations=[
            {"name": "Banbury Police Station", "address": "Warwick Road", "type": "station"}
        ],
        links=[{"title": "Council", "url": "https://www.cherwell.gov.uk", "description": ""}],
    )
    person = team_member(area, "PC Fictional Example", rank="PC")
    happening = event(area)
    raised = priority(area)
    base = f"{live_server.url}/neighbourhoods/{area.slug}"
    for path in (
        "/neighbourhoods/",
        "/neighbourhoods/new",
        "",
        "/edit",
        "/team/new",
        f"/team/{person.pk}",
        "/events/new",
        f"/events/{happening.pk}",
        "/priorities/new",
        f"/priorities/{raised.pk}",
        "/places/new",
        "/links/new",
    ):
        url = live_server.url + path if path.startswith("/neighbourhoods/") else base + path
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert_no_axe_violations(page)
    assert static_failures == []
