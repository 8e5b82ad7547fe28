"""Key the audit chain: re-hash every existing event with HMAC-SHA256 (docs/adr/0002-audit-chain.md).

Each event is first checked against the plain SHA-256 chain it was written in; if that chain is
already broken the migration stops, rather than re-sign a log that was tampered with. An event
`audit.chain_keyed` is then appended holding the number of events re-hashed and the last plain
hash, so a "Last hash" recorded before this release can still be matched. The append-only
triggers are lifted for the rewrite and put back in the same transaction.
"""

import importlib

from django.db import migrations
from django.utils import timezone

from safer.audit.chain import GENESIS_HASH, compute_hash, legacy_hash

_triggers = importlib.import_module("safer.audit.migrations.0002_append_only_triggers")

BATCH = 2000
LEGACY_BROKEN = (
    "The audit chain is already broken at event {pk}, before it was keyed: this migration "
    "stops rather than re-sign a log that may have been tampered with. Run `manage.py "
    "verify_audit` of the previous release, investigate, and restore the log from a backup."
)


def _immediate(schema_editor) -> None:
    """PostgreSQL refuses trigger DDL while foreign key checks are pending: run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def rehash(AuditEvent, *, check, compute) -> tuple[int, str, str]:
    """Walk the events in id order, each checked with `check` and re-hashed with `compute`.

    Returns (events re-hashed, last hash before, last hash after).
    """
    old_prev = new_prev = GENESIS_HASH
    count = last_id = 0
    while rows := list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:BATCH]):
        for event in rows:
            if event.prev_hash != old_prev or check(event) != event.hash:
                raise RuntimeError(LEGACY_BROKEN.format(pk=event.pk))
            old_prev = event.hash
            event.prev_hash = new_prev
            new_prev = compute(event)
            # The plain manager: the model's own refuses updates (here the triggers are lifted).
            AuditEvent._base_manager.filter(pk=event.pk).update(
                prev_hash=event.prev_hash, hash=new_prev
            )
            count += 1
        last_id = rows[-1].pk
    return count, old_prev, new_prev


def _rewrite(apps, schema_editor, *, check, compute) -> tuple[int, str, str]:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    _immediate(schema_editor)
    _triggers.remove(apps, schema_editor)
    result = rehash(AuditEvent, check=check, compute=compute)
    _immediate(schema_editor)
    _triggers.install(apps, schema_editor)
    return result


def key_chain(apps, schema_editor) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if not AuditEvent.objects.exists():
        return
    count, legacy_last, last = _rewrite(
        apps, schema_editor, check=legacy_hash, compute=compute_hash
    )
    marker = AuditEvent(
        occurred_at=timezone.now(),
        action="audit.chain_keyed",
        changes={"events": count, "legacy_last_hash": legacy_last},
        prev_hash=last,
    )
    marker.hash = compute_hash(marker)
    marker.save(force_insert=True)


def unkey_chain(apps, schema_editor) -> None:
    """Back to plain SHA-256, so the previous release's verify_audit passes again."""
    if apps.get_model("audit", "AuditEvent").objects.exists():
        _rewrite(apps, schema_editor, check=compute_hash, compute=legacy_hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(key_chain, unkey_chain, elidable=False)]
