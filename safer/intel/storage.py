"""Where the crime store lives (Parquet under INTEL_DATA_DIR, a folder per month) and how to
query it.

The case database never holds crime rows: DuckDB reads the Parquet files in place, so analysts'
queries cannot slow case work down, and the store can be rebuilt from the source files.
"""

import fcntl
import json
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

CRIMES = "crimes"
OUTCOMES = "outcomes"
INCIDENTS = "incidents"  # rows of other CSVs read through a column mapping
STAGING = "staging"
LOCK_FILE = ".import.lock"
# A compact copy of the store for area queries, (month, lsoa_code, crime_type, n) in one file
# (counts-<id>.parquet) sorted by LSOA: a district reads a few small row groups instead of
# opening every month. The manifest names the file and the crime files it was built from.
COUNTS_MANIFEST = "counts.json"


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


def _counts_manifest() -> dict | None:
    try:
        return json.loads((data_dir() / COUNTS_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def counts_fresh() -> bool:
    """Whether the counts file was built from exactly the crime files stored now."""
    manifest = _counts_manifest()
    return (
        isinstance(manifest, dict)
        and manifest.get("sources") == crime_files()
        and (data_dir() / str(manifest.get("file"))).exists()
    )


def counts_rebuild() -> None:
    """Rebuild the counts file from the whole store (call under the import lock).

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
    name = f"counts-{uuid.uuid4().hex}.parquet"
    connection = connect()
    try:
        connection.execute(f"CREATE TEMP VIEW crimes AS {crimes_relation_sql()}")
        connection.execute(
            f"""COPY (SELECT month, lsoa_code, crime_type, count(*) AS n FROM crimes
            GROUP BY ALL ORDER BY lsoa_code, month, crime_type) TO {sql_string(root / name)}
            (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 4096)"""  # noqa: S608
        )
    finally:
        connection.close()
    (root / COUNTS_MANIFEST).write_text(
        json.dumps({"file": name, "sources": files}), encoding="utf-8"
    )


def counts_relation_sql() -> str:
    """SQL for (month, lsoa_code, crime_type, n): the counts file, or the same from the store."""
    if counts_fresh():
        path = data_dir() / _counts_manifest()["file"]
        return f"SELECT * FROM read_parquet({sql_string(path)})"  # noqa: S608
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


@contextmanager
def crimes_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with a `crimes` view over everything stored, `crime_counts` over the counts
    by month, LSOA and type, and `outcomes` over the imported outcomes files."""
    connection = connect()
    try:
        connection.execute(f"CREATE TEMP VIEW crimes AS {crimes_relation_sql()}")
        connection.execute(f"CREATE TEMP VIEW crime_counts AS {counts_relation_sql()}")
        connection.execute(f"CREATE TEMP VIEW outcomes AS {outcomes_relation_sql()}")
        yield connection
    finally:
        connection.close()


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


def discard_staging(import_id: str) -> None:
    shutil.rmtree(data_dir() / STAGING / import_id, ignore_errors=True)
