"""The importer's fast path: files with no bad row, of sources that read themselves with pyarrow.

The DuckDB path (services._import_rows) reads a batch's files into one table and does the
checks, keys and writes in SQL. For police.uk street files most of that time went to the SQL
checks and to DuckDB's Parquet writer; here each file is parsed by pyarrow's CSV reader, checked
column by column (distinct values once, for dictionary columns), keyed and written with pyarrow,
two files at a time. A file pyarrow cannot parse, or with a bad row, goes the DuckDB path,
which names every bad line; the keys, ranks and stored columns are the same on both paths (the
tests import with one and re-import with the other).
"""

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from safer.intel import storage
from safer.intel.models import CrimeImport

logger = logging.getLogger(__name__)

# Off, every file takes the DuckDB path (the tests compare the two paths this way).
ENABLED = True
# Files read, keyed and written side by side (pyarrow's kernels release the GIL).
FILE_WORKERS = 2
CODED = pa.dictionary(pa.int32(), pa.string())
# Stored columns written dictionary-encoded: those with a handful of values. LSOA codes, names
# and locations are written plain: sorted by LSOA, zstd packs them smaller (101 MB against
# 136 MB for 2 million rows) and the files are written in half the time.
DICTIONARY_COLUMNS = ("reported_by", "falls_within", "crime_type", "outcome", "import_id")
# Columns whose min/max per row group no reader filters on (ids and free text): not computed.
UNSTATED_COLUMNS = frozenset({"crime_id", "content_key", "location", "lsoa_name"})


@dataclass
class _Keyed:
    """One file's rows in the store's columns, with the identity each is compared on."""

    columns: dict[str, pa.ChunkedArray]  # the store's columns, month and content key included
    ordinal: pa.Array  # rank among the file's rows with the same identity
    months: list[str]


def read_files(items: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Split (record, path, source) items into those pyarrow reads with no bad row, as
    (record, keyed rows, source), and the rest (no arrow reader, unparsable, or with a bad
    row), unchanged. Files are read, checked and keyed FILE_WORKERS at a time."""

    def read(item: tuple) -> _Keyed | None:
        _, path, source = item
        reader = getattr(source, "arrow_read", None) if ENABLED else None
        try:
            raw = reader(path) if reader else None
            return _keyed(source, raw) if raw is not None else None
        except (pa.ArrowException, duckdb.Error):
            # A fault of this path, never of the file: the DuckDB path imports it instead.
            logger.exception("pyarrow import path failed on %s; taking the DuckDB path", path)
            return None

    with ThreadPoolExecutor(max_workers=FILE_WORKERS) as pool:
        keyed = list(pool.map(read, items))
    fast, slow = [], []
    for (record, path, source), rows in zip(items, keyed, strict=True):
        if rows is None:
            slow.append((record, path, source))
        else:
            fast.append((record, rows, source))
    return fast, slow


def store(*, items: list[tuple], batch_id: str) -> None:
    """Drop the rows already stored (or in an earlier file of the batch) and write the rest
    of each file into the month partitions, one Parquet file per file and month."""
    from safer.intel.services import PARQUET_COMPRESSION, ROW_GROUP_ROWS, SORT_MONTH_FILES

    source = items[0][2]
    keyed = [rows for _, rows, _ in items]
    dropped = _dropped(source, keyed)
    staging = storage.staging_dir(batch_id)
    jobs, written = [], []
    for index, ((record, rows, _), gone) in enumerate(zip(items, dropped, strict=True)):
        record.status = CrimeImport.Status.STORED
        record.rows_read = len(rows.ordinal)
        record.rows_duplicated = int(pc.sum(gone).as_py() or 0) if gone is not None else 0
        record.rows_stored = record.rows_read - record.rows_duplicated
        record.months = rows.months
        if not record.rows_stored:
            continue
        table = _stored_table(rows, record.import_id)
        if gone is not None:
            table = table.filter(pc.invert(gone))
        for month in rows.months:
            part = table if len(rows.months) == 1 else table.filter(pc.equal(table["month"], month))
            if part.num_rows:
                name = f"month={month}/{batch_id}_{index}.parquet"
                jobs.append((month, part.drop_columns(["month"]), staging / name))
                written.append(name)

    def code(job) -> tuple[_Coded, _Tally]:
        """A month file's LSOA codes (to sort it by) and its rows' counts by LSOA and type."""
        month, table, _ = job
        lsoa = _Coded.of(table["lsoa_code"])
        return lsoa, _counted(month, lsoa, _Coded.of(table["crime_type"]))

    def write(job, lsoa: _Coded) -> None:
        """Write one month file, sorted by LSOA."""
        _, table, path = job
        if SORT_MONTH_FILES:
            table = table.take(pa.array(_sorting(lsoa.ranks[lsoa.codes])))
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            table,
            path,
            compression=PARQUET_COMPRESSION,
            row_group_size=ROW_GROUP_ROWS,
            use_dictionary=[c for c in DICTIONARY_COLUMNS if c in table.column_names],
            write_statistics=[c for c in table.column_names if c not in UNSTATED_COLUMNS],
        )

    if not jobs:
        return
    counting = None
    try:
        with ThreadPoolExecutor(max_workers=FILE_WORKERS) as pool:
            coded = list(pool.map(code, jobs))
            # The counts file is written while the month files are (one worker on it, the
            # other on month files): written after them, it kept one core idle.
            if storage.counts_wanted(source.dataset):
                counting = pool.submit(
                    lambda: storage.counts_table_write(_counts([t for _, t in coded]))
                )
            list(pool.map(write, jobs, [lsoa for lsoa, _ in coded]))
    except BaseException:
        if counting is not None and counting.done() and counting.exception() is None:
            (storage.data_dir() / counting.result()).unlink(missing_ok=True)
        raise
    counts_name = counting.result() if counting else None
    storage.staging_publish(
        dataset=source.dataset,
        staging=staging,
        files=written,
        counts=(lambda: counts_name) if counts_name else None,
    )


def _sorting(keys: np.ndarray) -> np.ndarray:
    """The order sorting small non-negative integer keys: as 16-bit keys where they fit, which
    numpy sorts by radix (a comparison sort took 2% of the import)."""
    if len(keys) and keys.max() < 1 << 16:
        keys = keys.astype(np.uint16)
    return np.argsort(keys, kind="stable")


@dataclass
class _Tally:
    """One month file's counts: a dictionary-coded LSOA and type per cell, and the count."""

    month: str
    lsoa: pa.DictionaryArray
    crime_type: pa.DictionaryArray
    n: np.ndarray


def _counts(tallies: list[_Tally]) -> pa.Table:
    """(month, lsoa_code, crime_type, n) of the batch's month files in one table sorted by
    LSOA, as counts_segment_write sorts them, so a district's counts sit in a few row groups
    (runs sorted file by file spread them over all and the dashboard query took twice as
    long). Sorted on integer codes (sorting the text took four times as long); month and type
    are written as dictionaries. A (month, LSOA, type) repeats only where two files of the batch
    share a month; readers sum `n`."""
    lsoa_values, lsoa = _common_codes([t.lsoa for t in tallies])
    type_values, crime_type = _common_codes([t.crime_type for t in tallies])
    month = np.repeat(np.arange(len(tallies)), [len(t.n) for t in tallies])
    order = _sorting(lsoa)
    return pa.table(
        {
            "month": pa.DictionaryArray.from_arrays(
                pa.array(month[order], pa.int32()), pa.array([t.month for t in tallies])
            ),
            # As text: a dictionary of every LSOA would be written again in each row group.
            "lsoa_code": _looked_up(lsoa_values, lsoa[order]).cast(pa.string()),
            "crime_type": _looked_up(type_values, crime_type[order]),
            "n": pa.array(np.concatenate([t.n for t in tallies])[order], pa.int64()),
        }
    )


def _common_codes(columns: list[pa.DictionaryArray]) -> tuple[pa.Array, np.ndarray]:
    """The sorted union of the columns' dictionaries, and each row's place in it (one past the
    end for null): codes that sort as the text does."""
    values = pc.unique(pa.chunked_array([c.dictionary for c in columns], pa.string()))
    values = values.take(pc.array_sort_indices(values))
    codes = [
        pc.fill_null(pc.take(pc.index_in(c.dictionary, value_set=values), c.indices), len(values))
        .to_numpy()
        .astype(np.int64)
        for c in columns
    ]
    return values, np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def _looked_up(values: pa.Array, codes: np.ndarray) -> pa.DictionaryArray:
    """Codes from _common_codes as a dictionary column (written as such: no text is built)."""
    indices = pa.array(codes, mask=codes == len(values), type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, values)


@dataclass
class _Coded:
    """A text column as its distinct values and each row's code (0 for null, else 1 + index)."""

    values: pa.Array
    codes: np.ndarray

    @classmethod
    def of(cls, column: pa.ChunkedArray) -> "_Coded":
        if not isinstance(column.type, pa.DictionaryType):
            column = pc.dictionary_encode(column)
        column = column.unify_dictionaries()
        if not column.num_chunks:
            return cls(pa.array([], pa.string()), np.zeros(0, dtype=np.int64))
        codes = [
            pc.fill_null(pc.add(chunk.indices.cast(pa.int64()), 1), 0).to_numpy()
            for chunk in column.chunks
        ]
        return cls(column.chunk(0).dictionary, np.concatenate(codes))

    @cached_property
    def ranks(self) -> np.ndarray:
        """Each code's place in the sort order of the values (null, code 0, last)."""
        order = pc.rank(self.values, sort_keys="ascending", tiebreaker="first")
        return np.concatenate([[len(self.values) + 1], np.asarray(order, dtype=np.int64)])

    def coded(self, codes: np.ndarray) -> pa.DictionaryArray:
        """Codes back to a dictionary array over the values (code 0 to null)."""
        indices = pa.array(codes - 1, mask=codes == 0, type=pa.int32())
        return pa.DictionaryArray.from_arrays(indices, self.values)


def _counted(month: str, lsoa: _Coded, crime_type: _Coded) -> _Tally:
    """One month file's rows counted by LSOA and type on their codes (no text hashed)."""
    width = len(crime_type.values) + 1
    tally = np.bincount(lsoa.codes * width + crime_type.codes, minlength=width)
    cells = np.flatnonzero(tally)
    return _Tally(month, lsoa.coded(cells // width), crime_type.coded(cells % width), tally[cells])


def _keyed(source, raw: pa.Table) -> _Keyed:
    columns = source.arrow_store_columns(raw)
    count = raw.num_rows
    crime_id = columns["crime_id"]
    content = pa.nulls(count, pa.string())
    if crime_id.null_count:
        without_id = pc.is_null(crime_id).combine_chunks()
        digests = _content_keys(source, raw.filter(without_id))
        content = pc.replace_with_mask(content, without_id, digests)
    columns["content_key"] = content
    return _Keyed(columns, _ordinals(source, raw, crime_id, content), _months(columns["month"]))


def _months(month: pa.ChunkedArray) -> list[str]:
    """The distinct months of a dictionary column, from its codes (no text compared)."""
    found: set[str] = set()
    for chunk in month.chunks:
        used = pc.unique(chunk.indices).drop_null()
        found.update(pc.take(chunk.dictionary, used).to_pylist())
    return sorted(found)


def _content_keys(source, rows: pa.Table) -> pa.Array:
    """The content key of each row (rows without an id), by DuckDB running the source's own
    `content_key_sql` over the Arrow rows: the very digest the DuckDB path stores."""
    connection = storage.connect()
    try:
        name = f"import_rows_{uuid.uuid4().hex}"
        connection.register(name, rows)
        # A projection keeps the rows' order (DuckDB preserves insertion order by default).
        keys = connection.sql(f"SELECT {source.content_key_sql()} AS k FROM {name}")  # noqa: S608
        digests = keys.to_arrow_table()["k"].combine_chunks()
        connection.unregister(name)
        return digests.cast(pa.string())
    finally:
        connection.close()


def _maybe_repeated(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A mask of the rows whose value (nulls aside) may occur more than once in the column:
    every row whose value does, and rarely one whose value does not (it ranks 0 all the same).

    Values of one length (police.uk's 64-hex Crime IDs, MD5 keys) are compared on a 64-bit
    fingerprint of their first and last 8 bytes, sorted with numpy: hashing every string
    measured several times dearer. Other columns are counted exactly."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    mask = np.zeros(len(values), dtype=bool)
    prints, rows, start = [], [], 0
    for chunk in chunks:
        lengths = pc.min_max(pc.binary_length(chunk)).as_py()
        width = lengths["min"]
        if width is None:  # every value null
            start += len(chunk)
            continue
        if width != lengths["max"] or width < 8 or chunk.type != pa.string():
            tally = pc.value_counts(values)
            repeated = tally.field("values").filter(pc.greater(tally.field("counts"), 1))
            return pc.fill_null(pc.is_in(values, value_set=repeated.drop_null()), False).to_numpy(
                zero_copy_only=False
            )
        offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset :][: len(chunk) + 1]
        data = np.frombuffer(chunk.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        data = data.reshape(-1, width)
        first = np.ascontiguousarray(data[:, :8]).view(np.uint64).ravel()
        last = np.ascontiguousarray(data[:, -8:]).view(np.uint64).ravel()
        prints.append(first ^ (last * np.uint64(0x9E3779B97F4A7C15)))
        rows.append(start + np.flatnonzero(pc.is_valid(chunk).to_numpy(zero_copy_only=False)))
        start += len(chunk)
    if prints:
        every = np.concatenate(prints)
        ordered = np.sort(every)
        twice = ordered[1:][ordered[1:] == ordered[:-1]]
        if len(twice):
            mask[np.concatenate(rows)[np.isin(every, twice)]] = True
    return mask


def _ordinals(source, raw: pa.Table, crime_id: pa.ChunkedArray, content: pa.Array) -> pa.Array:
    """0 for a row whose identity (Crime ID, else content key) is unique in its file; else its
    rank among the rows with that identity, ordered by every raw column (NULLs last), as the
    DuckDB path ranks them."""
    ordinal = np.zeros(raw.num_rows, dtype=np.int64)
    candidates = _maybe_repeated(crime_id) | _maybe_repeated(content)
    if not candidates.any():
        return pa.array(ordinal)
    mask = pa.array(candidates)
    rows = {"_ident": pc.coalesce(crime_id.filter(mask), content.filter(mask))}
    rows.update(
        {f"_{i}": pc.cast(raw[c].filter(mask), pa.string()) for i, c in enumerate(source.columns)}
    )
    # Text compares byte by byte, as DuckDB orders VARCHAR; NULLs last, as DuckDB does.
    order = pc.sort_indices(
        pa.table(rows), sort_keys=[(name, "ascending", "at_end") for name in rows]
    ).to_numpy()
    idents = rows["_ident"].take(pa.array(order))
    count = len(order)
    starts = np.ones(count, dtype=bool)
    starts[1:] = pc.not_equal(idents[1:], idents[:-1]).to_numpy(zero_copy_only=False)
    places = np.arange(count)
    ranks = places - np.maximum.accumulate(np.where(starts, places, 0))
    ordinal[np.flatnonzero(candidates)[order]] = ranks
    return pa.array(ordinal)


def _dropped(source, keyed: list[_Keyed]) -> list[pa.Array | None]:
    """For each file, which rows are already stored or were in an earlier file of the batch
    (None where no row of the file can be: its months are new and no other file has them)."""
    files_in: dict[str, int] = {}
    for rows in keyed:
        for month in rows.months:
            files_in[month] = files_in.get(month, 0) + 1
    shared = {m for m, n in files_in.items() if n > 1}
    stored = {
        m: _stored_keys(source, m)
        for m in files_in
        if any(storage.month_dir(m, source.dataset).glob("*.parquet"))
    }
    earlier: dict[str, list[pa.Array]] = {m: [] for m in shared}
    result: list[pa.Array | None] = []
    for rows in keyed:
        if not (shared | set(stored)) & set(rows.months):
            result.append(None)
            continue
        keys = _keys(rows)
        seen = [stored[m] for m in rows.months if m in stored]
        seen += [k for m in rows.months if m in shared for k in earlier[m]]
        result.append(
            pc.is_in(keys, value_set=pa.chunked_array(seen, pa.string()).combine_chunks())
        )
        for month in set(rows.months) & shared:
            in_month = (
                keys
                if len(rows.months) == 1
                else keys.filter(pc.equal(rows.columns["month"], month))
            )
            earlier[month].append(in_month)
    return result


def _keys(rows: _Keyed) -> pa.Array:
    """month|identity|ordinal for each row, as _stored_keys spells them."""
    month = pc.cast(rows.columns["month"], pa.string()).combine_chunks()
    ident = pc.coalesce(rows.columns["crime_id"], rows.columns["content_key"]).combine_chunks()
    return pc.binary_join_element_wise(month, ident, pc.cast(rows.ordinal, pa.string()), "|")


def _stored_keys(source, month: str) -> pa.Array:
    """The keys of the rows stored for one month, spelt as _keys spells them."""
    connection = storage.connect()
    try:
        return (
            connection.sql(
                f"""SELECT month::VARCHAR || '|' || ({source.stored_ident_sql()}) || '|'
                       || ordinal::VARCHAR AS k
                FROM read_parquet(?, hive_partitioning=true)""",  # noqa: S608 - plug-in SQL
                params=[str(storage.month_dir(month, source.dataset) / "*.parquet")],
            )
            .to_arrow_table()["k"]
            .combine_chunks()
        )
    finally:
        connection.close()


def _stored_table(rows: _Keyed, import_id: str) -> pa.Table:
    """The store's columns in the DuckDB path's order, with the key, rank and import id."""
    count = len(rows.ordinal)
    columns = dict(rows.columns)
    columns["ordinal"] = rows.ordinal
    columns["import_id"] = pa.DictionaryArray.from_arrays(
        pa.array(np.zeros(count, dtype=np.int32)), pa.array([import_id])
    )
    return pa.table(columns)
