"""Reads of the audit log: filtered lists for administrators and the chain check."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from safer.audit.chain import GENESIS_HASH, compute_hash, search_reference
from safer.audit.models import AuditEvent

BROKEN_CONTENT = "its contents no longer match its hash, so it was changed after it was written"
BROKEN_LINK = (
    "it does not follow on from the event before it, so an event was removed, inserted or "
    "reordered just before it"
)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: intact, or where and why it first breaks.

    With an expected last hash (one recorded outside the database earlier), `expected_found`
    says whether that event is still in the chain and `after_expected` how many followed it.
    """

    ok: bool
    checked: int
    first_broken: AuditEvent | None = None
    reason: str = ""
    last_hash: str = GENESIS_HASH
    expected_found: bool | None = None
    after_expected: int = 0


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(
    *,
    actor_username: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    search: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, narrowed by any filters given; dates are local and inclusive.

    `action` matches a whole action or the start of one ("person." gives every person event);
    `search` finds the lists shown for those search words, by their keyed reference.
    """
    events = AuditEvent.objects.order_by("-id")
    if actor_username:
        events = events.filter(actor_username__iexact=actor_username)
    if action:
        events = events.filter(action__startswith=action)
    if target_type:
        events = events.filter(target_type=target_type.lower())
    if target_id:
        events = events.filter(target_id=target_id)
    if search:
        events = events.filter(changes__search__ref=search_reference(search))
    if date_from:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_start_of(date_to + timedelta(days=1)))
    return events


def chain_verify(*, batch_size: int = 2000, expect_last: str | None = None) -> ChainReport:
    """Walk every event in id order, recomputing hashes and links; reads only, writes nothing.

    A chain cut short at its end, or rewritten whole by someone holding the key, is still sound
    on its own; `expect_last` (a last hash kept elsewhere) must then still be found in it.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    found_at = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if compute_hash(event) != event.hash:
            return ChainReport(False, checked, event, BROKEN_CONTENT, expected_prev)
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event, BROKEN_LINK, expected_prev)
        expected_prev = event.hash
        checked += 1
        if event.hash == expect_last:
            found_at = checked
    if expect_last is None:
        return ChainReport(True, checked, last_hash=expected_prev)
    return ChainReport(
        True,
        checked,
        last_hash=expected_prev,
        expected_found=found_at is not None or expect_last == GENESIS_HASH,
        after_expected=checked - (found_at or 0),
    )
