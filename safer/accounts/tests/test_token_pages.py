"""The account page where a user lists, creates and revokes their own API tokens."""

import pytest
from django.urls import reverse

from safer.accounts.models import ApiToken
from safer.accounts.services import api_token_create
from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_page_lists_only_the_users_own_tokens(client, caseworker, council):
    api_token_create(user=caseworker, name="Reporting spreadsheet")
    api_token_create(user=member(Role.CASEWORKER, council), name="Someone else's")
    client.force_login(caseworker)
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert "Reporting spreadsheet" in page
    assert "Someone else" not in page
    assert "Never" in page  # not used yet


def test_a_created_token_is_shown_once_and_works(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:api_token_create"), {"name": "Laptop", "days": "10"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=caseworker)
    secret = next(
        word.split("<")[0]
        for word in response.content.decode().split(">")
        if word.startswith(f"sc_{token.key_id}_")
    )
    assert ApiToken.digest_of(secret) == token.digest
    assert (token.expires_at - token.created_at).days in (9, 10)
    assert AuditEvent.objects.filter(action="api_token.created", actor=caseworker).exists()
    listing = client.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in listing
    client.logout()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["username"] == "caseworker"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": " ", "days": "10"}, "Enter a name for the token"),
        ({"name": "Laptop", "days": "0"}, "between 1 and 3650"),
        ({"name": "Laptop", "days": ""}, "Enter how many days"),
    ],
)
def test_a_wrong_form_says_what_is_wrong(client, caseworker, data, error):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:api_token_create"), data)
    assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_refuses_the_token(client, caseworker):
    token, secret = api_token_create(user=caseworker, name="Laptop")
    client.force_login(caseworker)
    url = reverse("accounts:api_token_revoke", args=[token.key_id])
    confirm = client.get(url)
    assert "Revoke the token" in confirm.content.decode()
    assert "Laptop" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url).url == reverse("accounts:api_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=caseworker).exists()
    client.logout()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_another_users_token_cannot_be_revoked_or_seen(client, caseworker, council):
    other, _ = api_token_create(user=member(Role.CASEWORKER, council), name="Theirs")
    client.force_login(caseworker)
    url = reverse("accounts:api_token_revoke", args=[other.key_id])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:api_tokens"))
    assert response.url.startswith(reverse("accounts:login"))
