"""The request id in audit rows: stored, covered by the hash chain, and absent outside requests."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from safer.audit.chain import compute_hash, hashed_values
from safer.audit.models import AuditEvent
from safer.audit.selectors import chain_verify
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql, triggers_disabled
from safer.core import request_context
from safer.partners.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_sign_in_is_audited_with_the_proxys_request_id(client, caseworker):
    client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": TEST_PASSWORD},
        HTTP_X_REQUEST_ID="nginx-4f2a.9",
    )

    event = AuditEvent.objects.get(action="user.signed_in")
    assert event.request_id == "nginx-4f2a.9"


def test_an_event_outside_a_request_has_none_and_hashes_as_before(caseworker):
    event = record(actor=caseworker, action="person.viewed", target=caseworker)

    assert event.request_id is None
    assert "request_id" not in hashed_values(event)


def test_the_request_id_is_in_the_hash_and_tampering_with_it_breaks_the_chain(caseworker):
    token = request_context.set_current(request_context.RequestContext(request_id="req-1"))
    try:
        first = record(actor=caseworker, action="person.viewed", target=caseworker)
    finally:
        request_context.reset(token)
    record(actor=caseworker, action="person.viewed", target=caseworker)  # no request id
    assert hashed_values(first)["request_id"] == "req-1"
    assert first.hash == compute_hash(first)
    assert chain_verify().ok
    call_command("verify_audit")  # exits 0

    with triggers_disabled():
        raw_sql("UPDATE audit_auditevent SET request_id = %s WHERE id = %s", ["req-2", first.pk])

    report = chain_verify()
    assert not report.ok
    assert report.first_broken.pk == first.pk
