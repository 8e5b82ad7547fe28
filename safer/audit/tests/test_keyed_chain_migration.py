"""Migration 0003 re-hashes an existing plain SHA-256 chain with the key, and back."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from safer.audit.chain import legacy_hash
from safer.audit.models import AuditEvent
from safer.audit.selectors import chain_verify
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql, triggers_disabled

pytestmark = pytest.mark.django_db

migration = importlib.import_module("safer.audit.migrations.0003_keyed_chain")


@pytest.fixture
def schema_editor():
    """Enough of a schema editor for RunPython code that runs SQL (the real one refuses to open
    inside a test's transaction on SQLite)."""

    def execute(sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    yield SimpleNamespace(connection=connection, execute=execute)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def legacy_chain(caseworker, schema_editor):
    """Events as the previous release wrote them: a plain SHA-256 chain."""
    for n in range(5):
        record(actor=caseworker, action=f"person.viewed{n}", changes={"n": n})
    migration.unkey_chain(apps, schema_editor)
    events = list(AuditEvent.objects.order_by("id"))
    assert all(legacy_hash(event) == event.hash for event in events)
    return events


def test_an_old_chain_verifies_after_it_is_keyed(legacy_chain, schema_editor):
    assert not chain_verify().ok  # the plain chain does not pass the keyed check

    migration.key_chain(apps, schema_editor)

    report = chain_verify()
    assert report.ok, report.reason
    assert report.checked == 6
    marker = AuditEvent.objects.order_by("id").last()
    assert marker.action == "audit.chain_keyed"
    assert marker.changes == {"events": 5, "legacy_last_hash": legacy_chain[-1].hash}


def test_the_triggers_are_back_after_keying(legacy_chain, schema_editor):
    from django.db import DatabaseError, transaction

    migration.key_chain(apps, schema_editor)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [legacy_chain[0].pk])


def test_an_old_chain_already_broken_is_not_re_signed(legacy_chain, schema_editor):
    with triggers_disabled():
        raw_sql(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s",
            ["person.forged", legacy_chain[2].pk],
        )

    with pytest.raises(RuntimeError, match=f"already broken at event {legacy_chain[2].pk}"):
        migration.key_chain(apps, schema_editor)


def test_an_empty_log_gets_no_marker(schema_editor):
    migration.key_chain(apps, schema_editor)

    assert not AuditEvent.objects.exists()
