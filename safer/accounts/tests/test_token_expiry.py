"""API tokens expire, and failed token authentications are limited per address and key id."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from safer.accounts.models import ApiToken
from safer.accounts.services import api_token_create, api_token_revoke
from safer.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(client, token, ip="192.0.2.10"):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=ip)


def test_a_new_token_lasts_the_configured_days(caseworker, settings):
    settings.API_TOKEN_DAYS = 30
    token, _ = api_token_create(user=caseworker, name="laptop")
    lifetime = token.expires_at - token.created_at
    assert timedelta(days=30) - timedelta(seconds=5) < lifetime <= timedelta(days=30)
    token, _ = api_token_create(user=caseworker, name="short", days=2)
    assert (token.expires_at - token.created_at).days in (1, 2)


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_lifetime_out_of_range_is_refused(caseworker, days):
    with pytest.raises(ValueError, match="between 1 and 3650 days"):
        api_token_create(user=caseworker, name="laptop", days=days)


def test_an_expired_token_is_refused_saying_so_and_audited(client, caseworker):
    token, secret = api_token_create(user=caseworker, name="laptop")
    assert bearer(client, secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = bearer(client, secret)
    assert response.status_code == 401
    assert "This API token expired on" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="api_token.expired_refused", actor=caseworker).exists()


def test_a_revoked_token_is_refused_saying_so(client, caseworker):
    token, secret = api_token_create(user=caseworker, name="laptop")
    api_token_revoke(token=token)
    response = bearer(client, secret)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_create_api_token_takes_days(caseworker):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "caseworker", "--days", "7", stdout=out, stderr=err)
    token = ApiToken.objects.get(user=caseworker)
    assert (token.expires_at - token.created_at).days in (6, 7)
    assert ApiToken.digest_of(out.getvalue().strip()) == token.digest
    assert "expiring" in err.getvalue()
    with pytest.raises(CommandError, match="between 1 and 3650"):
        call_command("create_api_token", "caseworker", "--days", "0", stdout=out, stderr=err)


def test_failures_from_one_address_are_limited_with_retry_after(client, caseworker, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    _, secret = api_token_create(user=caseworker, name="laptop")
    for attempt in range(3):
        assert bearer(client, f"sc_{attempt:012d}_guess").status_code == 401
    refused = bearer(client, "sc_999999999999_guess")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 15 * 60
    assert "Too many failed API token sign-ins" in refused.json()["detail"]
    # Even the right token is refused from that address until the window ends...
    assert bearer(client, secret).status_code == 429
    # ...but not from another one.
    assert bearer(client, secret, ip="192.0.2.99").status_code == 200
    limited = AuditEvent.objects.filter(action="api_token.limited")
    assert limited.count() == 1  # the crossing is audited once, not every refusal after it


def test_failures_against_one_key_id_are_limited_from_any_address(client, caseworker, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    token, secret = api_token_create(user=caseworker, name="laptop")
    for attempt in range(4):
        guess = f"sc_{token.key_id}_wrong{attempt}"
        bearer(client, guess, ip=f"198.51.100.{attempt}")
    response = bearer(client, secret, ip="203.0.113.1")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_the_window_ending_lets_a_limited_address_in_again(client, caseworker, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 1
    settings.API_TOKEN_FAILURE_WINDOW_MINUTES = 1
    _, secret = api_token_create(user=caseworker, name="laptop")
    bearer(client, "sc_000000000000_guess")
    bearer(client, "sc_000000000001_guess")
    assert bearer(client, secret).status_code == 429
    from safer.core.models import RateCounter

    RateCounter.objects.update(window_start=timezone.now() - timedelta(minutes=2))
    assert bearer(client, secret).status_code == 200
