"""Writes of the intelligence hub: importing crime files into the Parquet store, custom areas.

A file imports whole or not at all: rows are validated first, and only a file with no bad rows is
written, to a staging folder that is then moved into the month partitions. Re-importing changes
nothing, because every row's key is looked up in its month before it is stored.
"""

import csv
import hashlib
import io
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from safer import audit
from safer.intel import storage
from safer.intel.models import ColumnMapping, CrimeImport, CustomArea
from safer.intel.sources import Source, source_for
from safer.intel.sources.mapped import MappedSource
from safer.intel.sources.police_uk import STREET

UNKNOWN_FORMAT = "not a recognised crime file: the first line is not a known header"
EMPTY_FILE = "the file is empty"
NOT_UTF8 = "the file is not UTF-8 text"
NO_FILES_FOUND = "no .csv or .zip files found at {path}"
MAX_ERRORS_KEPT = 200
# Files are read together up to this many bytes: one DuckDB pass uses both cores well.
BATCH_BYTES = 512 * 1024 * 1024
PARQUET_COMPRESSION = "zstd"
# Rows sorted by LSOA in row groups this small let a district's query skip most of each file.
ROW_GROUP_ROWS = 4096
GEOMETRY_INVALID = "The file must be GeoJSON with Polygon or MultiPolygon features in lon/lat"

Progress = Callable[[int, int, str], None]


@dataclass
class ImportSummary:
    """Totals over every file of one import run."""

    files: list[CrimeImport] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)

    @property
    def rejected_files(self) -> list[CrimeImport]:
        return [f for f in self.files if f.status == CrimeImport.Status.REJECTED]


def crime_paths_import(
    *,
    paths: Iterable[Path],
    imported_by=None,
    progress: Progress | None = None,
    label: str | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportSummary:
    """Import every crime file found at the paths (files, folders, zips); each file stands alone.

    Files are read in batches (one DuckDB pass per batch, for speed), but each file is still
    accepted or rejected whole. `label` names a single uploaded file instead of its temporary path.
    With a `mapping`, every file is read through it (and must have its header).
    """
    mapped = MappedSource.of(mapping) if mapping is not None else None
    summary = ImportSummary()
    with _expanded(paths, label=label) as named_files:
        total = len(named_files)
        if progress and total:
            progress(0, total, named_files[0][0])
        for batch in _batches(named_files):
            summary.files.extend(_import_batch(batch, imported_by=imported_by, mapped=mapped))
            if progress:
                progress(len(summary.files), total, batch[-1][0])
    _counts_refresh(summary.files)
    return summary


def crime_file_import(
    *, path: Path, name: str, imported_by=None, mapping: ColumnMapping | None = None
) -> CrimeImport:
    """Validate one CSV file and store all its new rows, or none of them; audited either way."""
    mapped = MappedSource.of(mapping) if mapping is not None else None
    records = _import_batch([(name, path)], imported_by=imported_by, mapped=mapped)
    _counts_refresh(records)
    return records[0]


def _counts_refresh(records: list[CrimeImport]) -> None:
    """Rebuild the compact counts once per run, if any crime was stored (stale until then:
    selectors fall back to the month files meanwhile)."""
    if any(r.rows_stored and r.source == STREET.name for r in records):
        with storage.import_lock():
            storage.counts_rebuild()


def _batches(named_files: list[tuple[str, Path]]) -> Iterator[list[tuple[str, Path]]]:
    batch: list[tuple[str, Path]] = []
    size = 0
    for name, path in named_files:
        batch.append((name, path))
        size += path.stat().st_size
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _import_batch(
    batch: list[tuple[str, Path]], *, imported_by, mapped: MappedSource | None = None
) -> list[CrimeImport]:
    """Check the header of each file, then read, validate and store the files of each source."""
    records: list[CrimeImport] = []
    by_source: dict[str, list[tuple[CrimeImport, Path, Source]]] = {}
    for name, path in batch:
        record = CrimeImport(import_id=uuid.uuid4().hex, file_name=name[:500], sha256=_sha256(path))
        records.append(record)
        header, problem = _read_header(path)
        source = source_for(header) if header is not None else None
        if mapped is not None:  # read through a column mapping: its header or nothing
            record.mapping_id = mapped.mapping_id
            source = mapped if header is not None and mapped.matches(header) else None
            problem = problem or (None if source else mapped.header_problem(header))
        if problem or source is None:
            record.status = CrimeImport.Status.REJECTED
            record.errors = [{"line": 1, "reason": problem or UNKNOWN_FORMAT}]
            continue
        record.source = source.name
        by_source.setdefault(source.name, []).append((record, path, source))
    with storage.import_lock():
        for items in by_source.values():
            batch_id = uuid.uuid4().hex
            try:
                _import_rows(items=items, batch_id=batch_id)
                for record, _, _ in items:
                    _save(record, imported_by)
            except BaseException:
                _remove_moved(batch_id)
                raise
            finally:
                storage.discard_staging(batch_id)
    for record in records:
        if record.pk is None:  # rejected on its first line
            _save(record, imported_by)
    return records


def _import_rows(*, items: list[tuple[CrimeImport, Path, Source]], batch_id: str) -> None:
    """Read and check the rows of same-format files with DuckDB; store the files with no bad row
    (status STORED) and name the bad lines of the others (status REJECTED)."""
    source = items[0][2]
    paths = [str(path) for _, path, _ in items]
    connection = storage.connect()
    try:
        columns = ", ".join(f"'{c}': 'VARCHAR'" for c in source.columns)
        # DuckDB reads empty fields, quoted or not, as NULL.
        cleaned = ", ".join(f'"{c}"' for c in source.columns)
        # SQL fragments below come from the source plug-in, never from the data or the user.
        connection.execute(
            f"""CREATE TEMP TABLE raw AS
            SELECT *, coalesce({source.id_sql()}, _content) AS _ident FROM (
            SELECT *, {source.reason_sql()} AS _reason,
                   CASE WHEN {source.id_sql()} IS NULL THEN {source.content_key_sql()} END
                     AS _content FROM (
              SELECT list_position(?, filename) - 1 AS _file, {cleaned}
              FROM read_csv(?, header=true, auto_detect=false, columns={{{columns}}}, delim=',',
                quote='"', escape='"', store_rejects=true, strict_mode=true, filename=true)
            ))""",  # noqa: S608 - fragments from the source plug-in
            [paths, paths],
        )
        tallies = {
            f: (good, bad)
            for f, good, bad in connection.execute(
                """SELECT _file, count(*) FILTER (_reason IS NULL),
                          count(*) FILTER (_reason IS NOT NULL) FROM raw GROUP BY 1"""
            ).fetchall()
        }
        structural = dict(
            connection.execute(
                """SELECT s.file_path, count(*) FROM reject_errors e
                   JOIN reject_scans s USING (scan_id, file_id) GROUP BY 1"""
            ).fetchall()
        )
        good_files = []
        for index, (record, path, _) in enumerate(items):
            good, bad = tallies.get(index, (0, 0))
            broken = structural.get(str(path), 0)
            record.rows_read = good + bad + broken
            if bad or broken:
                errors = list(_row_errors(path=path, source=source))
                record.status = CrimeImport.Status.REJECTED
                record.rows_rejected = len(errors) or bad + broken
                record.errors = errors[:MAX_ERRORS_KEPT]
            else:
                record.status = CrimeImport.Status.STORED
                good_files.append(index)
        if not good_files:
            return
        _store(connection, source=source, items=items, good_files=good_files, batch_id=batch_id)
    finally:
        connection.close()


def _store(connection, *, source: Source, items, good_files: list[int], batch_id: str) -> None:
    """Key the good files' rows, drop those already stored (or repeated by an earlier file of
    the batch), and write the rest as Parquet into the month partitions.

    Keys are worked out on a narrow table (row id, file, identity, month); the wide rows are
    read once more only by the final COPY, joined to the few exceptions found.
    """
    connection.execute(
        f"""CREATE TEMP TABLE keys AS
        SELECT rowid AS _row, _file, {source.month_sql()} AS _month, _ident FROM raw
        WHERE _file IN (SELECT unnest(?::INTEGER[]))""",  # noqa: S608
        [good_files],
    )
    # A stable id (or identical content) seen more than once in one file: rank those rows by
    # content so every one is kept and a re-import ranks them the same way. Others rank 0.
    order = ", ".join(f'r."{c}"' for c in source.columns)
    connection.execute(
        f"""CREATE TEMP TABLE ranked AS
        SELECT k._row, row_number() OVER (PARTITION BY k._file, k._ident ORDER BY {order}) - 1
               AS _ordinal
        FROM keys k JOIN raw r ON r.rowid = k._row
        SEMI JOIN (SELECT _file, _ident FROM keys GROUP BY ALL HAVING count(*) > 1) d
          ON d._file = k._file AND d._ident = k._ident"""  # noqa: S608
    )
    connection.execute(
        """CREATE TEMP TABLE identities AS
        SELECT k._row, k._file, k._month, k._ident, coalesce(r._ordinal, 0) AS _ordinal
        FROM keys k LEFT JOIN ranked r USING (_row)"""
    )
    # The same row in two files of one batch (a month downloaded twice): the first file keeps it.
    connection.execute(
        """CREATE TEMP TABLE dropped AS
        SELECT k._row FROM identities k JOIN (
          SELECT _month, _ident, _ordinal, min(_file) AS _keep FROM identities
          GROUP BY ALL HAVING count(*) > 1
        ) d USING (_month, _ident, _ordinal) WHERE k._file <> d._keep"""
    )
    months = [m for (m,) in connection.execute("SELECT DISTINCT _month FROM keys").fetchall()]
    existing = [
        str(storage.month_dir(m, source.dataset) / "*.parquet")
        for m in months
        if any(storage.month_dir(m, source.dataset).glob("*.parquet"))
    ]
    if existing:
        connection.execute(
            f"""INSERT INTO dropped
            SELECT k._row FROM identities k JOIN (
              SELECT month AS _month, {source.stored_ident_sql()} AS _ident,
                     ordinal AS _ordinal
              FROM read_parquet(?, hive_partitioning=true)
            ) s USING (_month, _ident, _ordinal)""",  # noqa: S608
            [existing],
        )
    stored = dict(
        connection.execute(
            """SELECT _file, count(*) FROM identities
            WHERE _row NOT IN (SELECT _row FROM dropped) GROUP BY 1"""
        ).fetchall()
    )
    month_lists = dict(
        connection.execute("SELECT _file, list(DISTINCT _month) FROM keys GROUP BY 1").fetchall()
    )
    for index in good_files:
        record = items[index][0]
        record.rows_stored = stored.get(index, 0)
        record.rows_duplicated = record.rows_read - record.rows_stored
        record.months = sorted(month_lists.get(index, []))
    if not stored:
        return
    # Generated hex ids, safe to inline: a CASE is cheaper than a join on every row.
    import_id = (
        "CASE _file "
        + " ".join(
            f"WHEN {index} THEN '{record.import_id}'" for index, (record, _, _) in enumerate(items)
        )
        + " END"
    )
    has_ranked = connection.execute("SELECT count(*) FROM ranked").fetchone()[0] > 0
    has_dropped = connection.execute("SELECT count(*) FROM dropped").fetchone()[0] > 0
    ordinal = "coalesce(k._ordinal, 0)" if has_ranked else "0"
    joins = "LEFT JOIN ranked k ON k._row = raw.rowid" if has_ranked else ""
    not_dropped = "AND raw.rowid NOT IN (SELECT _row FROM dropped)" if has_dropped else ""
    written = [
        m
        for (m,) in connection.execute(
            "SELECT DISTINCT _month FROM identities WHERE _row NOT IN (SELECT _row FROM dropped)"
        ).fetchall()
    ]
    staging = storage.staging_dir(batch_id)
    # One COPY per month: DuckDB's own PARTITION_BY writer is about three times slower here.
    # The month lives in the folder name (hive partitioning), not in the file.
    for month in sorted(written):
        target = staging / f"month={month}"
        target.mkdir()
        path = target / f"{batch_id}_0.parquet"
        connection.execute(
            f"""COPY (SELECT * EXCLUDE (month) FROM (
              SELECT {source.store_columns_sql()}, _content AS content_key,
                     {ordinal} AS ordinal, {import_id} AS import_id
              FROM raw {joins}
              WHERE raw._file IN (SELECT unnest(?::INTEGER[])) AND {source.month_sql()} = ?
                {not_dropped}
            ) ORDER BY {source.sort_sql()}) TO {storage.sql_string(path)}
            (FORMAT parquet, COMPRESSION {PARQUET_COMPRESSION}, ROW_GROUP_SIZE {ROW_GROUP_ROWS})""",  # noqa: S608
            [good_files, month],
        )
    _move_into_store(staging, source.dataset)


def _row_errors(*, path: Path, source: Source) -> Iterator[dict]:
    """Every bad line of a file, with its physical line number and reason (the slow path)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if not row:
                continue
            reason = source.row_error(row)
            if reason:
                yield {"line": reader.line_num, "reason": reason}


def _move_into_store(staging: Path, dataset: str) -> None:
    for partition in sorted(staging.iterdir()):
        target = storage.dataset_dir(dataset) / partition.name
        target.mkdir(parents=True, exist_ok=True)
        for part in partition.glob("*.parquet"):
            os.replace(part, target / part.name)


def _remove_moved(batch_id: str) -> None:
    """Undo a half-finished import: delete whatever Parquet it already moved into the store."""
    for dataset in (storage.CRIMES, storage.OUTCOMES, storage.INCIDENTS):
        root = storage.dataset_dir(dataset)
        if root.exists():
            for part in root.glob(f"month=*/{batch_id}_*.parquet"):
                part.unlink(missing_ok=True)


def _save(record: CrimeImport, imported_by) -> CrimeImport:
    record.imported_by = imported_by if getattr(imported_by, "is_authenticated", False) else None
    with transaction.atomic():
        record.full_clean()
        record.save()
        audit.record(
            actor=imported_by,
            action="intel.crime_imported"
            if record.status == CrimeImport.Status.STORED
            else "intel.crime_import_rejected",
            target=record,
            changes={
                "file": record.file_name,
                "sha256": record.sha256,
                "read": record.rows_read,
                "stored": record.rows_stored,
                "duplicated": record.rows_duplicated,
                "rejected": record.rows_rejected,
            },
        )
    return record


def _read_header(path: Path) -> tuple[list[str] | None, str | None]:
    with path.open("rb") as handle:
        first = handle.readline()
    if not first:
        return None, EMPTY_FILE
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, NOT_UTF8
    return next(csv.reader(io.StringIO(text)), []), None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _expanded(paths: Iterable[Path], *, label: str | None) -> Iterator[list[tuple[str, Path]]]:
    """(display name, CSV path) for every file under the paths; zip members are extracted."""
    with tempfile.TemporaryDirectory(prefix="intel-import-") as scratch:
        found: list[tuple[str, Path]] = []
        for path in paths:
            path = Path(path)
            candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
            matched = [p for p in candidates if p.suffix.lower() in (".csv", ".zip")]
            if not matched:
                raise ValidationError(NO_FILES_FOUND.format(path=path))
            for candidate in matched:
                if candidate.suffix.lower() == ".zip":
                    found.extend(_zip_members(candidate, Path(scratch), label=label))
                else:
                    found.append((label or str(candidate), candidate))
        yield found


def _zip_members(archive: Path, scratch: Path, *, label: str | None) -> list[tuple[str, Path]]:
    members = []
    with zipfile.ZipFile(archive) as bundle:
        for index, info in enumerate(sorted(bundle.infolist(), key=lambda i: i.filename)):
            if info.is_dir() or not info.filename.lower().endswith(".csv"):
                continue
            # Extract under a generated name: member paths are never trusted as file paths.
            target = scratch / f"{archive.stem}-{index}.csv"
            with bundle.open(info) as source, target.open("wb") as sink:
                while chunk := source.read(1 << 20):
                    sink.write(chunk)
            members.append((f"{label or archive.name}:{info.filename}", target))
    return members


@transaction.atomic
def custom_area_create(*, name: str, kind: str, geometry: dict, created_by) -> CustomArea:
    """Record a custom area drawn by the partnership; audited."""
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(GEOMETRY_INVALID)
    area = CustomArea(name=name, kind=kind, geometry=geometry, created_by=created_by)
    area.full_clean()
    area.save()
    audit.record(actor=created_by, action="intel.area_created", target=area, changes={"name": name})
    return area


OUTLINES_INVALID = "The file must be GeoJSON features with an LSOA code and a polygon"


def outlines_import(*, path: Path, name: str, imported_by=None) -> int:
    """Keep LSOA outlines from a GeoJSON file in the store for maps and grids; audited."""
    from safer.intel.areas import outlines_load

    try:
        count = outlines_load(path=path, name=_safe_name(name))
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(OUTLINES_INVALID) from error
    if not count:
        raise ValueError(OUTLINES_INVALID)
    with transaction.atomic():
        audit.record(
            actor=imported_by,
            action="intel.outlines_imported",
            changes={"file": path.name, "outlines": count},
        )
    return count


def _safe_name(name: str) -> str:
    """A file name made of letters, digits, dots, dashes and underscores only."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")
    return cleaned or "outlines"
