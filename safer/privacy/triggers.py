"""Lift the audit table's append-only triggers for a restore, and put them back.

Only a restore replaces audit rows: it loads the very rows (and hashes) a backup took, so the
chain verifies afterwards. The statements are those of safer/audit's migration 0002.
"""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("safer.audit.migrations.0002_append_only_triggers")


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def audit_triggers_lifted() -> Iterator[None]:
    """Inside a transaction: the triggers are off for the block and back on when it ends well.

    If the block fails, the transaction's rollback brings the triggers back (DDL is
    transactional on both databases).
    """
    if connection.vendor == "postgresql":
        # ALTER TABLE refuses while foreign key checks are pending: run them now.
        _execute(
            [
                "SET CONSTRAINTS ALL IMMEDIATE",
                "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
                "SET CONSTRAINTS ALL DEFERRED",
            ]
        )
    else:
        _execute(_triggers.SQLITE_REMOVE)
    yield
    if connection.vendor == "postgresql":
        _execute(
            [
                "SET CONSTRAINTS ALL IMMEDIATE",
                "ALTER TABLE audit_auditevent ENABLE TRIGGER USER",
                "SET CONSTRAINTS ALL DEFERRED",
            ]
        )
    else:
        _execute(_triggers.SQLITE_INSTALL)
