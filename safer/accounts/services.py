"""Writes to accounts: second factors and personal API tokens."""

import hmac

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer import audit
from safer.accounts.models import ApiToken, User

TOKEN_NAME_MISSING = "Give the token a name so you can recognise it later"


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
    *, user: User, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Issue a personal API token; the secret is returned once and only its digest is kept."""
    name = name.strip()
    if not name:
        raise ValueError(TOKEN_NAME_MISSING)
    secret, key_id, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, key_id=key_id, digest=digest)
    audit.record(
        actor=created_by or user,
        action="api_token.created",
        target=user,
        changes={"token": [None, str(token)]},
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


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, revoked or malformed."""
    if not secret.startswith(ApiToken.PREFIX) or "_" not in secret[len(ApiToken.PREFIX) :]:
        return None
    key_id = secret[len(ApiToken.PREFIX) :].split("_", 1)[0]
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_id=key_id, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, ApiToken.digest_of(secret)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
