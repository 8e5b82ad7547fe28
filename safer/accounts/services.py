"""Writes to accounts: second factors and personal API tokens."""

import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer import audit
from safer.accounts.models import ApiToken, User
from safer.core import ratelimit

MAX_TOKEN_DAYS = 3650

TOKEN_NAME_MISSING = "Give the token a name so you can recognise it later"
TOKEN_DAYS_WRONG = f"A token lasts between 1 and {MAX_TOKEN_DAYS} days"
TOKEN_EXPIRED = (
    "This API token expired on {date}: create a new one on your account page "
    "(Your API tokens) or ask an administrator"
)
TOKEN_REVOKED = "This API token was revoked on {date}: create a new one to carry on"
TOKEN_FAILURES_LIMITED = (
    "Too many failed API token sign-ins from here: try again after {time} with a valid token"
)


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use so the QR code stays stable."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm a new authenticator once the user proves it works; audited."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit.record(actor=device.user, action="user.two_factor_enabled", target=device.user)
    return True


@transaction.atomic
def api_token_create(
    *, user: User, name: str, created_by: User | None = None, days: int | None = None
) -> tuple[ApiToken, str]:
    """Issue a personal API token lasting `days` (settings.API_TOKEN_DAYS unless given); the
    secret is returned once and only its digest is kept."""
    name = name.strip()
    if not name:
        raise ValueError(TOKEN_NAME_MISSING)
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(TOKEN_DAYS_WRONG)
    secret, key_id, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_id=key_id,
        digest=digest,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        actor=created_by or user,
        action="api_token.created",
        target=user,
        changes={"token": [None, str(token)], "expires_at": [None, token.expires_at]},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User | None = None) -> ApiToken:
    """Revoke a token at once; it can never be used again."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=revoked_by or token.user,
            action="api_token.revoked",
            target=token.user,
            changes={"token": [str(token), None]},
        )
    return token


def _day(moment) -> str:
    """4 March 2027, in the service's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


class TokenRefused(Exception):
    """A genuine token that can no longer be used; the message says why and what to do."""


@dataclass(frozen=True)
class _Failures:
    scope: str
    key: str


def _failure_rate() -> ratelimit.Rate:
    return ratelimit.Rate(
        settings.API_TOKEN_FAILURE_LIMIT,
        timedelta(minutes=settings.API_TOKEN_FAILURE_WINDOW_MINUTES),
    )


def _failure_counters(key_id: str | None, client_ip: str | None) -> list[_Failures]:
    counters = [_Failures("api_token.ip", (client_ip or "unknown")[:100])]
    if key_id:
        counters.append(_Failures("api_token.key", key_id[:100]))
    return counters


def _failed(counters: list[_Failures]) -> None:
    """Count one failed token authentication for each counter; the failure that uses up a limit
    is audited (the refusals after it, by `_refuse_if_limited`, add no rows)."""
    for counter in counters:
        try:
            ratelimit.consume(counter.scope, counter.key, _failure_rate())
            ratelimit.check(counter.scope, counter.key, _failure_rate())
        except ratelimit.RateLimited as limited:
            audit.record(
                action="api_token.limited",
                changes={"counter": counter.scope, "resumes_at": limited.resumes_at},
                target_label=counter.key if counter.scope == "api_token.key" else "",
            )


def _refuse_if_limited(counters: list[_Failures]) -> None:
    """Every token is checked against its address's and key id's failures: one read for both."""
    ratelimit.check_all([(c.scope, c.key) for c in counters], _failure_rate())


def token_limited_message(refused: ratelimit.RateLimited) -> str:
    return TOKEN_FAILURES_LIMITED.format(
        time=timezone.localtime(refused.resumes_at).strftime("%H:%M")
    )


def api_token_authenticate(*, secret: str, client_ip: str | None = None) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, wrong or malformed.

    Raises TokenRefused for a genuine token that is revoked or expired, and RateLimited when the
    client address or the key id has failed too often (settings.API_TOKEN_FAILURE_*), so that
    secrets cannot be guessed at speed."""
    key_id = None
    if secret.startswith(ApiToken.PREFIX) and "_" in secret[len(ApiToken.PREFIX) :]:
        key_id = secret[len(ApiToken.PREFIX) :].split("_", 1)[0]
    counters = _failure_counters(key_id, client_ip)
    _refuse_if_limited(counters)
    token = (
        ApiToken.objects.select_related("user").filter(key_id=key_id).first() if key_id else None
    )
    if token is None or not hmac.compare_digest(token.digest, ApiToken.digest_of(secret)):
        _failed(counters)
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(TOKEN_REVOKED.format(date=_day(token.revoked_at)))
    if token.is_expired(now):
        audit.record(
            actor=token.user,
            action="api_token.expired_refused",
            target=token.user,
            changes={"token": [str(token), None]},
        )
        raise TokenRefused(TOKEN_EXPIRED.format(date=_day(token.expires_at)))
    if not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


PASSWORD_LINKS_LIMITED = (
    "Too many password links have been sent to {address} or from your computer recently, so "
    "none was sent. Try again after {time}"
)


def password_attempt_counted(*, what: str, keys: dict[str, str | None], limit: int, actor=None):
    """Count one password link or set-password attempt against each key (the address, the client
    IP), or audit the refusal and raise RateLimited: links and reset tokens must not be sprayed.
    Limits per settings.PASSWORD_RATE_WINDOW_MINUTES."""
    rate = ratelimit.Rate(limit, timedelta(minutes=settings.PASSWORD_RATE_WINDOW_MINUTES))
    for kind, key in keys.items():
        try:
            ratelimit.consume(f"{what}.{kind}", (key or "unknown")[:100], rate)
        except ratelimit.RateLimited as refused:
            audit.record(
                actor=actor,
                action=f"{what}.limited",
                changes={"by": kind, "resumes_at": refused.resumes_at},
            )
            raise


def password_links_limited_message(refused: ratelimit.RateLimited, address: str) -> str:
    time = timezone.localtime(refused.resumes_at).strftime("%H:%M")
    return PASSWORD_LINKS_LIMITED.format(address=address, time=time)


def _sign_in_rate() -> ratelimit.Rate:
    return ratelimit.Rate(
        settings.SIGN_IN_IP_FAILURE_LIMIT, timedelta(minutes=settings.SIGN_IN_IP_WINDOW_MINUTES)
    )


def sign_in_address_check(client_ip: str | None) -> None:
    """RateLimited if this address has failed to sign in too often, whichever the accounts."""
    ratelimit.check("sign_in.ip", (client_ip or "unknown")[:100], _sign_in_rate())


def sign_in_address_failed(client_ip: str | None) -> None:
    """Count a failed sign-in from this address; the failure that uses up the limit is audited."""
    key = (client_ip or "unknown")[:100]
    try:
        ratelimit.consume("sign_in.ip", key, _sign_in_rate())
        ratelimit.check("sign_in.ip", key, _sign_in_rate())
    except ratelimit.RateLimited as limited:
        audit.record(action="sign_in.address_limited", changes={"resumes_at": limited.resumes_at})
