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
