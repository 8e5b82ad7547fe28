"""police.uk street files read with pyarrow: the fast path for files with no bad row.

The rules are the ones of `StreetSource.reason_sql` and `row_error`, checked column by column
(low-cardinality columns are read dictionary-encoded, so their rules run once per distinct
value). A file pyarrow cannot parse, or with any row that breaks a rule, reads as None: the
importer then takes the DuckDB path, which names every bad line.
"""

import string
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from safer.intel.sources.police_uk import (
    CRIME_TYPES,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    LSOA_PATTERN,
    MONTH_PATTERN,
    STREET_COLUMNS,
)

TEXT = pa.string()
# A police.uk file (one force, one month: 25 MB at most) in one or two blocks: the importer
# reads two files at a time, and fewer, larger chunks made the whole import about 8% faster
# than pyarrow's 1 MB blocks (2 million generated rows, three runs each).
BLOCK_BYTES = 32 << 20
# CRIME_ID_PATTERN as bytes: those that may appear in a Crime ID, and how many at most.
ID_BYTES = (string.ascii_letters + string.digits).encode()
ID_MAX_BYTES = 128
NUMBER_BYTES = b"-.0123456789"
CODED = pa.dictionary(pa.int32(), pa.string())
# Columns read as dictionaries, their rules checked once per distinct value. Not the ids and
# coordinates (a different value on almost every row), nor location and LSOA name, which have
# no rule and are stored as plain text (building their dictionaries took 4% of the import).
CODED_COLUMNS = frozenset(STREET_COLUMNS) - {
    "Crime ID",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA name",
}


def street_read(path: Path) -> pa.Table | None:
    """Every row of a street file as text (empty fields null, as DuckDB reads them) and the
    coordinates as numbers (`longitude`, `latitude`), or None if pyarrow cannot parse it or a
    row breaks a rule."""
    try:
        data = path.read_bytes()
        # ASCII is UTF-8: pyarrow's own check of every value took 4% of the import.
        check_utf8 = not data.isascii()
        try:
            table = _parsed(data, check_utf8=check_utf8, breaks_in_fields=False)
        except pa.ArrowInvalid:
            if b'"' not in data:
                raise
            # A line break inside a quoted field that falls between two of pyarrow's blocks
            # ("parser got out of sync with chunker"): read again looking for such breaks,
            # which is a tenth slower, so only then.
            table = _parsed(data, check_utf8=check_utf8, breaks_in_fields=True)
        coordinates = _street_rows_good(table)
        if coordinates is None:
            return None
        # The numbers the checks made, kept for street_store_columns.
        return table.append_column("longitude", coordinates[0]).append_column(
            "latitude", coordinates[1]
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None


def _parsed(data: bytes, *, check_utf8: bool, breaks_in_fields: bool) -> pa.Table:
    return pcsv.read_csv(
        pa.BufferReader(data),
        read_options=pcsv.ReadOptions(
            column_names=list(STREET_COLUMNS), skip_rows=1, block_size=BLOCK_BYTES
        ),
        parse_options=pcsv.ParseOptions(newlines_in_values=breaks_in_fields),
        convert_options=pcsv.ConvertOptions(
            column_types={c: CODED if c in CODED_COLUMNS else TEXT for c in STREET_COLUMNS},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=[""],
            check_utf8=check_utf8,
        ),
    )


def _full(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _all_true(mask) -> bool:
    """Whether every value of a boolean (chunked) array is true; nulls count as false."""
    return pc.all(pc.fill_null(mask, False)).as_py() is not False


def _codes_match(column: pa.ChunkedArray, pattern: str, *, nullable: bool) -> bool:
    """The rule on each distinct value of a dictionary column (and on its nulls)."""
    if not nullable and column.null_count:
        return False
    return all(
        _all_true(pc.match_substring_regex(chunk.dictionary, _full(pattern)))
        for chunk in column.chunks
    )


def _street_rows_good(table: pa.Table) -> tuple[pa.ChunkedArray, pa.ChunkedArray] | None:
    """The coordinates as numbers if every row keeps every rule, else None."""
    if not _ids_good(table["Crime ID"]):
        return None
    if not _codes_match(table["Month"], MONTH_PATTERN, nullable=False):
        return None
    if not _codes_match(table["LSOA code"], LSOA_PATTERN, nullable=True):
        return None
    crime_type = table["Crime type"]
    if crime_type.null_count or not all(
        _all_true(pc.is_in(chunk.dictionary, pa.array(list(CRIME_TYPES))))
        for chunk in crime_type.chunks
    ):
        return None
    return _located(table["Longitude"], table["Latitude"])


def _ids_good(crime_id: pa.ChunkedArray) -> bool:
    """CRIME_ID_PATTERN on every Crime ID: 1 to 128 bytes, each an ASCII letter or digit.

    Checked on the bytes of all the ids at once (a regular expression per id took ten times
    as long); a non-ASCII letter is two or more bytes outside the set, so it fails too."""
    for chunk in crime_id.chunks:
        if chunk.null_count == len(chunk):
            continue
        if pc.max(pc.binary_length(chunk)).as_py() > ID_MAX_BYTES:
            return False
        offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset :][: len(chunk) + 1]
        data = np.frombuffer(chunk.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        # Deleting every allowed byte leaves nothing (bytes.translate: 0.05 s for 100 MB).
        if data.tobytes().translate(None, ID_BYTES):
            return False
    return True


def _located(
    lon: pa.ChunkedArray, lat: pa.ChunkedArray
) -> tuple[pa.ChunkedArray, pa.ChunkedArray] | None:
    """Longitude and latitude as numbers if, on every row, both are empty or both are decimal
    degrees (NUMBER_PATTERN) within Great Britain; else None."""
    if not _all_true(pc.equal(pc.is_null(lon), pc.is_null(lat))):
        return None
    if not (_numbers_good(lon) and _numbers_good(lat)):
        return None
    try:
        x, y = pc.cast(lon, pa.float64()), pc.cast(lat, pa.float64())
    except pa.ArrowInvalid:
        return None
    for degrees, (low, high) in ((x, LONGITUDE_RANGE), (y, LATITUDE_RANGE)):
        extent = pc.min_max(degrees).as_py()
        if extent["min"] is not None and (extent["min"] < low or extent["max"] > high):
            return None
    return x, y


def _numbers_good(column: pa.ChunkedArray) -> bool:
    """NUMBER_PATTERN, -?[0-9]{1,3}(\\.[0-9]+)?, on every value that also casts to a number,
    checked on the bytes of all the values at once with numpy (the regular expression took 3%
    of the import)."""
    for chunk in column.chunks:
        if chunk.null_count == len(chunk):
            continue
        offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset :][: len(chunk) + 1]
        offsets = offsets.astype(np.int64)
        data = np.frombuffer(chunk.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        if data.tobytes().translate(None, NUMBER_BYTES):
            return False  # a byte that is not a digit, point or minus
        starts, ends = offsets[:-1] - offsets[0], offsets[1:] - offsets[0]
        present = ends > starts  # nulls are empty; empty text was read as null
        starts, ends = starts[present], ends[present]
        # A second point, or a minus not in front, fails the cast to numbers that follows;
        # what the cast accepts and the pattern does not (".5", "5.", "0001.5") fails here.
        minus = data[starts] == ord("-")
        points = np.flatnonzero(data == ord("."))
        owners = np.searchsorted(starts, points, side="right") - 1
        point = np.full(len(starts), -1)
        point[owners] = points
        pointed = point >= 0
        whole = np.where(pointed, point, ends) - starts - minus
        if np.any(whole < 1) or np.any(whole > 3):
            return False  # 1 to 3 digits before the point
        if np.any(ends[pointed] - point[pointed] < 2):
            return False  # a digit after the point
    return True


def street_store_columns(raw: pa.Table) -> dict[str, pa.ChunkedArray]:
    """The store's columns (as `store_columns_sql` makes them), month included."""
    return {
        "crime_id": raw["Crime ID"],
        "month": raw["Month"],
        "reported_by": raw["Reported by"],
        "falls_within": raw["Falls within"],
        "longitude": raw["longitude"],
        "latitude": raw["latitude"],
        "location": raw["Location"],
        "lsoa_code": raw["LSOA code"],
        "lsoa_name": raw["LSOA name"],
        "crime_type": _recoded(raw["Crime type"], CRIME_TYPES),
        "outcome": raw["Last outcome category"],
    }


def _recoded(column: pa.ChunkedArray, names: dict[str, str]) -> pa.ChunkedArray:
    """A dictionary column with each distinct value renamed (police.uk names to slugs)."""
    return pa.chunked_array(
        [
            pa.DictionaryArray.from_arrays(
                chunk.indices,
                pa.array([names[v] for v in chunk.dictionary.to_pylist()], pa.string()),
            )
            for chunk in column.chunks
        ],
        type=CODED,
    )
