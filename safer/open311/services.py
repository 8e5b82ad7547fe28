"""Writes of the Open311 service: keys issued, used and revoked; a GeoReport request received
as a public web report. Each audited."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.cases.models import Report
from safer.cases.services import report_receive_public
from safer.open311.models import Open311Key, Open311Request

APP_NAME_MISSING = "Enter the name of the app the key is for"
APP_NAME_TOO_LONG = "The app's name must be 100 characters or fewer"
KEY_ALREADY_REVOKED = "This key has already been revoked"
# The grid the published point is snapped to (degrees): about 560 m north to south and 340 m
# east to west in England, so the point names a neighbourhood, not a house.
GRID = 0.005


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def key_create(*, app_name: str, created_by=None) -> tuple[Open311Key, str]:
    """Issue a key to an app: returns the record and the key itself, which is shown once and
    never stored (only its SHA-256 digest is)."""
    app_name = app_name.strip()
    if not app_name:
        raise ValidationError({"app_name": [APP_NAME_MISSING]})
    if len(app_name) > 100:
        raise ValidationError({"app_name": [APP_NAME_TOO_LONG]})
    key = secrets.token_urlsafe(32)
    record = Open311Key.objects.create(
        app_name=app_name, digest=key_digest(key), prefix=key[:8], created_by=created_by
    )
    audit.record(
        actor=created_by,
        action="open311.key_created",
        target=record,
        changes={"app_name": app_name, "prefix": record.prefix},
    )
    return record, key


@transaction.atomic
def key_revoke(*, key: Open311Key, revoked_by) -> Open311Key:
    """Stop a key working: the app's next request is refused with 403. Its reports stay."""
    key = Open311Key.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise ValidationError(KEY_ALREADY_REVOKED)
    key.revoked_at, key.revoked_by = timezone.now(), revoked_by
    key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit.record(
        actor=revoked_by,
        action="open311.key_revoked",
        target=key,
        changes={"app_name": key.app_name, "prefix": key.prefix},
    )
    return key


def key_for(presented: str) -> Open311Key | None:
    """The key record a presented key is, whether or not revoked; None for an unknown key.
    Digests are compared by the database's unique index: the key is 256 bits of randomness,
    so a timing difference on a digest gives nothing away."""
    if not presented:
        return None
    return Open311Key.objects.filter(digest=key_digest(presented)).first()


@dataclass(frozen=True)
class Submission:
    """A GeoReport POST, checked (see views._submission): what the report is made of."""

    service_code: str
    description: str
    address: str
    uprn: str
    postcode: str
    latitude: float | None
    longitude: float | None
    occurred_at: datetime
    happening_now: bool | None
    affected: str
    reporter_name: str
    reporter_email: str
    reporter_phone: str
    consents_to_contact: bool
    language: str
    media_url: str


def public_point(latitude: float | None, longitude: float | None) -> tuple[Decimal, Decimal] | None:
    """The centre of the grid cell the point falls in: what is published instead of the point."""
    if latitude is None or longitude is None:
        return None
    half = GRID / 2
    return (
        Decimal(f"{(latitude // GRID) * GRID + half:.4f}"),
        Decimal(f"{(longitude // GRID) * GRID + half:.4f}"),
    )


def _point_words(latitude: float | None, longitude: float | None) -> str:
    """What the report's address says when the app sent only a point (staff see the map)."""
    if latitude is None or longitude is None:
        return ""
    return f"Point given by an Open311 app: {latitude:.6f}, {longitude:.6f}"


@transaction.atomic
def request_receive(*, key: Open311Key, submission: Submission) -> Open311Request:
    """Record a GeoReport request as a public web report (the intake queue's, like the web
    form's), with the app that sent it; raises ValidationError (nothing stored) if the report
    is refused."""
    report: Report = report_receive_public(
        occurred_at=submission.occurred_at,
        type=submission.service_code,
        description=submission.description,
        address=submission.address or _point_words(submission.latitude, submission.longitude),
        postcode=submission.postcode,
        uprn=submission.uprn,
        latitude=submission.latitude,
        longitude=submission.longitude,
        language=submission.language,
        happening_now=submission.happening_now,
        affected=submission.affected,
        reporter_name=submission.reporter_name,
        reporter_email=submission.reporter_email,
        reporter_phone=submission.reporter_phone,
        consents_to_contact=submission.consents_to_contact,
    )
    point = public_point(submission.latitude, submission.longitude)
    received = Open311Request.objects.create(
        report=report,
        key=key,
        token=secrets.token_hex(16),
        media_url=submission.media_url,
        public_lat=point[0] if point else None,
        public_long=point[1] if point else None,
    )
    Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    audit.record(
        action="open311.request_received",
        target=report,
        changes={
            "app_name": key.app_name,
            "key": key.prefix,
            "media_url": bool(received.media_url),
        },
    )
    return received
