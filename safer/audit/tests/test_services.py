import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import transaction

from safer import audit
from safer.audit.chain import GENESIS_HASH, compute_hash
from safer.audit.models import AuditEvent
from safer.audit.services import ACTION_MISSING, record
from safer.core import request_context

pytestmark = pytest.mark.django_db


def test_record_writes_actor_organisation_and_request_origin(caseworker, council, from_browser):
    event = record(actor=caseworker, action="person.viewed", target=caseworker)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == caseworker
    assert stored.actor_username == "caseworker"
    assert stored.organisation == council
    assert stored.organisation_name == "Test District Council"
    assert stored.action == "person.viewed"
    assert stored.ip_address == "203.0.113.7"
    assert stored.user_agent == "TestBrowser/1.0"


def test_record_describes_a_model_target_without_personal_data(caseworker):
    event = record(actor=caseworker, action="user.changed", target=caseworker)

    assert event.target_type == "accounts.user"
    assert event.target_id == str(caseworker.pk)
    assert event.target_label == f"User {caseworker.pk}"


def test_record_keeps_a_label_given_by_the_caller(caseworker):
    event = record(actor=caseworker, action="user.changed", target=caseworker, target_label="Me")

    assert event.target_label == "Me"


def test_record_by_the_system_has_no_actor_or_organisation():
    event = record(actor=None, action="import.finished")

    assert event.actor is None
    assert event.actor_username == ""
    assert event.organisation is None
    assert event.organisation_name == ""
    assert event.target_type == ""
    assert event.ip_address is None


def test_record_takes_an_explicit_organisation(caseworker, police):
    event = record(actor=caseworker, action="record.shared", organisation=police)

    assert event.organisation == police
    assert event.organisation_name == "Test Police"


def test_first_event_starts_the_chain_and_each_next_links_to_it(caseworker):
    first = record(actor=caseworker, action="user.signed_in")
    second = record(actor=caseworker, action="person.viewed")

    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.hash != second.hash
    for event in AuditEvent.objects.all():
        assert compute_hash(event) == event.hash


def test_changes_are_stored_as_json_safe_values(caseworker):
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    event = record(
        actor=caseworker,
        action="person.changed",
        changes={
            "date_of_birth": [date(1990, 1, 2), date(1991, 3, 4)],
            "seen_at": [None, datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)],
            "score": [Decimal("1.50"), 2.0],
            "reference": [None, key],
            "tags": [set(), {"b", "a"}],
            "organisation": [None, caseworker.membership.organisation],
        },
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == {
        "date_of_birth": ["1990-01-02", "1991-03-04"],
        "seen_at": [None, "2026-05-06T07:08:09Z"],
        "score": ["1.50", 2.0],
        "reference": [None, str(key)],
        "tags": [[], ["a", "b"]],
        "organisation": [None, caseworker.membership.organisation.pk],
    }
    assert compute_hash(stored) == stored.hash


def test_changes_refused_by_jsonb_are_made_storable(caseworker):
    event = record(
        actor=caseworker, action="x.changed", changes={"a": [float("nan"), 1e20], "b": 1.0}
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes["a"][0] == "nan"
    assert compute_hash(stored) == stored.hash


def test_record_ignores_an_address_that_is_not_an_ip(caseworker):
    token = request_context.set_current(request_context.RequestContext(ip_address="not-an-ip"))
    try:
        event = record(actor=caseworker, action="user.signed_in")
    finally:
        request_context.reset(token)

    assert AuditEvent.objects.get(pk=event.pk).ip_address is None


def test_ipv6_address_round_trips_to_the_same_hash(caseworker):
    token = request_context.set_current(
        request_context.RequestContext(ip_address="2001:0DB8:0000:0000:0000:0000:0000:0001")
    )
    try:
        event = record(actor=caseworker, action="user.signed_in")
    finally:
        request_context.reset(token)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip_address == "2001:db8::1"
    assert compute_hash(stored) == stored.hash


def test_overlong_text_is_cut_to_fit(caseworker):
    token = request_context.set_current(request_context.RequestContext(user_agent="x" * 500))
    try:
        event = record(actor=caseworker, action="user.signed_in", target_label="y" * 500)
    finally:
        request_context.reset(token)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert len(stored.user_agent) == 300
    assert len(stored.target_label) == 200


def test_record_joins_the_callers_transaction(caseworker):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=caseworker, action="person.created")
        raise RuntimeError("the caller's change failed")

    assert not AuditEvent.objects.exists()


def test_record_needs_an_action(caseworker):
    with pytest.raises(ValueError, match=ACTION_MISSING):
        record(actor=caseworker, action="")


def test_package_level_record_is_the_service(caseworker):
    event = audit.record(actor=caseworker, action="person.viewed", target=caseworker)

    assert AuditEvent.objects.get() == event
