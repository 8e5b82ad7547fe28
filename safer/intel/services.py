"""Writes of the intelligence hub: importing crime files into the Parquet store, custom areas.

A file imports whole or not at all: rows are validated first, and only a file with no bad rows is
written, to a staging folder that is then moved into the month partitions. Re-importing changes
nothing, because every row's key is looked up in its month before it is stored. Good police.uk
street files take pyarrow's path (`arrow_import`); the rest are read by DuckDB here.
"""

import csv
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from safer import audit
from safer.intel import arrow_import, storage
from safer.intel.import_files import (
    _csv_problem,
    _expanded,
    _read_header,
    _scanned,
)
from safer.intel.models import ColumnMapping, CrimeImport
from safer.intel.sources import Source, source_for
from safer.intel.sources.mapped import MappedSource
from safer.intel.sources.police_uk import STREET

UNKNOWN_FORMAT = "not a recognised crime file: the first line is not a known header"
NOT_UTF8_LINE = "the line is not UTF-8 text: save the file as CSV UTF-8 and import it again"
LINE_TOO_LONG = (
    "the line is longer than {kb} KB, far longer than any line of a crime file: the file is refused"
)
MAX_ERRORS_KEPT = 200
# Files are read together up to this many bytes: one DuckDB pass uses both cores well.
BATCH_BYTES = 512 * 1024 * 1024
# Month files: rows sorted by `source.sort_sql()` (LSOA) in row groups of 16,384, zstd. The
# month files' readers for one district (hotspots, predictions, repeat locations, outcomes)
# skip most row groups; without the sort they measured 1.7-2.9 times slower on 10 million rows,
# for about 10% of the import's time (docs/performance.md). The layout before (4,096-row
# groups, sorted by LSOA and type) reads the same.
PARQUET_COMPRESSION = "zstd"
ROW_GROUP_ROWS = 16_384
SORT_MONTH_FILES = True
# Month files written side by side (each COPY of one month keeps about one core busy).
MONTH_WRITERS = 2
# Files' SHA-256 taken side by side (hashlib lets go of the GIL on large reads).
FILE_HASHERS = 2

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


def crime_upload_import(
    *, upload, imported_by, mapping: ColumnMapping | None = None
) -> ImportSummary:
    """Import an uploaded CSV or ZIP (through a mapping, if given) as crime_paths_import does.

    The upload is written under a generated name in a scratch folder that is removed after;
    its own name is kept only as the label in the import list.
    """
    suffix = ".zip" if upload.name.lower().endswith(".zip") else ".csv"
    with tempfile.TemporaryDirectory(prefix="intel-upload-") as scratch:
        path = Path(scratch) / f"upload{suffix}"
        with path.open("wb") as sink:
            for chunk in upload.chunks():
                sink.write(chunk)
        return crime_paths_import(
            paths=[path], imported_by=imported_by, label=upload.name, mapping=mapping
        )


def crime_file_import(
    *, path: Path, name: str, imported_by=None, mapping: ColumnMapping | None = None
) -> CrimeImport:
    """Validate one CSV file and store all its new rows, or none of them; audited either way."""
    mapped = MappedSource.of(mapping) if mapping is not None else None
    records = _import_batch([(name, path)], imported_by=imported_by, mapped=mapped)
    _counts_refresh(records)
    return records[0]


def _counts_refresh(records: list[CrimeImport]) -> None:
    """Bring the compact counts up to date once per run, if any crime was stored: the run's new
    files are counted into a counts file of their own (stale until then: selectors fall back to
    the month files meanwhile)."""
    if any(r.rows_stored and r.source == STREET.name for r in records):
        with storage.import_lock():
            storage.counts_update()


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
    max_kb = settings.INTEL_CSV_MAX_LINE_KB
    with ThreadPoolExecutor(max_workers=FILE_HASHERS) as pool:
        scans = list(pool.map(lambda p: _scanned(p, max_kb * 1024), [p for _, p in batch]))
    for (name, path), (digest, long_line) in zip(batch, scans, strict=True):
        record = CrimeImport(import_id=uuid.uuid4().hex, file_name=name[:500], sha256=digest)
        records.append(record)
        # A line over the limit is refused before any reader sees it (the csv module, DuckDB
        # and pyarrow each fail differently, or hold it all in memory, on a huge line).
        line, header, problem = 1, None, None
        if long_line is not None:
            line, problem = long_line, LINE_TOO_LONG.format(kb=max_kb)
        else:
            header, problem = _read_header(path)
        source = source_for(header) if header is not None else None
        if mapped is not None:  # read through a column mapping: its header or nothing
            record.mapping_id = mapped.mapping_id
            source = mapped if header is not None and mapped.matches(header) else None
            problem = problem or (None if source else mapped.header_problem(header))
        if problem or source is None:
            record.status = CrimeImport.Status.REJECTED
            record.errors = [{"line": line, "reason": problem or UNKNOWN_FORMAT}]
            continue
        record.source = source.name
        by_source.setdefault(source.name, []).append((record, path, source))
    with storage.import_lock():
        for items in by_source.values():
            # Files pyarrow reads with no bad row take the fast path; the others (and every
            # file of a source without an arrow reader) the DuckDB path, which names bad lines.
            fast, slow = arrow_import.read_files(items)
            for group, store in ((slow, _import_rows), (fast, arrow_import.store)):
                if not group:
                    continue
                batch_id = uuid.uuid4().hex
                try:
                    store(items=group, batch_id=batch_id)
                    for record, _, _ in group:
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
    (status STORED) and name the bad lines of the others (status REJECTED).

    One pass reads every file of the batch into a table with each row's rejection reason and,
    for rows without an id, its content digest; the tallies, keys and Parquet all come from it.
    """
    source = items[0][2]
    paths = [str(path) for _, path, _ in items]
    connection = storage.connect()
    raw = _batch_table("raw", batch_id)
    try:
        columns = ", ".join(f"'{c}': 'VARCHAR'" for c in source.columns)
        # DuckDB reads empty fields, quoted or not, as NULL.
        cleaned = ", ".join(f'"{c}"' for c in source.columns)
        # SQL fragments below come from the source plug-in, never from the data or the user.
        # A table of the shared in-memory database (not TEMP): the month writers run on cursors
        # of their own, in parallel; its name is unique to the batch and it is dropped after.
        connection.execute(
            f"""CREATE TABLE {raw} AS
            SELECT *, {source.reason_sql()} AS _reason,
                   CASE WHEN {source.id_sql()} IS NULL THEN {source.content_key_sql()} END
                     AS _content FROM (
              SELECT (list_position(?, filename) - 1)::INTEGER AS _file, {cleaned}
              FROM read_csv(?, header=true, auto_detect=false, columns={{{columns}}}, delim=',',
                quote='"', escape='"', store_rejects=true, strict_mode=true, filename=true)
            )""",  # noqa: S608 - fragments from the source plug-in
            [paths, paths],
        )
        tallies = {
            f: (good, bad)
            for f, good, bad in connection.execute(
                f"""SELECT _file, count(*) FILTER (_reason IS NULL),
                          count(*) FILTER (_reason IS NOT NULL) FROM {raw} GROUP BY 1"""  # noqa: S608
            ).fetchall()
        }
        structural = dict(
            connection.execute(
                # DuckDB logs one error per missing column: count lines, not errors.
                """SELECT s.file_path, count(DISTINCT e.line) FROM reject_errors e
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
        for name in ("raw", "ranked", "keys", "dropped"):
            connection.execute(f"DROP TABLE IF EXISTS {_batch_table(name, batch_id)}")
        connection.close()


def _batch_table(name: str, batch_id: str) -> str:
    """The name of one of a batch's work tables (batch ids are generated hex)."""
    return f"import_{name}_{batch_id}"


def _store(connection, *, source: Source, items, good_files: list[int], batch_id: str) -> None:
    """Key the good files' rows, drop those already stored (or repeated by an earlier file of
    the batch), and write the rest as Parquet into the month partitions.

    Most rows need no key work at all: only rows whose identity repeats within their file get
    a rank, and identities are compared only in months that already have stored files or that
    two files of the batch share. Everything else is written straight from the batch's table.
    """
    raw, ranked, keys, dropped = (
        _batch_table(name, batch_id) for name in ("raw", "ranked", "keys", "dropped")
    )
    month, ident = source.month_sql(), f"coalesce({source.id_sql()}, _content)"
    good = "_file IN (SELECT unnest(?::INTEGER[]))"
    month_lists = dict(
        connection.execute(
            f"SELECT _file, list(DISTINCT {month}) FROM {raw} WHERE {good} GROUP BY 1",  # noqa: S608
            [good_files],
        ).fetchall()
    )
    # A stable id (or identical content) seen more than once in one file: rank those rows by
    # content so every one is kept and a re-import ranks them the same way. Others rank 0.
    # Candidates are found on a 64-bit hash of the identity; the ranking itself is exact.
    order = ", ".join(f'r."{c}"' for c in source.columns)
    connection.execute(
        f"""CREATE TABLE {ranked} AS
        SELECT _row, _ordinal FROM (
          SELECT r.rowid AS _row,
                 row_number() OVER (PARTITION BY r._file, {ident} ORDER BY {order}) - 1 AS _ordinal
          FROM {raw} r SEMI JOIN (
            SELECT hash(_file, {ident}) AS _hash FROM {raw} WHERE {good}
            GROUP BY ALL HAVING count(*) > 1
          ) d ON d._hash = hash(r._file, {ident})
        ) WHERE _ordinal > 0""",  # noqa: S608
        [good_files],
    )
    has_ranked = connection.execute(f"SELECT count(*) FROM {ranked}").fetchone()[0] > 0  # noqa: S608
    ordinal = "coalesce(k._ordinal, 0)" if has_ranked else "0"
    joins = f"LEFT JOIN {ranked} k ON k._row = r.rowid" if has_ranked else ""
    files_of: dict[str, list[int]] = {}
    for index in good_files:
        for m in month_lists.get(index, []):
            files_of.setdefault(m, []).append(index)
    shared = [m for m, files in files_of.items() if len(files) > 1]
    existing = {
        m: str(storage.month_dir(m, source.dataset) / "*.parquet")
        for m in files_of
        if any(storage.month_dir(m, source.dataset).glob("*.parquet"))
    }
    connection.execute(f"CREATE TABLE {dropped} (_row BIGINT)")
    if shared or existing:
        # Identities only for the rows of months where a row could already be there.
        connection.execute(
            f"""CREATE TABLE {keys} AS
            SELECT r.rowid AS _row, r._file, {month} AS _month, {ident} AS _ident,
                   {ordinal} AS _ordinal
            FROM {raw} r {joins}
            WHERE r.{good} AND {month} IN (SELECT unnest(?::VARCHAR[]))""",  # noqa: S608
            [good_files, sorted(set(shared) | set(existing))],
        )
    if shared:
        # The same row in two files of one batch (a month downloaded twice): the first keeps it.
        connection.execute(
            f"""INSERT INTO {dropped}
            SELECT k._row FROM {keys} k JOIN (
              SELECT _month, _ident, _ordinal, min(_file) AS _keep FROM {keys}
              GROUP BY ALL HAVING count(*) > 1
            ) d USING (_month, _ident, _ordinal) WHERE k._file <> d._keep"""  # noqa: S608
        )
    if existing:
        connection.execute(
            f"""INSERT INTO {dropped}
            SELECT k._row FROM {keys} k JOIN (
              SELECT month AS _month, {source.stored_ident_sql()} AS _ident,
                     ordinal AS _ordinal
              FROM read_parquet(?, hive_partitioning=true)
            ) s USING (_month, _ident, _ordinal)""",  # noqa: S608
            [list(existing.values())],
        )
    has_dropped = connection.execute(f"SELECT count(*) FROM {dropped}").fetchone()[0] > 0  # noqa: S608
    not_dropped = f"AND r.rowid NOT IN (SELECT _row FROM {dropped})" if has_dropped else ""  # noqa: S608
    duplicated = (
        dict(
            connection.execute(
                f"""SELECT _file, count(*) FROM {raw}
                WHERE rowid IN (SELECT _row FROM {dropped}) GROUP BY 1"""  # noqa: S608
            ).fetchall()
        )
        if has_dropped
        else {}
    )
    written: set[str] = set()
    for index in good_files:
        record = items[index][0]
        record.rows_duplicated = duplicated.get(index, 0)
        record.rows_stored = record.rows_read - record.rows_duplicated
        record.months = sorted(month_lists.get(index, []))
        if record.rows_stored:
            written.update(record.months)
    if has_dropped:
        written = {
            m
            for (m,) in connection.execute(
                f"SELECT DISTINCT {month} FROM {raw} r WHERE r.{good} {not_dropped}",  # noqa: S608
                [good_files],
            ).fetchall()
        }
    if not written:
        return
    # Generated hex ids, safe to inline: a CASE is cheaper than a join on every row.
    import_id = (
        "CASE r._file "
        + " ".join(
            f"WHEN {index} THEN '{record.import_id}'" for index, (record, _, _) in enumerate(items)
        )
        + " END"
    )
    staging = storage.staging_dir(batch_id)
    order = f" ORDER BY {source.sort_sql()}" if SORT_MONTH_FILES else ""

    def write(month_value: str) -> None:
        # The month lives in the folder name (hive partitioning), not in the file.
        target = staging / f"month={month_value}"
        target.mkdir()
        path = target / f"{batch_id}_0.parquet"
        cursor = storage.connect()
        try:
            cursor.execute(
                f"""COPY (SELECT * EXCLUDE (month) FROM (
                  SELECT {source.store_columns_sql()}, r._content AS content_key,
                         {ordinal} AS ordinal, {import_id} AS import_id
                  FROM {raw} r {joins}
                  WHERE r.{good} AND {month} = ? {not_dropped}
                ){order}) TO {storage.sql_string(path)}
                (FORMAT parquet, COMPRESSION {PARQUET_COMPRESSION},
                 ROW_GROUP_SIZE {ROW_GROUP_ROWS})""",  # noqa: S608
                [good_files, month_value],
            )
        finally:
            cursor.close()

    # One COPY per month, MONTH_WRITERS at a time: a month's COPY keeps little more than one
    # thread busy, so months written side by side use both cores (DuckDB's own PARTITION_BY
    # writer, and one month at a time, both measured slower).
    with ThreadPoolExecutor(max_workers=MONTH_WRITERS) as pool:
        list(pool.map(write, sorted(written)))
    storage.staging_publish(
        dataset=source.dataset,
        staging=staging,
        files=[f"month={m}/{batch_id}_0.parquet" for m in sorted(written)],
        counts=lambda: storage.counts_segment_write(
            connection,
            f"""SELECT {source.store_columns_sql()} FROM {raw} r
            WHERE r.{good} {not_dropped}""",  # noqa: S608
            [good_files],
        ),
    )


def _row_errors(*, path: Path, source: Source) -> Iterator[dict]:
    """Every bad line of a file, with its physical line number and reason (the slow path).

    Bytes that are not UTF-8 are read as surrogates, so the line holding them is named rather
    than the whole file failing to decode."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader, None)
            except csv.Error as error:
                # A quoted field over many short lines passes the line limit but not the
                # csv module's field limit: named, and the reading stops there.
                yield {"line": start, "reason": _csv_problem(error)}
                return
            if row is None:
                return
            if not row:
                continue
            reason = NOT_UTF8_LINE if _undecodable(row) else source.row_error(row)
            if reason:
                yield {"line": reader.line_num, "reason": reason}


def _undecodable(row: list[str]) -> bool:
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
