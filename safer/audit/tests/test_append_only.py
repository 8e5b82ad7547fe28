import pytest
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError

from safer.audit.chain import HASHED_FIELDS, hashed_values
from safer.audit.models import APPEND_ONLY, AuditEvent
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(caseworker):
    return record(actor=caseworker, action="person.viewed", target=caseworker)


def test_database_refuses_a_raw_update(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "person.viewed"


def test_database_refuses_a_raw_delete(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_refuses_to_save_an_existing_event(event):
    event.action = "person.changed"
    with pytest.raises(TypeError, match=APPEND_ONLY):
        event.save()


def test_orm_refuses_to_delete_an_event(event):
    with pytest.raises(TypeError, match=APPEND_ONLY):
        event.delete()


def test_orm_refuses_bulk_update_and_delete(event):
    with pytest.raises(TypeError, match=APPEND_ONLY):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError, match=APPEND_ONLY):
        AuditEvent.objects.all().delete()


def test_a_user_with_history_cannot_be_deleted(event, caseworker):
    with pytest.raises(ProtectedError):
        caseworker.delete()


def test_hash_covers_every_stored_field_but_id_and_hash_itself(event):
    stored = {field.attname for field in AuditEvent._meta.concrete_fields}

    assert set(HASHED_FIELDS) == stored - {"id", "hash"}
    # Outside a request an event has no request id, and its hash leaves the field out.
    assert set(hashed_values(event)) == set(HASHED_FIELDS) - {"request_id"}
