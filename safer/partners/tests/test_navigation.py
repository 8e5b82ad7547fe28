"""The staff menu: the main sections, "Partnership" grouping the shared work on one page, and
administration; every link one the role may open."""

import pytest
from django.urls import reverse

from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


def _menu(client, path="/"):
    return [(item["label"], item["active"]) for item in client.get(path).context["nav_items"]]


def test_a_caseworker_sees_partnership_once_and_it_lists_their_sections(client, council, signed_in):
    signed_in(member(Role.CASEWORKER, council, username="nav-caseworker"))
    labels = [label for label, _ in _menu(client)]
    assert labels == ["Home", "Caseload", "Reports", "People", "Action plans", "Partnership"]
    page = client.get(reverse("partnership:hub")).content.decode()
    for section in ("Meetings", "Case reviews", "Referrals", "Hate incidents", "Business crime"):
        assert f">{section}</a>" in page
    assert "News and screens" not in page and ">Screen messages</a>" in page
    assert ">Surveys</a>" not in page  # analytics only


def test_partnership_is_active_on_its_sections_pages(client, council, signed_in):
    signed_in(member(Role.CASEWORKER, council, username="nav-active"))
    menu = dict(_menu(client, reverse("casereviews:list")))
    assert menu["Partnership"] is True and menu["Caseload"] is False


def test_an_administrator_has_no_partnership_page(client, council, signed_in):
    signed_in(member(Role.ADMIN, council, username="nav-admin"))
    labels = [label for label, _ in _menu(client)]
    assert "Partnership" not in labels and "Open311 apps" in labels and "Users" in labels
    assert client.get(reverse("partnership:hub")).status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.ANALYST, Role.VIEWER])
def test_every_link_on_the_partnership_page_opens_for_its_reader(client, council, signed_in, role):
    signed_in(member(role, council, username=f"nav-{role}"))
    response = client.get(reverse("partnership:hub"))
    assert response.status_code == 200
    for section in response.context["sections"]:
        assert client.get(section.url()).status_code == 200, section.label
