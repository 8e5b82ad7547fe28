from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from safer.audit.chain import GENESIS_HASH, compute_hash
from safer.audit.models import AuditEvent
from safer.audit.selectors import BROKEN_CONTENT, BROKEN_LINK, audit_event_list, chain_verify
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql, triggers_disabled

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def events(caseworker, admin):
    """Five linked events by two users."""
    return [
        record(actor=caseworker, action="user.signed_in"),
        record(actor=caseworker, action="person.viewed", target=caseworker),
        record(actor=admin, action="user.signed_in"),
        record(actor=caseworker, action="person.changed", target=admin, changes={"a": [1, 2]}),
        record(actor=admin, action="audit.exported"),
    ]


def _backdate(event: AuditEvent, when: datetime) -> None:
    with triggers_disabled():
        raw_sql("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [when, event.pk])


def test_list_is_newest_first(events):
    assert list(audit_event_list()) == list(reversed(events))


def test_list_filters_by_username_case_insensitively(events):
    result = audit_event_list(actor_username="ADMIN")

    assert {event.actor_username for event in result} == {"admin"}
    assert result.count() == 2


def test_list_filters_by_whole_action_or_its_start(events):
    assert audit_event_list(action="person.viewed").count() == 1
    assert audit_event_list(action="person.").count() == 2


def test_list_filters_by_record(events, admin):
    result = audit_event_list(target_type="Accounts.User", target_id=str(admin.pk))

    assert list(result) == [events[3]]


def test_list_filters_by_local_dates_inclusively(events):
    _backdate(events[0], datetime(2026, 3, 1, 0, 30, tzinfo=LONDON))
    _backdate(events[1], datetime(2026, 3, 2, 23, 59, tzinfo=LONDON))
    _backdate(events[2], datetime(2026, 3, 3, 0, 0, tzinfo=LONDON))

    assert set(audit_event_list(date_from=date(2026, 3, 1), date_to=date(2026, 3, 2))) == {
        events[0],
        events[1],
    }
    assert events[0] not in audit_event_list(date_from=date(2026, 3, 2))
    assert events[2] not in audit_event_list(date_to=date(2026, 3, 2))


def test_verify_empty_log_is_intact():
    report = chain_verify()

    assert report.ok
    assert report.checked == 0
    assert report.last_hash == GENESIS_HASH


def test_verify_intact_chain_counts_every_event_across_batches(events):
    report = chain_verify(batch_size=2)

    assert report.ok
    assert report.checked == 5
    assert report.first_broken is None
    assert report.last_hash == events[-1].hash


def test_verify_detects_an_edited_event(events):
    with triggers_disabled():
        raw_sql(
            "UPDATE audit_auditevent SET actor_username = %s WHERE id = %s",
            ["someone-else", events[2].pk],
        )

    report = chain_verify()

    assert not report.ok
    assert report.first_broken == events[2]
    assert report.checked == 2
    assert report.reason == BROKEN_CONTENT


def test_verify_detects_an_edited_event_whose_hash_was_recomputed(events):
    forged = AuditEvent.objects.get(pk=events[2].pk)
    forged.action = "nothing.happened"
    with triggers_disabled():
        raw_sql(
            "UPDATE audit_auditevent SET action = %s, hash = %s WHERE id = %s",
            [forged.action, compute_hash(forged), forged.pk],
        )

    report = chain_verify()

    assert report.first_broken == events[3]
    assert report.reason == BROKEN_LINK


def test_verify_detects_a_deleted_event_in_the_middle(events):
    with triggers_disabled():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])

    report = chain_verify()

    assert not report.ok
    assert report.first_broken == events[3]
    assert report.reason == BROKEN_LINK


def test_verify_detects_reordered_events(events):
    first, second = events[1].pk, events[2].pk
    spare = max(event.pk for event in events) + 100
    with triggers_disabled():
        raw_sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [spare, first])
        raw_sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [first, second])
        raw_sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [second, spare])

    report = chain_verify()

    assert not report.ok
    assert report.first_broken.pk == first
    assert report.reason == BROKEN_LINK


def test_verify_detects_an_event_replaced_by_a_forged_one(events):
    with triggers_disabled():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    forged = AuditEvent(
        id=events[2].pk,
        occurred_at=events[2].occurred_at,
        action="nothing.happened",
        prev_hash=events[1].hash,
    )
    forged.hash = compute_hash(forged)
    forged.save(force_insert=True)

    report = chain_verify()

    assert report.first_broken == events[3]
    assert report.reason == BROKEN_LINK
