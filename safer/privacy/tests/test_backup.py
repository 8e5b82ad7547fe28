import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from safer.audit.models import AuditEvent
from safer.audit.selectors import chain_verify
from safer.audit.services import record
from safer.audit.tests.helpers import raw_sql
from safer.cases.models import CaseDocument
from safer.privacy import backup
from safer.privacy.triggers import audit_triggers_lifted

pytestmark = pytest.mark.django_db


def every_row(tmp_path: Path) -> list[str]:
    """Every row of every model, serialised exactly as a backup writes them."""
    path = tmp_path / "rows.jsonl"
    backup.database_dump(path)
    rows = path.read_text(encoding="utf-8").splitlines()
    path.unlink()
    return rows


def every_file(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def wipe(*, files: bool = True) -> None:
    """Empty the database (audit rows too) and delete uploads and the analytics store."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with audit_triggers_lifted():
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    if files:
        shutil.rmtree(settings.MEDIA_ROOT)
        shutil.rmtree(settings.INTEL_DATA_DIR)


@pytest.fixture
def made(partnership, parquet_file, caseworker, tmp_path):
    record(actor=caseworker, action="person.viewed", target=partnership.victim)
    # A many-to-many link or two, which the rows carry as lists.
    group = Group.objects.create(name="Night shift")
    group.permissions.set(Permission.objects.all()[:3])
    caseworker.groups.add(group)
    target = tmp_path / "backup"
    call_command("backup", str(target))
    return target


def test_round_trip_keeps_every_record_every_file_and_the_audit_chain(made, tmp_path):
    rows = every_row(tmp_path)
    uploads = every_file(Path(settings.MEDIA_ROOT))
    store = every_file(Path(settings.INTEL_DATA_DIR))
    assert any('"model": "audit.auditevent"' in row for row in rows)
    assert any('"groups": [' in row and '"groups": []' not in row for row in rows)
    assert len(uploads) == 1 and any(name.endswith(".parquet") for name in store)
    events = AuditEvent.objects.count()

    wipe()
    assert AuditEvent.objects.count() == 0 and not Path(settings.MEDIA_ROOT).exists()
    call_command("restore", str(made))

    assert every_row(tmp_path) == rows
    assert every_file(Path(settings.MEDIA_ROOT)) == uploads
    assert every_file(Path(settings.INTEL_DATA_DIR)) == {
        name: data for name, data in store.items() if name != ".import.lock"
    }
    document = CaseDocument.objects.get()
    assert document.file.read().startswith(b"%PDF-1.4 diary")
    report = chain_verify()
    assert report.ok, report.reason
    assert report.checked == events
    call_command("verify_audit")
    # The triggers are back: the restored log is append-only again.
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent")


def test_new_rows_after_a_restore_get_fresh_ids_and_extend_the_chain(made, caseworker):
    wipe()
    call_command("restore", str(made))
    before = AuditEvent.objects.order_by("-id").first()
    after = record(actor=caseworker, action="test.after_restore")
    assert after.pk > before.pk and after.prev_hash == before.hash
    assert chain_verify().ok


def test_manifest_lists_every_file_with_size_and_checksum(made):
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["database_engine"] == connection.vendor
    assert "audit" in manifest["migrations"] and manifest["app_version"]
    names = {entry["name"] for entry in manifest["files"]}
    assert "database.jsonl" in names
    assert any(name.startswith("media/cases/") for name in names)
    assert any(name.startswith("intel/crimes/") for name in names)
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def test_backup_refuses_a_directory_that_holds_files(partnership, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "full"))


def refused(path: Path, message: str, **options) -> None:
    """Restore refuses with the message and the database is untouched."""
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), **options)
    assert message in str(error.value)
    assert AuditEvent.objects.count() == events


def test_a_damaged_file_is_refused_by_name(made):
    document = next((made / "media").rglob("*.pdf"))
    document.write_bytes(document.read_bytes().replace(b"diary", b"DIARY"))
    name = document.relative_to(made).as_posix()
    refused(made, backup.WRONG_CHECKSUM.format(name=name), force=True)


def test_a_truncated_database_file_is_refused(made):
    rows = made / "database.jsonl"
    rows.write_bytes(rows.read_bytes()[:100])
    refused(made, "database.jsonl should be", force=True)


def test_a_missing_file_is_refused(made):
    next((made / "intel").rglob("*.parquet")).unlink()
    refused(made, "is listed in the manifest but missing", force=True)


def test_a_truncated_manifest_is_refused(made):
    manifest = made / "manifest.json"
    manifest.write_text(manifest.read_text()[:200])
    refused(made, "manifest.json in", force=True)


def test_a_missing_manifest_is_refused(made):
    (made / "manifest.json").unlink()
    refused(made, "has no manifest.json", force=True)


def test_another_format_version_is_refused(made):
    manifest = made / "manifest.json"
    content = json.loads(manifest.read_text())
    content["format_version"] = 99
    manifest.write_text(json.dumps(content))
    refused(made, "format version 99", force=True)


def test_a_different_schema_is_refused(made):
    manifest = made / "manifest.json"
    content = json.loads(manifest.read_text())
    content["migrations"]["cases"].append("9999_from_the_future")
    manifest.write_text(json.dumps(content))
    refused(made, "cases has 9999_from_the_future which this code does not", force=True)


def test_an_added_file_is_refused(made):
    (made / "media" / "planted.pdf").write_bytes(b"%PDF")
    refused(made, "media/planted.pdf, which the manifest does not list", force=True)


def test_a_database_with_records_needs_force(made, tmp_path):
    refused(made, "The database already holds records")
    rows = every_row(tmp_path)
    record(actor=None, action="test.after_backup")
    call_command("restore", str(made), force=True)
    assert every_row(tmp_path) == rows


def test_check_verifies_without_restoring(made, caseworker):
    out = io.StringIO()
    record(actor=caseworker, action="test.after_backup")
    call_command("restore", str(made), check=True, stdout=out)
    assert "complete and intact" in out.getvalue()
    assert AuditEvent.objects.filter(action="test.after_backup").exists()


def reseal(path: Path) -> None:
    """Make the manifest agree with the files again, as someone editing a backup could."""
    manifest = json.loads((path / "manifest.json").read_text())
    for entry in manifest["files"]:
        file = path / entry["name"]
        entry["size"], entry["sha256"] = file.stat().st_size, backup._sha256(file)
    (path / "manifest.json").write_text(json.dumps(manifest))


def test_rows_that_do_not_load_roll_everything_back(made, tmp_path):
    rows = every_row(tmp_path)
    uploads = every_file(Path(settings.MEDIA_ROOT))
    database = made / "database.jsonl"
    lines = database.read_text().splitlines()
    # The document now belongs to a case that does not exist.
    lines = [
        re.sub(r'"case": \d+', '"case": 999999', line) if "cases.casedocument" in line else line
        for line in lines
    ]
    database.write_text("\n".join(lines) + "\n")
    reseal(made)
    with pytest.raises(CommandError, match=r"(?s)could not be loaded.*nothing was restored"):
        call_command("restore", str(made), force=True)
    assert every_row(tmp_path) == rows
    assert every_file(Path(settings.MEDIA_ROOT)) == uploads
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".*.restoring"))
