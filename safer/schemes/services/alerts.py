"""Alerts to a scheme's members, by e-mail and on their page, with read receipts."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer import audit
from safer.notifications.services import message_send
from safer.schemes import selectors
from safer.schemes.access import SchemeAccess
from safer.schemes.models import (
    AgreementSignature,
    Alert,
    AlertReceipt,
)
from safer.schemes.services.common import (
    EMPTY_TEXT,
    _clean,
)

# --- Alerts ---------------------------------------------------------------------------------


AREA_UNKNOWN = "Choose one of the partnership's areas"
AREA_AND_POSTCODE = "Choose a postcode area or one of the partnership's areas, not both"
POSTCODE_AREA_FORM = "Enter a postcode area like OX, a district like OX16 or a sector like OX16 5"
NONE_IN_POSTCODE = "None of the scheme's approved premises has a postcode in {postcode}"
NONE_IN_AREA = (
    "None of the scheme's approved premises with a map point lies inside {area}: "
    "add their map points on the premises' pages, or alert by postcode"
)
POSTCODE_AREA = re.compile(r"[A-Z]{1,2}(\d[A-Z\d]?( \d)?)?")


@transaction.atomic
def alert_send(
    *,
    access: SchemeAccess,
    title: str,
    body: str,
    sent_by,
    postcode_area: str = "",
    area_id: int | None = None,
) -> Alert:
    """An urgent message to every member user who has signed the agreement in force (only those
    at premises in `postcode_area`, or inside the partnership's area `area_id`, when given): on
    their page and by e-mail. Every problem is reported at once; nothing is sent to no one."""
    access.require_manage()
    postcode_area = " ".join((postcode_area or "").upper().split())
    errors = {}
    for field, value, what in (("title", title, "title of the alert"), ("body", body, "message")):
        if not (value or "").strip():
            errors[field] = EMPTY_TEXT.format(what=what)
    area, reached, where_error = _recipients_where(access, postcode_area, area_id)
    errors.update(where_error)
    if errors:
        raise ValidationError(errors)
    alert = Alert(
        scheme=access.scheme,
        title=title.strip(),
        body=body.strip(),
        postcode_area=postcode_area,
        area=area,
        area_name=area.name if area else "",
        sent_by=sent_by,
    )
    _clean(alert)
    alert.save()
    places = selectors.approved_places(access.scheme)
    if reached is not None:
        places = places.filter(business__in=reached)
    signed = set(
        AgreementSignature.objects.filter(version=access.agreement).values_list("user", flat=True)
    )
    users = {p.user.pk: p.user for p in places if p.user_id in signed}
    AlertReceipt.objects.bulk_create([AlertReceipt(alert=alert, user=u) for u in users.values()])
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "schemes:alert", args=[access.scheme.pk, alert.pk]
    )
    for user in users.values():
        if user.email:
            message_send(
                kind="scheme_alert",
                subject=f"{access.scheme.name} alert: {alert.title}",
                body=f"{alert.body}\n\nSee it and mark it read: {link}",
                to_email=user.email,
                recipient=user,
                sent_by=sent_by,
            )
    audit.record(
        actor=sent_by,
        action="scheme.alert_sent",
        target=alert,
        organisation=access.scheme.organisation,
        changes={
            "recipients": len(users),
            "postcode_area": alert.postcode_area,
            "area": alert.area_name,
        },
    )
    return alert


def _recipients_where(access: SchemeAccess, postcode_area: str, area_id: int | None):
    """(area, premises ids reached or None for every member, errors by field) for an alert
    narrowed to one of the hub's areas or to a postcode area, district or sector."""
    from safer.intel.models import CustomArea

    if area_id is not None:
        area = CustomArea.objects.filter(pk=area_id).first()
        if area is None:
            return None, None, {"area_id": AREA_UNKNOWN}
        if postcode_area:
            return None, None, {"area_id": AREA_AND_POSTCODE}
        reached = selectors.premises_in_area(access.scheme, area)
        if not reached:
            return None, None, {"area_id": NONE_IN_AREA.format(area=area.name)}
        return area, reached, {}
    if postcode_area:
        if not POSTCODE_AREA.fullmatch(postcode_area):
            return None, None, {"postcode_area": POSTCODE_AREA_FORM}
        reached = selectors.premises_in_postcode_area(access.scheme, postcode_area)
        if not reached:
            return None, None, {"postcode_area": NONE_IN_POSTCODE.format(postcode=postcode_area)}
        return None, reached, {}
    return None, None, {}


def alert_read(*, alert: Alert, user) -> None:
    AlertReceipt.objects.filter(alert=alert, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
