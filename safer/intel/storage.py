"""Where the crime store lives (Parquet under INTEL_DATA_DIR, a folder per month) and how to
query it.

The case database never holds crime rows: DuckDB reads the Parquet files in place, so analysts'
queries cannot slow case work down, and the store can be rebuilt from the source files.
"""

import fcntl
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from pathlib import Path

import duckdb
from django.conf import settings

CRIMES = "crimes"
OUTCOMES = "outcomes"
INCIDENTS = "incidents"  # rows of other CSVs read through a column mapping
STAGING = "staging"
LOCK_FILE = ".import.lock"
# A compact copy of the store for area queries, (month, lsoa_code, crime_type, n) in a few files
# (counts-<id>.parquet, one per import run, merged into one now and then) sorted by LSOA: a
# district reads a few small row groups instead of opening every month. The manifest names the
# files and the crime files each was built from.
COUNTS_MANIFEST = "counts.json"
COUNTS_ROW_GROUP_ROWS = 4096
COUNTS_MAX_SEGMENTS = 8


def data_dir() -> Path:
    """The intel store's root folder, created on first use."""
    root = Path(settings.INTEL_DATA_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return root


def crimes_dir() -> Path:
    return data_dir() / CRIMES


def dataset_dir(dataset: str) -> Path:
    """The folder of one dataset: crimes (street-level files) or outcomes (outcomes files)."""
    return data_dir() / dataset


def month_dir(month: str, dataset: str = CRIMES) -> Path:
    return dataset_dir(dataset) / f"month={month}"


def stored_months(dataset: str = CRIMES) -> list[str]:
    """Months that have at least one Parquet file, oldest first."""
    root = dataset_dir(dataset)
    if not root.exists():
        return []
    return sorted(
        p.name.removeprefix("month=")
        for p in root.iterdir()
        if p.is_dir() and p.name.startswith("month=") and any(p.glob("*.parquet"))
    )


def crimes_glob() -> str | None:
    """The glob DuckDB reads for every stored crime, or None when nothing is stored yet."""
    if not stored_months():
        return None
    return str(crimes_dir() / "month=*" / "*.parquet")


_database: duckdb.DuckDBPyConnection | None = None
_database_lock = threading.Lock()


def connect() -> duckdb.DuckDBPyConnection:
    """A connection to the process's one in-memory DuckDB (data stay in Parquet files).

    Sharing one database lets DuckDB cache Parquet footers between queries; each caller gets
    its own connection (a cursor), so temporary tables and views never cross requests.
    """
    global _database
    with _database_lock:
        if _database is None:
            database = duckdb.connect(config={"threads": settings.INTEL_DUCKDB_THREADS})
            database.execute("LOAD parquet")
            database.execute("SET parquet_metadata_cache = true")
            _database = database
        return _database.cursor()


def crimes_relation_sql() -> str:
    """SQL for the crimes view over the Parquet store (an empty relation if nothing is stored)."""
    glob = crimes_glob()
    if glob is None:
        return (
            "SELECT NULL::VARCHAR AS crime_id, NULL::VARCHAR AS content_key, "
            "NULL::BIGINT AS ordinal, NULL::VARCHAR AS month, "
            "NULL::VARCHAR AS reported_by, NULL::VARCHAR AS falls_within, "
            "NULL::DOUBLE AS longitude, NULL::DOUBLE AS latitude, NULL::VARCHAR AS location, "
            "NULL::VARCHAR AS lsoa_code, NULL::VARCHAR AS lsoa_name, NULL::VARCHAR AS crime_type, "
            "NULL::VARCHAR AS outcome, NULL::VARCHAR AS import_id WHERE false"
        )
    return f"SELECT * FROM read_parquet({sql_string(glob)}, hive_partitioning=true)"  # noqa: S608


def sql_string(value: object) -> str:
    """A path or text as a quoted SQL string literal (for statements that take no parameters)."""
    return "'" + str(value).replace("'", "''") + "'"


def crime_files() -> list[str]:
    """Every stored Parquet file, relative to the crimes folder, sorted."""
    root = crimes_dir()
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.glob("month=*/*.parquet"))


def _counts_segments() -> list[dict] | None:
    """The counts files and the crime files each covers, or None without a readable manifest.

    A manifest written before segments existed ({"file", "sources"}) reads as one segment.
    """
    try:
        manifest = json.loads((data_dir() / COUNTS_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    segments = manifest.get("segments", [manifest] if "file" in manifest else None)
    if not isinstance(segments, list) or not all(
        isinstance(s, dict) and isinstance(s.get("sources"), list) for s in segments
    ):
        return None
    return segments


def _covered(segments: list[dict]) -> list[str]:
    return sorted(source for segment in segments for source in segment["sources"])


def counts_fresh() -> bool:
    """Whether the counts files were built from exactly the crime files stored now."""
    segments = _counts_segments()
    return (
        segments is not None
        and _covered(segments) == crime_files()
        and all((data_dir() / str(s.get("file"))).exists() for s in segments)
    )


def counts_segment_write(
    connection, rows_sql: str, params: list, *, total: str = "count(*)"
) -> str:
    """Count the rows of a query (with month, lsoa_code and crime_type among its columns) into
    a new counts file sorted by LSOA; its name, for counts_segment_add once those rows are
    stored. `total` sums existing counts instead (merging counts files)."""
    name = f"counts-{uuid.uuid4().hex}.parquet"
    connection.execute(
        f"""COPY (SELECT month, lsoa_code, crime_type, {total} AS n FROM ({rows_sql})
        GROUP BY ALL ORDER BY lsoa_code) TO {sql_string(data_dir() / name)}
        (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {COUNTS_ROW_GROUP_ROWS})""",  # noqa: S608
        params,
    )
    return name


def counts_table_write(table) -> str:
    """Write a pyarrow table of (month, lsoa_code, crime_type, n), sorted by LSOA, as a new
    counts file laid out as counts_segment_write lays them out; its name."""
    import pyarrow.parquet as pq

    name = f"counts-{uuid.uuid4().hex}.parquet"
    pq.write_table(
        table, data_dir() / name, compression="zstd", row_group_size=COUNTS_ROW_GROUP_ROWS
    )
    return name


def _counts_write(files: list[str]) -> str:
    """Count the given crime files (relative to the crimes folder) into a new counts file."""
    connection = connect()
    try:
        return counts_segment_write(
            connection,
            "SELECT * FROM read_parquet(?, hive_partitioning=true)",
            [[str(crimes_dir() / f) for f in files]],
        )
    finally:
        connection.close()


def _counts_merge(names: list[str]) -> str:
    """One counts file summing the given counts files."""
    connection = connect()
    try:
        return counts_segment_write(
            connection,
            "SELECT * FROM read_parquet(?)",
            [[str(data_dir() / n) for n in names]],
            total="sum(n)::BIGINT",
        )
    finally:
        connection.close()


def counts_segment_add(name: str, sources: list[str]) -> None:
    """Add a counts file covering the newly stored crime files (relative to the crimes folder)
    to the manifest, if the manifest covered every other stored file; otherwise drop it and
    leave the next counts_update to rebuild."""
    segments = _counts_segments()
    others = sorted(set(crime_files()) - set(sources))
    if segments is None and not others:  # the first crimes stored
        segments = []
    if segments is None or _covered(segments) != others:
        (data_dir() / name).unlink(missing_ok=True)
        return
    segments = [{"file": s["file"], "sources": s["sources"]} for s in segments]
    _counts_manifest_write([*segments, {"file": name, "sources": sorted(sources)}])


def _counts_manifest_write(segments: list[dict]) -> None:
    root = data_dir()
    scratch = root / f"{COUNTS_MANIFEST}.{uuid.uuid4().hex}"
    scratch.write_text(json.dumps({"segments": segments}), encoding="utf-8")
    os.replace(scratch, root / COUNTS_MANIFEST)


def counts_update() -> None:
    """Bring the counts up to date after an import run (call under the import lock).

    Importing adds a counts file per batch for the rows it stored (counts_segment_add); here any
    stored crime file no counts file covers yet is counted into one more. Counts are sums, so
    readers add the files up; past COUNTS_MAX_SEGMENTS files they are merged into one (from the
    counts files, not the store), which keeps the files a district query opens few. The whole
    store is counted again when the manifest does not match it (a file removed, a counts file
    missing, or no manifest).
    """
    files = crime_files()
    segments = _counts_segments()
    if (
        segments is None
        or not set(_covered(segments)) <= set(files)
        or not all((data_dir() / str(s.get("file"))).exists() for s in segments)
    ):
        counts_rebuild()
        return
    segments = [{"file": s["file"], "sources": s["sources"]} for s in segments]
    new = sorted(set(files) - set(_covered(segments)))
    changed = bool(new)
    if new:
        segments.append({"file": _counts_write(new), "sources": new})
    merged_away: list[str] = []
    if len(segments) > COUNTS_MAX_SEGMENTS:
        merged_away = [s["file"] for s in segments]
        segments = [{"file": _counts_merge(merged_away), "sources": _covered(segments)}]
        changed = True
    if changed:
        _counts_manifest_write(segments)
    for old in merged_away:
        (data_dir() / old).unlink(missing_ok=True)


def counts_rebuild() -> None:
    """Rebuild the counts from the whole store into one file (call under the import lock).

    Each build gets a new file name, so DuckDB's cache of Parquet footers, keyed by path, can
    never serve an old footer for a new file.
    """
    files = crime_files()
    root = data_dir()
    (root / COUNTS_MANIFEST).unlink(missing_ok=True)
    for old in root.glob("counts-*.parquet"):
        old.unlink(missing_ok=True)
    if not files:
        return
    _counts_manifest_write([{"file": _counts_write(files), "sources": files}])


def counts_relation_sql() -> str:
    """SQL for (month, lsoa_code, crime_type, n): the counts files, or the same from the store.

    The same (month, LSOA, type) can appear in several counts files: readers sum `n`.
    """
    segments = _counts_segments() if counts_fresh() else None
    if segments:
        paths = ", ".join(sql_string(data_dir() / s["file"]) for s in segments)
        return f"SELECT * FROM read_parquet([{paths}])"  # noqa: S608
    return "SELECT month, lsoa_code, crime_type, count(*) AS n FROM crimes GROUP BY ALL"


def outcomes_relation_sql() -> str:
    """SQL for every stored outcome (an empty relation if no outcomes file was imported)."""
    if not stored_months(OUTCOMES):
        return (
            "SELECT NULL::VARCHAR AS crime_id, NULL::VARCHAR AS month, "
            "NULL::VARCHAR AS lsoa_code, NULL::VARCHAR AS outcome_type WHERE false"
        )
    glob = sql_string(dataset_dir(OUTCOMES) / "month=*" / "*.parquet")
    return f"SELECT * FROM read_parquet({glob}, hive_partitioning=true)"  # noqa: S608


_shared_connection: ContextVar[duckdb.DuckDBPyConnection | None] = ContextVar(
    "intel_shared_connection", default=None
)


@contextmanager
def crimes_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with a `crimes` view over everything stored, `crime_counts` over the counts
    by month, LSOA and type, and `outcomes` over the imported outcomes files. Inside
    one_connection() every caller gets that one connection."""
    shared = _shared_connection.get()
    if shared is not None:
        yield shared
        return
    connection = connect()
    try:
        connection.execute(f"CREATE TEMP VIEW crimes AS {crimes_relation_sql()}")
        connection.execute(f"CREATE TEMP VIEW crime_counts AS {counts_relation_sql()}")
        connection.execute(f"CREATE TEMP VIEW outcomes AS {outcomes_relation_sql()}")
        yield connection
    finally:
        connection.close()


@contextmanager
def one_connection() -> Iterator[None]:
    """One store connection for everything read meanwhile: a page that asks a dozen questions
    of the store finds the files and binds the views once, not a dozen times. For reads only:
    an import must not run inside (its files would be missed by views bound before it)."""
    if _shared_connection.get() is not None:
        yield
        return
    with crimes_connection() as connection:
        token = _shared_connection.set(connection)
        try:
            yield
        finally:
            _shared_connection.reset(token)


def reads_one_connection(view: Callable) -> Callable:
    """A view whose reads of the store share one connection (see one_connection)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with one_connection():
            return view(*args, **kwargs)

    return wrapped


@contextmanager
def import_lock() -> Iterator[None]:
    """One import at a time per store, across processes (web workers and the command)."""
    root = data_dir()
    with (root / LOCK_FILE).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_dir(import_id: str) -> Path:
    path = data_dir() / STAGING / import_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def counts_wanted(dataset: str) -> bool:
    """Whether an import of this dataset should count its new rows into a counts file of their
    own: crimes, while the counts files match the store (else the next counts_update counts
    the store again anyway). Call under the import lock."""
    return dataset == CRIMES and (counts_fresh() or not crime_files())


def staging_publish(
    *, dataset: str, staging: Path, files: list[str], counts: Callable[[], str] | None
) -> None:
    """Move an import's staged month files into the store. If counts_wanted, `counts()` first
    writes the new rows' counts into a counts file of their own (and names it), which then
    joins the manifest; `files` are the staged files, relative to the dataset folder."""
    segment = counts() if counts is not None and counts_wanted(dataset) else None
    for partition in sorted(staging.iterdir()):
        target = dataset_dir(dataset) / partition.name
        target.mkdir(parents=True, exist_ok=True)
        for part in partition.glob("*.parquet"):
            os.replace(part, target / part.name)
    if segment:
        counts_segment_add(segment, files)


def discard_staging(import_id: str) -> None:
    shutil.rmtree(data_dir() / STAGING / import_id, ignore_errors=True)
