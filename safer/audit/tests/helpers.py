"""Test helpers for the audit log: going round the append-only triggers, as a tamperer would."""

import importlib
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("safer.audit.migrations.0002_append_only_triggers")


@contextmanager
def triggers_disabled():
    """Lift the database's append-only guard for the block (the table owner can do this)."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # ALTER TABLE refuses while foreign key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            for sql in _triggers.SQLITE_REMOVE:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for sql in _triggers.SQLITE_INSTALL:
                    cursor.execute(sql)


def raw_sql(sql: str, params: list | None = None) -> None:
    """Run SQL straight on the database, bypassing the ORM's refusals."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
