"""The audit log as CSV lines, for streaming downloads."""

import json
from collections.abc import Iterable, Iterator

from safer.audit.models import AuditEvent
from safer.core import csv_export

CSV_COLUMNS = (
    "id",
    "occurred_at",
    "actor_username",
    "organisation_name",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "ip_address",
    "user_agent",
    "prev_hash",
    "hash",
)


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """A header line, then one line per event; text that looks like a formula is defused
    (user agents, for one, come from the caller)."""
    yield from csv_export.lines([CSV_COLUMNS])
    yield from csv_export.lines(
        [
            event.id,
            event.occurred_at.isoformat(),
            event.actor_username,
            event.organisation_name,
            event.action,
            event.target_type,
            event.target_id,
            event.target_label,
            json.dumps(event.changes, sort_keys=True, ensure_ascii=False),
            event.ip_address,
            event.user_agent,
            event.prev_hash,
            event.hash,
        ]
        for event in events
    )
