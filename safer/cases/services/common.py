"""Pieces every case service shares: references, optimistic locking, the timeline."""

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format

from safer import audit
from safer.cases.models import Case, CaseEvent, ReferenceCounter, Versioned
from safer.partners.access import can_change, can_contribute

READ_ONLY = "You can see this record but you cannot change it"


class Conflict(Exception):
    """Someone else saved the record after it was read; nothing was written."""

    def __init__(self, record: Versioned):
        who = record.updated_by.display_name if record.updated_by else "someone else"
        when = date_format(timezone.localtime(record.updated_at), "j M Y H:i")
        super().__init__(
            f"{record} was changed by {who} at {when} while you were editing it. "
            "Your changes have not been saved: reload it and make them again."
        )


def next_reference(prefix: str, *, year: int | None = None) -> str:
    """Issue the next human reference for the prefix and year, e.g. ASB-2026-000123.

    One UPDATE ... RETURNING takes the number atomically (PostgreSQL and SQLite 3.35+); the
    counter row is created on the year's first reference.
    """
    year = year or timezone.localdate().year
    table = ReferenceCounter._meta.db_table
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE prefix = %s AND year = %s RETURNING last",  # noqa: S608 - table name from the model
            [prefix, year],
        )
        row = cursor.fetchone()
        if row is None:
            counter, created = ReferenceCounter.objects.get_or_create(
                prefix=prefix, year=year, defaults={"last": 1}
            )
            if not created:  # another request created it first
                return next_reference(prefix, year=year)
            number = counter.last
        else:
            number = row[0]
    return f"{prefix}-{year}-{number:06d}"


def bump_version(record: Versioned, *, by, expected_version: int | None) -> None:
    """Refuse a stale save; otherwise move the version on and note who saved it.

    The check and the increment run as one conditional UPDATE, so two concurrent saves of the
    same version cannot both succeed.
    """
    model = type(record)
    current = expected_version if expected_version is not None else record.version
    updated = model.objects.filter(pk=record.pk, version=current).update(
        version=current + 1, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        record.refresh_from_db()
        raise Conflict(record)
    record.version, record.updated_by = current + 1, by


def require_change(user, record) -> None:
    if not can_change(user, record):
        raise PermissionDenied(READ_ONLY)


CANNOT_CONTRIBUTE = "You can see this case but your role cannot add to it"


def require_contribute(user, record) -> None:
    """Adding a note, task, document or intervention: the owner's or a partner's editing role."""
    if not can_contribute(user, record):
        raise PermissionDenied(CANNOT_CONTRIBUTE)


def timeline(case: Case, *, actor, kind: str, summary: str) -> CaseEvent:
    """Add a line to the case's timeline."""
    return CaseEvent.objects.create(case=case, actor=actor, kind=kind, summary=summary[:300])


def report_viewed(*, report, viewed_by, via: str) -> None:
    """Record that someone opened a report (it names people)."""
    audit.record(actor=viewed_by, action="report.viewed", target=report, changes={"via": via})


def case_viewed(*, case: Case, viewed_by, via: str) -> None:
    """Record that someone opened a case."""
    audit.record(actor=viewed_by, action="case.viewed", target=case, changes={"via": via})


def case_document_viewed(*, document, viewed_by) -> None:
    """Record that someone downloaded a case document."""
    audit.record(
        actor=viewed_by,
        action="case.document_downloaded",
        target=document.case,
        changes={"document": document.pk},
    )


def report_photo_viewed(*, photo, viewed_by) -> None:
    """Record that someone looked at a photo a resident sent with a report."""
    audit.record(
        actor=viewed_by,
        action="report.photo_viewed",
        target=photo.report,
        changes={"photo": photo.pk},
    )


def publicity_sheet_produced(*, intervention, produced_by) -> None:
    """Record that a publicity sheet naming someone was produced (an export of personal data)."""
    audit.record(
        actor=produced_by,
        action="intervention.publicity_exported",
        target=intervention.case,
        changes={"intervention": intervention.pk, "person": intervention.person_id},
    )


def records_listed(*, kind: str, listed_by, filters: dict, shown: list[int], via: str) -> None:
    """Record that someone was shown a list of cases or reports (they name places and people),
    which ones, and for which search (the log keeps a reference to the search words, not them)."""
    audit.record(
        actor=listed_by,
        action=f"{kind}.listed",
        changes={
            "filters": {k: v for k, v in filters.items() if v and k != "q"},
            kind: shown,
            "via": via,
        },
        search=filters.get("q"),
    )


def records_downloaded(*, kind: str, downloaded_by, filters: dict, count: int, format: str) -> None:
    """Record that someone took a list of cases or reports away as a file: for which search,
    in which format and how many rows (the file leaves the service; the log is all that stays)."""
    audit.record(
        actor=downloaded_by,
        action=f"{kind}.downloaded",
        changes={
            "filters": {k: v for k, v in filters.items() if v and k != "q"},
            "format": format,
            "count": count,
        },
        search=filters.get("q"),
    )
