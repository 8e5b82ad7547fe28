"""The audit log as CSV lines, for streaming downloads."""

import csv
import json
from collections.abc import Iterable, Iterator

from safer.audit.models import AuditEvent

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
# Cells a spreadsheet would run as a formula (user agents, for one, come from the caller).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """A header line, then one line per event; text that looks like a formula is defused."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        yield writer.writerow(
            [
                event.id,
                event.occurred_at.isoformat(),
                _cell(event.actor_username),
                _cell(event.organisation_name),
                _cell(event.action),
                _cell(event.target_type),
                _cell(event.target_id),
                _cell(event.target_label),
                json.dumps(event.changes, sort_keys=True, ensure_ascii=False),
                event.ip_address or "",
                _cell(event.user_agent),
                event.prev_hash,
                event.hash,
            ]
        )
