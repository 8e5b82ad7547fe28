"""The hash chain that makes the audit log tamper-evident.

Each event stores `prev_hash` (the previous event's hash, or 64 zeros for the first) and
`hash = HMAC-SHA256(key, prev_hash + canonical_json(fields))`. The key comes from settings, never
from the database, so someone who can drop the triggers still cannot write a chain that verifies
(docs/adr/0002-audit-chain.md). The hashed fields are every stored field
except `id` and `hash` itself: the id is assigned by the database on insert and rows can never
be updated, so the hash has to be known before the id is. Order is carried by the linkage
instead: events are walked in id order and each must name its predecessor's hash, so a changed,
removed, inserted or reordered event breaks the chain at or just after that point.

`request_id` (added later) is hashed only when the event has one, so events written before it
existed, and events written outside a request, keep the hash they were given.
"""

import hashlib
import hmac
import ipaddress
import json
import math
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

GENESIS_HASH = "0" * 64

# The stored fields that go into each event's hash, in the order documented above.
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "organisation_id",
    "organisation_name",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "ip_address",
    "user_agent",
    "request_id",
    "prev_hash",
)


def canonical_timestamp(value: datetime) -> str:
    """UTC with microseconds, whatever time zone the database driver hands back."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_ip(value: str | None) -> str | None:
    """One spelling per address: PostgreSQL's inet may shorten an IPv6 address differently."""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return value


def canonical_json_value(value: Any) -> Any:
    """Whole floats as integers, since PostgreSQL's jsonb may give 1e+20 back as an integer."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: canonical_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_json_value(item) for item in value]
    return value


def canonical_json(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)


def hashed_values(event) -> dict[str, Any]:
    """The event's hashed fields in canonical form (request_id only when it has one)."""
    values = {
        "occurred_at": canonical_timestamp(event.occurred_at),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_id,
        "organisation_name": event.organisation_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "changes": canonical_json_value(event.changes),
        "ip_address": canonical_ip(event.ip_address),
        "user_agent": event.user_agent,
        "prev_hash": event.prev_hash,
    }
    # getattr: migration 0003's historical model has no request_id.
    request_id = getattr(event, "request_id", None)
    if request_id:
        values["request_id"] = request_id
    return values


# Labels of the keys derived from the one configured secret, so that no two uses share a key.
CHAIN_KEY_LABEL = b"safer-communities audit chain v1"
SEARCH_KEY_LABEL = b"safer-communities audit search reference v1"


def derived_key(label: bytes) -> bytes:
    """HMAC-SHA256(secret, label): AUDIT_HMAC_KEY, or SECRET_KEY when that is not set."""
    secret = settings.AUDIT_HMAC_KEY or settings.SECRET_KEY
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


def _payload(event) -> bytes:
    return (event.prev_hash + canonical_json(hashed_values(event))).encode()


def compute_hash(event) -> str:
    """HMAC-SHA256 of the previous hash followed by the canonical JSON of the event's fields."""
    return hmac.new(derived_key(CHAIN_KEY_LABEL), _payload(event), hashlib.sha256).hexdigest()


def search_reference(words: str) -> str:
    """A keyed, one-way stand-in for search words: the same words (whatever their case and
    spacing) always give the same reference, and the reference never gives the words back."""
    normalised = " ".join(words.casefold().split())
    digest = hmac.new(derived_key(SEARCH_KEY_LABEL), normalised.encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def legacy_hash(event) -> str:
    """The unkeyed SHA-256 the chain used until migration 0003 keyed it (kept for it)."""
    return hashlib.sha256(_payload(event)).hexdigest()
