"""The one writer of audit rows."""

import ipaddress
import json
import math
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst

from safer.audit.chain import GENESIS_HASH, compute_hash, search_reference
from safer.audit.models import AuditEvent
from safer.core import request_context
from safer.partners.access import organisation_of
from safer.partners.models import Organisation

ACTION_MISSING = "An audit event needs an action, such as 'person.viewed'"

# Any fixed bigint: the PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK_ID = 0x5AFE_A0D1_7C4A_1000


class _ChangesEncoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as DjangoJSONEncoder does; sets as lists, records as their pk."""

    def default(self, o):
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        if isinstance(o, Model):
            return o.pk
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _json_safe(value: Any) -> Any:
    """Plain JSON that both databases store exactly (no NaN or infinity, which jsonb refuses)."""

    def finite(item: Any) -> Any:
        if isinstance(item, float) and not math.isfinite(item):
            return str(item)
        if isinstance(item, dict):
            return {str(key): finite(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [finite(inner) for inner in item]
        return item

    return finite(json.loads(json.dumps(value, cls=_ChangesEncoder)))


def _valid_ip(value: str | None) -> str | None:
    """The caller's address if it is one the inet column accepts, else None."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if getattr(address, "scope_id", None):
        return None
    return str(address)


def _clip(value: str, field: str) -> str:
    """Text cut to the column's length, without NUL characters PostgreSQL refuses."""
    return value.replace("\x00", "")[: AuditEvent._meta.get_field(field).max_length]


def _lock_chain() -> None:
    """Hold the chain until this transaction ends, so two appends never share a predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])
    # SQLite: settings open every transaction with BEGIN IMMEDIATE, which takes the database's
    # single write lock at once, so appends are already serialised.


def record(
    *,
    actor=None,
    action: str,
    target: Model | None = None,
    changes: dict | None = None,
    organisation: Organisation | None = None,
    target_label: str | None = None,
    search: str | None = None,
) -> AuditEvent:
    """Append one event to the hash-chained audit log; joins the caller's transaction.

    The actor is a user or None for the system; their organisation is taken from their
    membership unless given. The caller's address comes from the current request, if any.
    Search words (`search`) are personal data the log must not keep: it stores a keyed reference
    and the number of words instead (`changes["search"]`), found again by the audit filter.
    Appends are serialised (advisory lock on PostgreSQL, IMMEDIATE transactions on SQLite), and
    the lock is held until the caller's transaction commits, so record late in a transaction:
    taking a row lock after an audit row, in a transaction, risks a deadlock with another that
    takes the same row lock and then audits.
    """
    if not action:
        raise ValueError(ACTION_MISSING)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # AnonymousUser: recorded as the system
    if organisation is None and actor is not None:
        organisation = organisation_of(actor)
    if search and search.strip():
        changes = {
            **(changes or {}),
            "search": {"ref": search_reference(search), "words": len(search.split())},
        }
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        if target_label is None:
            target_label = f"{capfirst(target._meta.verbose_name)} {target.pk}"
    context = request_context.current()
    event = AuditEvent(
        actor=actor,
        actor_username=_clip(actor.get_username(), "actor_username") if actor else "",
        organisation=organisation,
        organisation_name=_clip(organisation.name, "organisation_name") if organisation else "",
        action=_clip(action, "action"),
        target_type=_clip(target_type, "target_type"),
        target_id=_clip(target_id, "target_id"),
        target_label=_clip(target_label or "", "target_label"),
        changes=_json_safe(changes or {}),
        ip_address=_valid_ip(context.ip_address),
        user_agent=_clip(context.user_agent or "", "user_agent"),
        request_id=context.request_id or None,
    )
    # No savepoint when nested: a failed append must roll back the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = last or GENESIS_HASH
        # Taken under the lock, so times rise with ids.
        event.occurred_at = timezone.now()
        event.hash = compute_hash(event)
        event.save(force_insert=True)
    return event
