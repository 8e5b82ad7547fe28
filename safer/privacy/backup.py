"""Back up and restore the whole service: database, uploaded documents and the analytics store.

A backup is a directory (docs/operations.md, "Backup and restore"):

    manifest.json      format version, when, app version, database engine, migrations, files
    database.jsonl     every row of every model, one JSON object a line, primary keys kept
    media/...          MEDIA_ROOT as it was (uploaded case documents)
    intel/...          INTEL_DATA_DIR as it was (the Parquet crime store)

Rows are written by Django's serialiser with an encoder that keeps microseconds (Django's own
rounds them to milliseconds, which would change the audit events' hashed times), so the audit
chain verifies after a restore. The manifest is written last: a directory without one is a
backup that never finished. `backup_verify` checks everything before `backup_restore` touches
anything.
"""

import datetime
import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from safer.privacy.triggers import audit_triggers_lifted

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILE = "database.jsonl"
MEDIA_DIR = "media"
INTEL_DIR = "intel"
CHUNK = 1024 * 1024
BATCH = 1000
# Not part of the store: a lock file and imports still in progress.
INTEL_SKIPPED = {".import.lock", "staging"}

BACKUP_NOT_EMPTY = "{path} already exists and is not empty: give a new directory for the backup"
NO_MANIFEST = (
    "{path} has no manifest.json: it is not a backup, or the backup did not finish. "
    "Nothing was restored."
)
BAD_MANIFEST = "manifest.json in {path} is damaged or truncated ({error}). Nothing was restored."
WRONG_FORMAT = (
    "The backup is in format version {found}; this release restores format version "
    "{expected} only. Nothing was restored."
)
MISSING_FILE = "The backup is incomplete: {name} is listed in the manifest but missing."
WRONG_SIZE = "The backup is damaged: {name} should be {expected} bytes but is {found} bytes."
WRONG_CHECKSUM = (
    "The backup is damaged: the SHA-256 checksum of {name} does not match the manifest."
)
EXTRA_FILE = (
    "The backup holds {name}, which the manifest does not list: it was changed after it was made."
)
NOT_MIGRATED = (
    "The database has migrations still to apply ({pending}): run `manage.py migrate` first, "
    "then restore."
)
MIGRATIONS_DIFFER = (
    "The backup was made with a different database schema from this code's: {details}. "
    "Restore it with the release that made it ({version}), or migrate that release's database "
    "first."
)
LOAD_FAILED = (
    "The backup's database rows could not be loaded ({error}). The database was rolled back and "
    "the files left as they were: nothing was restored."
)
NOT_EMPTY = (
    "The database already holds records ({counts}). Restoring replaces everything in it, and "
    "the uploaded documents and analytics store: give --force if that is what you want."
)


class BackupRefused(Exception):
    """The backup cannot be made or restored; the message says why and nothing was changed."""


@dataclass(frozen=True)
class RestoreSummary:
    rows: int
    files: int
    created_at: str


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (the audit chain hashes them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _models() -> list:
    """Every model whose rows live in this database, in app order (as dumpdata orders them)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path, *, skip: set[str] = frozenset()) -> Iterator[Path]:
    """Regular files under root, in a stable order, leaving out top-level names in `skip`."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip or not path.is_file() or path.is_symlink():
            continue
        yield path


def applied_migrations() -> dict[str, list[str]]:
    """The migrations recorded as applied in this database, by app."""
    applied: dict[str, list[str]] = defaultdict(list)
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied[app_label].append(name)
    return {label: sorted(names) for label, names in sorted(applied.items())}


def _app_version() -> str:
    try:
        return metadata.version("safer-communities")
    except metadata.PackageNotFoundError:
        return "unknown"


def database_dump(path: Path) -> int:
    """Write every row of every model to `path` as JSON lines; returns the number of rows."""
    serializer_class = serializers.get_serializer("jsonl")
    rows = 0
    with path.open("w", encoding="utf-8") as stream:
        for model in _models():
            queryset = model._base_manager.order_by(model._meta.pk.name)
            serializer_class().serialize(
                queryset.iterator(chunk_size=2000), stream=stream, cls=ExactJSONEncoder
            )
            rows += queryset.count()
    return rows


@contextmanager
def _consistent_read() -> Iterator[None]:
    """One snapshot for the whole dump, so rows written meanwhile cannot half-appear."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # SQLite: the IMMEDIATE transaction holds the write lock, so nothing changes meanwhile.
        yield


def backup_create(target: Path) -> dict:
    """Write a backup to the directory `target` (new or empty); returns its manifest."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(BACKUP_NOT_EMPTY.format(path=target))
    target.mkdir(parents=True, exist_ok=True)
    with _consistent_read():
        rows = database_dump(target / DATABASE_FILE)
        migrations = applied_migrations()
    _copy_tree(Path(settings.MEDIA_ROOT), target / MEDIA_DIR)
    from safer.intel.storage import import_lock

    if Path(settings.INTEL_DATA_DIR).is_dir():
        # An import publishing meanwhile would leave the copy half old, half new.
        with import_lock():
            _copy_tree(Path(settings.INTEL_DATA_DIR), target / INTEL_DIR, skip=INTEL_SKIPPED)
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": _app_version(),
        "database_engine": connection.vendor,
        "rows": rows,
        "migrations": migrations,
        "files": [
            {
                "name": path.relative_to(target).as_posix(),
                "size": path.stat().st_size,
                "sha256": _sha256(path),
            }
            for path in _files_under(target)
        ],
    }
    partial = target / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(partial, target / MANIFEST)
    return manifest


def _copy_tree(source: Path, destination: Path, *, skip: set[str] = frozenset()) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for path in _files_under(source, skip=skip):
        copy = destination / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)


def manifest_read(source: Path) -> dict:
    """The backup's manifest, refused if it is missing, not JSON or of another format."""
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupRefused(NO_MANIFEST.format(path=source))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        version = manifest["format_version"]
        manifest["migrations"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupRefused(BAD_MANIFEST.format(path=source, error=error)) from error
    if version != FORMAT_VERSION:
        raise BackupRefused(WRONG_FORMAT.format(found=version, expected=FORMAT_VERSION))
    if not isinstance(files, list) or not all(
        isinstance(entry, dict) and {"name", "size", "sha256"} <= entry.keys() for entry in files
    ):
        raise BackupRefused(BAD_MANIFEST.format(path=source, error="the file list is malformed"))
    return manifest


def _migrations_compare(manifest: dict) -> None:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        raise BackupRefused(NOT_MIGRATED.format(pending=names))
    ours, theirs = applied_migrations(), manifest["migrations"]
    details = []
    for app_label in sorted(set(ours) | set(theirs)):
        missing = sorted(set(ours.get(app_label, [])) - set(theirs.get(app_label, [])))
        extra = sorted(set(theirs.get(app_label, [])) - set(ours.get(app_label, [])))
        if missing:
            details.append(f"{app_label} lacks {', '.join(missing)}")
        if extra:
            details.append(f"{app_label} has {', '.join(extra)} which this code does not")
    if details:
        raise BackupRefused(
            MIGRATIONS_DIFFER.format(
                details="; ".join(details), version=manifest.get("app_version", "unknown")
            )
        )


def backup_verify(source: Path) -> dict:
    """Check the manifest, every file's presence, size and SHA-256, and the schema; returns the
    manifest or raises BackupRefused saying what is wrong."""
    source = Path(source)
    manifest = manifest_read(source)
    listed = set()
    for entry in manifest["files"]:
        name = entry["name"]
        path = source / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise BackupRefused(BAD_MANIFEST.format(path=source, error=f"bad file name {name}"))
        listed.add(name)
        if not path.is_file():
            raise BackupRefused(MISSING_FILE.format(name=name))
        size = path.stat().st_size
        if size != entry["size"]:
            raise BackupRefused(WRONG_SIZE.format(name=name, expected=entry["size"], found=size))
        if _sha256(path) != entry["sha256"]:
            raise BackupRefused(WRONG_CHECKSUM.format(name=name))
    if DATABASE_FILE not in listed:
        raise BackupRefused(MISSING_FILE.format(name=DATABASE_FILE))
    for path in _files_under(source):
        name = path.relative_to(source).as_posix()
        if name != MANIFEST and name not in listed:
            raise BackupRefused(EXTRA_FILE.format(name=name))
    _migrations_compare(manifest)
    return manifest


def database_holds_records() -> dict[str, int]:
    """What a restore would overwrite: counts of the records that show real use."""
    labels = {
        "user accounts": "accounts.User",
        "people": "people.Person",
        "reports": "cases.Report",
        "cases": "cases.Case",
        "audit events": "audit.AuditEvent",
    }
    counts = {name: apps.get_model(label)._base_manager.count() for name, label in labels.items()}
    return {name: count for name, count in counts.items() if count}


def _database_replace(source: Path) -> int:
    """Empty every model table and load the backup's rows, keeping their primary keys."""
    models = _models()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with audit_triggers_lifted():
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
        )
        with connection.constraint_checks_disabled():
            rows = _rows_load(source / DATABASE_FILE)
        connection.check_constraints(table_names=tables)
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    ContentType.objects.clear_cache()
    return rows


def _rows_load(path: Path) -> int:
    """Insert the rows of a database.jsonl, a model's run of rows in batches."""
    rows = 0
    with path.open(encoding="utf-8") as stream:
        batch: list = []
        for item in serializers.deserialize("jsonl", stream):
            if batch and (type(batch[0].object) is not type(item.object) or len(batch) >= BATCH):
                rows += _save_batch(batch)
                batch = []
            batch.append(item)
        rows += _save_batch(batch)
    return rows


def _insert(model, objects: list) -> None:
    """INSERT the rows exactly as given: raw, so no auto_now or default rewrites a value."""
    fields = model._meta.local_concrete_fields
    if any(item.pk is None for item in objects):  # many-to-many links: the database numbers them
        fields = [field for field in fields if not field.primary_key]
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def _save_batch(batch: list) -> int:
    """Insert deserialised rows of one model as they are, with their many-to-many links."""
    if not batch:
        return 0
    model = type(batch[0].object)
    if model._meta.parents:  # multi-table inheritance: each row spans two tables
        for item in batch:
            item.save()
        return len(batch)
    _insert(model, [item.object for item in batch])
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        links = [
            through(**{source: item.object.pk, target: pk})
            for item in batch
            for pk in (item.m2m_data or {}).get(field.name, [])
        ]
        if links:
            _insert(through, links)
    return len(batch)


def _stage(source: Path, destination: Path) -> Path:
    """Copy a backed-up folder beside where it goes, ready to be swapped in."""
    staged = destination.with_name(f".{destination.name}.restoring")
    if staged.exists():
        shutil.rmtree(staged)
    _copy_tree(source, staged)
    return staged


def _swap_in(staged: Path, destination: Path) -> None:
    """Put the staged copy in the folder's place; for a mount point (shared storage), which
    cannot be renamed, replace what is inside it instead."""
    if destination.is_dir() and os.path.ismount(destination):
        for child in destination.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in staged.iterdir():
            shutil.move(child, destination / child.name)
        staged.rmdir()
        return
    old = destination.with_name(f".{destination.name}.replaced")
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        os.replace(destination, old)
    os.replace(staged, destination)
    if old.exists():
        shutil.rmtree(old)


def backup_restore(source: Path, *, force: bool = False) -> RestoreSummary:
    """Replace the database, uploads and analytics store with a verified backup's.

    Everything is checked first; the files are copied beside their places, the database is
    replaced in one transaction, and only then are the folders swapped in.
    """
    source = Path(source)
    manifest = backup_verify(source)
    held = database_holds_records()
    if held and not force:
        counts = ", ".join(f"{count} {name}" for name, count in held.items())
        raise BackupRefused(NOT_EMPTY.format(counts=counts))
    media_root, intel_root = Path(settings.MEDIA_ROOT), Path(settings.INTEL_DATA_DIR)
    for root in (media_root, intel_root):
        root.parent.mkdir(parents=True, exist_ok=True)
    staged_media = _stage(source / MEDIA_DIR, media_root)
    staged_intel = _stage(source / INTEL_DIR, intel_root)
    loaded = False
    try:
        with transaction.atomic():
            rows = _database_replace(source)
        loaded = True
    except (DatabaseError, DeserializationError) as error:
        raise BackupRefused(LOAD_FAILED.format(error=error)) from error
    finally:
        if not loaded:  # the database was rolled back: drop the copies, change nothing
            shutil.rmtree(staged_media, ignore_errors=True)
            shutil.rmtree(staged_intel, ignore_errors=True)
    _swap_in(staged_media, media_root)
    _swap_in(staged_intel, intel_root)
    files = sum(1 for entry in manifest["files"] if entry["name"] != DATABASE_FILE)
    return RestoreSummary(rows=rows, files=files, created_at=manifest["created_at"])
