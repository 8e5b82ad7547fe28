"""Personal API tokens: stored hashed, usable as Bearer tokens, revocable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safer.accounts.models import ApiToken
from safer.accounts.services import api_token_create, api_token_revoke
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


def bearer(client, token):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_token_authenticates_api_calls(client, caseworker):
    _, secret = api_token_create(user=caseworker, name="laptop")
    response = bearer(client, secret)
    assert response.status_code == 200
    assert response.json()["username"] == "caseworker"


def test_token_is_stored_only_as_a_digest(caseworker):
    token, secret = api_token_create(user=caseworker, name="laptop")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.key_id, stored.name)
    assert stored.digest == ApiToken.digest_of(secret)


def test_revoked_token_is_refused(client, caseworker):
    token, secret = api_token_create(user=caseworker, name="laptop")
    api_token_revoke(token=token)
    assert bearer(client, secret).status_code == 401


@pytest.mark.parametrize("secret", ["nonsense", "sc_abc", "sc_000000000000_wrong", ""])
def test_unknown_or_malformed_tokens_are_refused(client, caseworker, secret):
    api_token_create(user=caseworker, name="laptop")
    assert bearer(client, secret).status_code == 401


def test_tampered_secret_with_real_key_id_is_refused(client, caseworker):
    _, secret = api_token_create(user=caseworker, name="laptop")
    assert bearer(client, secret[:-2] + "xx").status_code == 401


def test_token_of_deactivated_user_is_refused(client, caseworker):
    _, secret = api_token_create(user=caseworker, name="laptop")
    caseworker.is_active = False
    caseworker.save()
    assert bearer(client, secret).status_code == 401


def test_anonymous_api_call_is_refused_with_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_create_api_token_command_prints_a_working_token(client, council, capsys):
    member(Role.PARTNER_OFFICER, council, username="officer")
    call_command("create_api_token", "officer", "--name", "script")
    secret = capsys.readouterr().out.strip()
    assert bearer(client, secret).status_code == 200


def test_create_api_token_for_unknown_user_fails():
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("create_api_token", "ghost")


def test_revoke_api_token_command(client, caseworker):
    token, secret = api_token_create(user=caseworker, name="laptop")
    call_command("revoke_api_token", "--key-id", token.key_id)
    assert bearer(client, secret).status_code == 401
