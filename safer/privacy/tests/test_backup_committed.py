"""The round trip through real commits: the backup reads one snapshot outside any transaction,
and the restored audit table is append-only again once the restore has committed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from safer.audit.selectors import chain_verify
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql
from safer.privacy.tests.test_backup import every_file, every_row, wipe


@pytest.fixture
def emptied_afterwards(transactional_db):
    """Empty the database, audit rows too, before the test database is flushed (the audit
    table's triggers would refuse the flush's DELETE on SQLite)."""
    yield
    with transaction.atomic():
        wipe(files=False)


@pytest.mark.django_db(transaction=True)
def test_a_committed_round_trip_keeps_records_files_and_the_guarded_chain(
    emptied_afterwards, partnership, parquet_file, caseworker, tmp_path
):
    record(actor=caseworker, action="person.viewed", target=partnership.victim)
    target = tmp_path / "backup"
    call_command("backup", str(target))
    rows = every_row(tmp_path)
    uploads = every_file(Path(settings.MEDIA_ROOT))

    with transaction.atomic():
        wipe()
    call_command("restore", str(target))

    assert every_row(tmp_path) == rows
    assert every_file(Path(settings.MEDIA_ROOT)) == uploads
    assert chain_verify().ok
    with pytest.raises(Exception, match="append-only"):
        raw_sql("DELETE FROM audit_auditevent")
