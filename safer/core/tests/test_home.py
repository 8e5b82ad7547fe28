import pytest
from django.urls import reverse

from safer.partners.roles import Role
from safer.partners.tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_home_renders_for_every_role(signed_in, council, role):
    user = member(role, council)
    client = signed_in(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Safer Communities" in body
    assert user.display_name in body
    assert "Test District Council" in body


def test_home_explains_missing_membership(client):
    user = UserFactory()
    client.force_login(user)
    body = client.get(reverse("core:home")).content.decode()
    assert "not yet linked to a partner organisation" in body


def test_navigation_follows_capabilities(signed_in, council):
    analyst_page = signed_in(member(Role.ANALYST, council)).get("/").content.decode()
    assert reverse("people:list") not in analyst_page
    client = signed_in(member(Role.CASEWORKER, council))
    assert reverse("people:list") in client.get("/").content.decode()
