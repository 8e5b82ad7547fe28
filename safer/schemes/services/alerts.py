"""Alerts to a scheme's members, by e-mail and on their page, with read receipts."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer import audit
from safer.notifications.services import message_send
from safer.schemes.access import SchemeAccess
from safer.schemes.models import (
    AgreementSignature,
    Alert,
    AlertReceipt,
    Approval,
    SchemeUser,
)
from safer.schemes.services.common import (
    _clean,
    _require_text,
)

# --- Alerts ---------------------------------------------------------------------------------


@transaction.atomic
def alert_send(
    *, access: SchemeAccess, title: str, body: str, sent_by, postcode_area: str = ""
) -> Alert:
    """An urgent message to every member user who has signed the agreement in force (those at
    premises in `postcode_area` when given): on their page and by e-mail."""
    access.require_manage()
    alert = Alert(
        scheme=access.scheme,
        title=_require_text(title, "title", "title of the alert"),
        body=_require_text(body, "body", "message"),
        postcode_area=(postcode_area or "").strip().upper(),
        sent_by=sent_by,
    )
    _clean(alert)
    alert.save()
    places = SchemeUser.objects.filter(
        business__scheme=access.scheme,
        status=Approval.APPROVED,
        business__status=Approval.APPROVED,
        user__is_active=True,
    ).select_related("user")
    if alert.postcode_area:
        places = places.filter(business__postcode__istartswith=alert.postcode_area)
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
        changes={"recipients": len(users)},
    )
    return alert


def alert_read(*, alert: Alert, user) -> None:
    AlertReceipt.objects.filter(alert=alert, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
