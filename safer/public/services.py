"""Writes of the public front door: the single-use links that show a resident the status of a
report they sent. The report itself is recorded by cases (report_receive_public)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from safer import audit
from safer.cases.selectors import (
    PublicReportStatus,
    report_for_public_check,
    report_public_status,
)
from safer.notifications.services import message_send
from safer.public.models import StatusLink

STATUS_LINK_KIND = "public_status_link"


def _status_message(*, reference: str, link: str, hours: int) -> tuple[str, str]:
    subject = gettext("Check your report %(reference)s") % {"reference": reference}
    body = gettext(
        "You asked to see the status of report %(reference)s.\n\n"
        "Open this link to see it. The link works once and stops working after %(hours)s "
        "hours:\n%(link)s\n\n"
        "If you did not ask for this, you can ignore this e-mail.\n\n"
        "If someone is in danger or a crime is happening now, call 999."
    ) % {"reference": reference, "link": link, "hours": hours}
    return subject, body


@transaction.atomic
def status_link_send(*, reference: str, email: str) -> StatusLink | None:
    """If a report sent through the public form has this reference and e-mail address, e-mail
    that address a single-use link to its status, in the visitor's language; otherwise do
    nothing. The caller answers the same either way, so nobody learns whether a report exists."""
    report = report_for_public_check(reference, email)
    if report is None:
        return None
    token = secrets.token_urlsafe(32)
    hours = settings.PUBLIC_STATUS_LINK_HOURS
    status_link = StatusLink.objects.create(
        report=report,
        token_digest=StatusLink.digest_of(token),
        language=get_language() or "",
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    path = reverse("public:check_report_status", args=[token])
    link = settings.PUBLIC_BASE_URL.rstrip("/") + path
    subject, body = _status_message(reference=report.reference, link=link, hours=hours)
    hidden, _ = _status_message(reference=report.reference, link="(single-use link)", hours=hours)
    message_send(
        kind=STATUS_LINK_KIND,
        subject=subject,
        body=body,
        to_email=report.reporter_email,
        stored_body=hidden,
    )
    audit.record(
        actor=None,
        action="report.status_link_sent",
        target=report,
        organisation=report.organisation,
    )
    return status_link


def status_link_for_token(token: str) -> StatusLink | None:
    """The link with this token, whether or not it can still be used; None if there is none."""
    return (
        StatusLink.objects.select_related("report", "report__case")
        .filter(token_digest=StatusLink.digest_of(token or ""))
        .first()
    )


@transaction.atomic
def status_link_use(*, token: str) -> PublicReportStatus | None:
    """Spend a status link and give its report's plain status; None if the link is unknown,
    used or expired."""
    status_link = status_link_for_token(token)
    if status_link is None:
        return None
    # Spent by one conditional UPDATE: of two requests racing with the same link, one wins.
    now = timezone.now()
    spent = StatusLink.objects.filter(
        pk=status_link.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not spent:
        return None
    status = report_public_status(status_link.report)
    audit.record(
        actor=None,
        action="report.status_checked",
        target=status_link.report,
        changes={"status": status.status},
        organisation=status_link.report.organisation,
    )
    return status
