from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql, triggers_disabled

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(caseworker):
    return [record(actor=caseworker, action=f"person.viewed{n}") for n in range(4)]


def test_intact_chain_reports_the_count_and_exits_0(events):
    out = StringIO()

    call_command("verify_audit", stdout=out)

    assert "Audit chain intact: 4 events checked" in out.getvalue()
    assert events[-1].hash in out.getvalue()


def test_tampered_event_is_named_and_exits_1(events):
    with triggers_disabled():
        raw_sql(
            "UPDATE audit_auditevent SET target_label = %s WHERE id = %s",
            ["Person 99", events[1].pk],
        )

    with pytest.raises(CommandError) as error:
        call_command("verify_audit", stdout=StringIO())

    assert error.value.returncode == 1
    message = str(error.value)
    assert message.startswith(f"Audit chain broken at event {events[1].pk} (")
    assert "person.viewed1" in message
    assert "changed after it was written" in message


def test_deleted_middle_event_is_detected_and_exits_1(events):
    with triggers_disabled():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--batch-size", "1", stdout=StringIO())

    assert error.value.returncode == 1
    assert f"at event {events[2].pk} (" in str(error.value)
    assert "removed" in str(error.value)


def _plain_sha256(event) -> str:
    """The hash an attacker without the key can compute: SHA-256 as the chain used before keying."""
    from safer.audit.chain import legacy_hash

    return legacy_hash(event)


def _last_hash() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue().split("Last hash: ")[1].strip()


def test_rows_cut_off_the_end_are_caught_by_expect_last(events):
    recorded = _last_hash()
    assert recorded == events[-1].hash
    with triggers_disabled():
        raw_sql("DELETE FROM audit_auditevent WHERE id >= %s", [events[2].pk])

    call_command("verify_audit", stdout=StringIO())  # what is left is a sound chain on its own
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--expect-last", recorded, stdout=StringIO())

    assert error.value.returncode == 1
    assert recorded in str(error.value)
    assert "cut off" in str(error.value)


def test_expect_last_passes_when_events_followed_it(events, caseworker):
    recorded = _last_hash()
    record(actor=caseworker, action="person.viewed.later")

    out = StringIO()
    call_command("verify_audit", "--expect-last", recorded, stdout=out)

    assert "Audit chain intact: 5 events checked" in out.getvalue()
    assert "1 event since" in out.getvalue()


def test_expect_last_refuses_something_that_is_not_a_hash(events):
    with pytest.raises(CommandError, match="64 hexadecimal"):
        call_command("verify_audit", "--expect-last", "not-a-hash", stdout=StringIO())


def test_chain_rewritten_with_plain_sha256_is_caught(events):
    """Triggers dropped, an event changed and the chain recomputed without the key."""
    from safer.audit.models import AuditEvent

    with triggers_disabled():
        raw_sql(
            "UPDATE audit_auditevent SET target_label = %s WHERE id = %s",
            ["Person 99", events[1].pk],
        )
        prev = "0" * 64
        for event in AuditEvent.objects.order_by("id"):
            event.prev_hash = prev
            forged = _plain_sha256(event)
            raw_sql(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, forged, event.pk],
            )
            prev = forged

    # Before the chain was keyed, this rewrite verified: every row matched its plain SHA-256.
    assert all(_plain_sha256(e) == e.hash for e in AuditEvent.objects.all())
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", stdout=StringIO())

    assert error.value.returncode == 1
    assert f"at event {events[0].pk} (" in str(error.value)
    assert "AUDIT_HMAC_KEY" in str(error.value)


def test_a_different_key_fails_verification(events, settings):
    settings.AUDIT_HMAC_KEY = "another key entirely"

    with pytest.raises(CommandError, match="AUDIT_HMAC_KEY"):
        call_command("verify_audit", stdout=StringIO())
