"""What a resident who sent a report may learn of it: its plain status, nothing more."""

from dataclasses import dataclass
from datetime import datetime

from safer.cases.models import (
    Case,
    Report,
)

# What a resident may learn about their own report: one of these, never the case behind it.
PUBLIC_RECEIVED = "received"
PUBLIC_IN_HAND = "in_hand"
PUBLIC_CLOSED = "closed"


@dataclass(frozen=True)
class PublicReportStatus:
    """All a resident checking a report they sent is shown: nothing from the case system."""

    reference: str
    received_at: datetime
    status: str


def report_for_public_check(reference: str, email: str) -> Report | None:
    """The report sent through the public form with this reference and reporter's e-mail
    address (both compared without regard to case), or None."""
    reference, email = reference.strip(), email.strip()
    if not reference or not email:
        return None
    return (
        Report.objects.filter(
            received_via=Report.ReceivedVia.WEB,
            recorded_by__isnull=True,
            reference__iexact=reference,
            reporter_email__iexact=email,
        )
        .order_by("pk")
        .first()
    )


def report_public_status(report: Report) -> PublicReportStatus:
    """A report's plain status for its reporter: received until someone assesses it or builds a
    case from it, then being dealt with until that case closes."""
    if report.case_id and report.case.status == Case.Status.CLOSED:
        status = PUBLIC_CLOSED
    elif report.case_id or report.risk:
        status = PUBLIC_IN_HAND
    else:
        status = PUBLIC_RECEIVED
    return PublicReportStatus(
        reference=report.reference, received_at=report.reported_at, status=status
    )
