"""Other CSV files (a council's own incident log) read through a saved column mapping.

A `ColumnMapping` names which of the file's columns hold the reference, date (and time), incident
type, location and outcome; `MappedSource.of(mapping)` turns it into a source with the same shape
as `police_uk/`, so the importer reads, checks and stores the file in one DuckDB pass, whole or
not at all. Rows go to their own dataset, `incidents/month=YYYY-MM`, keeping the exact time the
incident happened (police.uk gives only months), which hour-of-day and near-repeat analysis need.

Identity: the mapping's id with the file's reference, or for rows without one a digest of the
mapping's id and the row's content; re-importing a file therefore adds nothing, and two mappings
never collide. LSOA codes come from the file when it has them; they are not worked out from the
point at import (that takes outlines, which are only known for some areas).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from safer.intel.sources.mapped.bng import EASTING_RANGE, NORTHING_RANGE, wgs84_sql
from safer.intel.sources.police_uk import (
    CRIME_TYPE_LABELS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    LSOA_PATTERN,
    NUMBER_PATTERN,
)

DATASET = "incidents"
NONE, LON_LAT, BNG = "none", "lonlat", "bng"
BNG_PATTERN = r"[0-9]{1,7}(\.[0-9]+)?"  # [0-9], not \d: see police_uk's patterns
MAX_REFERENCE = 128
EARLIEST = date(1990, 1, 1)
DATE_DIRECTIVES = frozenset("dmYybB")
TIME_DIRECTIVES = frozenset("HMS")
EXAMPLE_MOMENT = datetime(2024, 3, 5, 14, 30, 0)

# Each column a mapping can name, with the label used in forms and messages.
COLUMN_FIELDS = {
    "id_column": "Reference column",
    "date_column": "Date column",
    "time_column": "Time column",
    "type_column": "Incident type column",
    "x_column": "Longitude or easting column",
    "y_column": "Latitude or northing column",
    "location_column": "Location column",
    "lsoa_column": "LSOA code column",
    "outcome_column": "Outcome column",
}

HEADER_EMPTY = "Upload a sample file whose first line names its columns"
HEADER_BAD_NAME = (
    "Column names must not be empty, start or end with a space, or contain quote marks: {name!r}"
)
HEADER_REPEATED = "Each column name must appear once in the header: {name!r} is repeated"
NOT_IN_HEADER = "{label} {column!r} is not a column of the expected header"
CHOOSE_DATE = "Choose the column that holds the date"
CHOOSE_TYPE = "Choose the column that holds the incident type"
CHOOSE_X = "Choose the {what} column"
NO_COORDINATES_EXPECTED = "Leave the coordinate columns empty when the file has no coordinates"
SAME_COLUMN = "The date and time columns must be different columns"
ENTER_DATE_FORMAT = "Enter at least one date format, for example %d/%m/%Y"
ENTER_TIME_FORMAT = "Enter at least one time format, for example %H:%M"
BAD_FORMAT = (
    "{format!r} is not a date format we can read: use %d, %m (or %b, %B), %Y (or %y), "
    "optionally %H, %M, %S, and separators"
)
DATE_FORMAT_INCOMPLETE = "Date format {format!r} must have a day, a month and a year"
TIME_FORMAT_INCOMPLETE = "Time format {format!r} must have an hour and minutes and no date"
BAD_TYPE_SLUG = (
    "Incident type {label!r} must map to a police.uk crime type such as burglary, not {slug!r}"
)
TYPE_MAP_NEEDED = "Map at least one incident type before rejecting the types not mapped"

HEADER_MISMATCH = "the first line is not the header of column mapping {mapping}: {difference}"
WRONG_COLUMN_COUNT = "expected {expected} columns, found {found}"
REFERENCE_TOO_LONG = f"{{column}} must be at most {MAX_REFERENCE} characters"
DATE_MISSING = "{column} is missing"
DATE_UNREADABLE = "{column} must be a date like {examples}"
TIME_UNREADABLE = "{column} must be a time like {examples}"
DATE_OUT_OF_RANGE = f"{{column}} must be between {EARLIEST:%Y} and today"
TYPE_MISSING = "{column} is missing"
TYPE_NOT_MAPPED = "{column} {value!r} is not one of the mapping's incident types"
BAD_LON_LAT = "{x} and {y} must both be decimal degrees within Great Britain, or both empty"
BAD_EASTING_NORTHING = (
    "{x} and {y} must both be British National Grid metres within Great Britain, or both empty"
)
BAD_LSOA = "{column} must be like E01028479, or empty"


def _directives(fmt: str) -> list[str] | None:
    """The %-directives of a format, or None if it has a stray % or one we do not read."""
    found = re.findall(r"%(.?)", fmt)
    if any(d not in DATE_DIRECTIVES | TIME_DIRECTIVES for d in found):
        return None
    return found


def has_time(fmt: str) -> bool:
    return "%H" in fmt


def format_problem(fmt: str, *, time_only: bool = False) -> str | None:
    """Why a date (or time) format cannot be used, or None."""
    found = _directives(fmt)
    if found is None or not fmt.strip() or "'" in fmt:
        return BAD_FORMAT.format(format=fmt)
    try:
        datetime.strptime(EXAMPLE_MOMENT.strftime(fmt), fmt)
    except (ValueError, re.error):  # re.error: a directive given twice
        return BAD_FORMAT.format(format=fmt)
    if time_only:
        if set(found) & DATE_DIRECTIVES or not {"H", "M"} <= set(found):
            return TIME_FORMAT_INCOMPLETE.format(format=fmt)
    elif not ("d" in found and set(found) & set("mbB") and set(found) & set("Yy")):
        return DATE_FORMAT_INCOMPLETE.format(format=fmt)
    elif ("H" in found) != ("M" in found):
        return BAD_FORMAT.format(format=fmt)
    return None


def format_examples(formats) -> str:
    return " or ".join(EXAMPLE_MOMENT.strftime(f) for f in formats)


def mapping_problems(mapping) -> dict[str, str]:
    """Every problem with a column mapping (anything with ColumnMapping's attributes), by field.

    Messages name the field and the column, in GOV.UK error wording.
    """
    problems: dict[str, str] = {}
    header = mapping.header if isinstance(mapping.header, list) else []
    if not header:
        problems["header"] = HEADER_EMPTY
    seen: set[str] = set()
    for name in header:
        if (
            not isinstance(name, str)
            or not name.strip()
            or name != name.strip()
            or re.search(r"['\"\x00-\x1f]", name)
        ):
            problems.setdefault("header", HEADER_BAD_NAME.format(name=name))
        elif name in seen:
            problems.setdefault("header", HEADER_REPEATED.format(name=name))
        seen.add(name)
    for field, label in COLUMN_FIELDS.items():
        column = getattr(mapping, field) or ""
        if column and column not in header:
            problems[field] = NOT_IN_HEADER.format(label=label, column=column)
    if not mapping.date_column:
        problems["date_column"] = CHOOSE_DATE
    if not mapping.type_column:
        problems["type_column"] = CHOOSE_TYPE
    if mapping.time_column and mapping.time_column == mapping.date_column:
        problems["time_column"] = SAME_COLUMN
    if mapping.coordinates in (LON_LAT, BNG):
        names = (
            ("longitude", "latitude") if mapping.coordinates == LON_LAT else ("easting", "northing")
        )
        for field, what in zip(("x_column", "y_column"), names, strict=True):
            if not getattr(mapping, field):
                problems.setdefault(field, CHOOSE_X.format(what=what))
    elif mapping.x_column or mapping.y_column:
        problems["coordinates"] = NO_COORDINATES_EXPECTED
    formats = mapping.date_formats if isinstance(mapping.date_formats, list) else []
    if not formats:
        problems["date_formats"] = ENTER_DATE_FORMAT
    for fmt in formats:
        problem = format_problem(str(fmt))
        if problem:
            problems.setdefault("date_formats", problem)
    time_formats = mapping.time_formats if isinstance(mapping.time_formats, list) else []
    if mapping.time_column and not time_formats:
        problems["time_formats"] = ENTER_TIME_FORMAT
    for fmt in time_formats:
        problem = format_problem(str(fmt), time_only=True)
        if problem:
            problems.setdefault("time_formats", problem)
    type_map = mapping.type_map if isinstance(mapping.type_map, dict) else {}
    for label, slug in type_map.items():
        if slug not in CRIME_TYPE_LABELS:
            problems.setdefault("type_map", BAD_TYPE_SLUG.format(label=label, slug=slug))
    if mapping.reject_unmapped_types and not type_map:
        problems["reject_unmapped_types"] = TYPE_MAP_NEEDED
    return problems


def _q(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def _value(column: str) -> str:
    """A raw column trimmed of spaces, NULL when empty (as DuckDB reads an empty field)."""
    return f"nullif(trim(\"{column}\"), '')"


def _clean(value: str) -> str:
    """The Python twin of _value: '' for an empty or all-space field."""
    return value.strip(" ")


def _parse(value: str, formats) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class MappedSource:
    """A source built from one ColumnMapping; same protocol as the police.uk sources."""

    mapping_id: int
    name: str
    title: str
    label: str
    columns: tuple[str, ...]
    date_column: str
    date_formats: tuple[str, ...]
    type_column: str
    id_column: str = ""
    time_column: str = ""
    time_formats: tuple[str, ...] = ()
    type_map: tuple[tuple[str, str], ...] = ()
    reject_unmapped_types: bool = False
    coordinates: str = NONE
    x_column: str = ""
    y_column: str = ""
    location_column: str = ""
    lsoa_column: str = ""
    outcome_column: str = ""
    # Dates after this day are rejected (set when the source is built: tomorrow, for time zones).
    latest: date = date.max
    dataset: str = DATASET

    @classmethod
    def of(cls, mapping) -> "MappedSource":
        return cls(
            mapping_id=mapping.pk or 0,
            name=f"mapping:{mapping.pk}",
            title=mapping.name,
            label=mapping.reported_by,
            columns=tuple(h.strip() for h in mapping.header),
            date_column=mapping.date_column,
            date_formats=tuple(mapping.date_formats),
            type_column=mapping.type_column,
            id_column=mapping.id_column,
            time_column=mapping.time_column,
            time_formats=tuple(mapping.time_formats or ()),
            type_map=tuple(sorted((mapping.type_map or {}).items())),
            reject_unmapped_types=mapping.reject_unmapped_types,
            coordinates=mapping.coordinates,
            x_column=mapping.x_column,
            y_column=mapping.y_column,
            location_column=mapping.location_column,
            lsoa_column=mapping.lsoa_column,
            outcome_column=mapping.outcome_column,
            latest=date.today() + timedelta(days=1),
        )

    def matches(self, header: list[str]) -> bool:
        return tuple(h.strip() for h in header) == self.columns

    def header_difference(self, header: list[str] | None) -> str:
        """How a file's first line differs from this mapping's header."""
        found = tuple(h.strip() for h in header or ())
        missing = [c for c in self.columns if c not in found]
        extra = [c for c in found if c not in self.columns]
        if missing:
            return "missing " + ", ".join(missing[:3])
        if extra:
            return "unexpected " + ", ".join(extra[:3])
        return "the columns are in another order"

    def header_problem(self, header: list[str] | None) -> str:
        """Why a file is rejected on its first line (the importer's wording)."""
        return HEADER_MISMATCH.format(mapping=self.title, difference=self.header_difference(header))

    # DuckDB: the fast path.

    def _occurred_sql(self) -> str:
        date_value = _value(self.date_column)
        date_only = ", ".join(f"try_strptime({date_value}, {_q(f)})" for f in self.date_formats)
        occurred = f"coalesce({date_only})"
        if self.time_column:
            time_value = _value(self.time_column)
            both = ", ".join(
                [
                    f"try_strptime({date_value} || ' ' || {time_value}, {_q(fmt)})"
                    for fmt in self._combined_formats()
                ]
                + [f"try_strptime({date_value}, {_q(f)})" for f in self.date_formats if has_time(f)]
            )
            occurred = f"CASE WHEN {time_value} IS NULL THEN {occurred} ELSE coalesce({both}) END"
        return f"({occurred})"

    def _combined_formats(self) -> list[str]:
        """Date formats without a time, each followed by each time format (a time column)."""
        return [f"{f} {t}" for f in self.date_formats if not has_time(f) for t in self.time_formats]

    def _time_known_sql(self) -> str:
        date_value = _value(self.date_column)
        cases = " ".join(
            f"WHEN try_strptime({date_value}, {_q(f)}) IS NOT NULL THEN {str(has_time(f)).lower()}"
            for f in self.date_formats
        )
        known = f"CASE {cases} ELSE false END"
        if self.time_column:
            known = f"({_value(self.time_column)} IS NOT NULL OR {known})"
        return known

    def _point_sql(self) -> tuple[str, str]:
        if self.coordinates == NONE:
            return "NULL::DOUBLE", "NULL::DOUBLE"
        x, y = _value(self.x_column), _value(self.y_column)
        if self.coordinates == LON_LAT:
            return f"TRY_CAST({x} AS DOUBLE)", f"TRY_CAST({y} AS DOUBLE)"
        lon, lat = wgs84_sql(f"TRY_CAST({x} AS DOUBLE)", f"TRY_CAST({y} AS DOUBLE)")
        return (
            f"CASE WHEN {x} IS NOT NULL THEN {lon} END",
            f"CASE WHEN {x} IS NOT NULL THEN {lat} END",
        )

    def reason_sql(self) -> str:
        occurred = self._occurred_sql()
        checks = []
        if self.id_column:
            checks.append(
                (f"length({_value(self.id_column)}) > {MAX_REFERENCE}", self._reference_too_long())
            )
        checks += [
            (f"{_value(self.date_column)} IS NULL", DATE_MISSING.format(column=self.date_column)),
            (f"{occurred} IS NULL", self._date_unreadable()),
            (
                f"NOT ({occurred} >= DATE '{EARLIEST}' AND {occurred} < DATE '{self.latest}')",
                DATE_OUT_OF_RANGE.format(column=self.date_column),
            ),
            (f"{_value(self.type_column)} IS NULL", TYPE_MISSING.format(column=self.type_column)),
        ]
        if self.reject_unmapped_types:
            labels = ", ".join(_q(label) for label, _ in self.type_map)
            checks.append(
                (f"{_value(self.type_column)} NOT IN ({labels})", f"{self.type_column} not mapped")
            )
        if self.coordinates != NONE:
            x, y = _value(self.x_column), _value(self.y_column)
            pattern, (x_lo, x_hi), (y_lo, y_hi) = self._coordinate_rules()
            checks.append(
                (
                    f"""NOT (({x} IS NULL AND {y} IS NULL) OR (
                      regexp_full_match({x}, {_q(pattern)})
                      AND regexp_full_match({y}, {_q(pattern)})
                      AND TRY_CAST({x} AS DOUBLE) BETWEEN {x_lo} AND {x_hi}
                      AND TRY_CAST({y} AS DOUBLE) BETWEEN {y_lo} AND {y_hi}))""",
                    self._bad_coordinates(),
                )
            )
        if self.lsoa_column:
            lsoa = _value(self.lsoa_column)
            checks.append(
                (
                    f"{lsoa} IS NOT NULL AND NOT regexp_full_match({lsoa}, {_q(LSOA_PATTERN)})",
                    BAD_LSOA.format(column=self.lsoa_column),
                )
            )
        whens = "\n".join(f"WHEN {test} THEN {_q(reason)}" for test, reason in checks)
        return f"CASE {whens} END"

    def store_columns_sql(self) -> str:
        occurred = self._occurred_sql()
        longitude, latitude = self._point_sql()
        type_value = _value(self.type_column)
        if self.type_map:
            whens = " ".join(f"WHEN {_q(label)} THEN {_q(slug)}" for label, slug in self.type_map)
            crime_type = f"CASE {type_value} {whens} END"
        else:
            crime_type = "NULL::VARCHAR"

        def optional(column: str) -> str:
            return _value(column) if column else "NULL::VARCHAR"

        return f"""{optional(self.id_column)} AS incident_id, {occurred} AS occurred_at,
          {self._time_known_sql()} AS time_known, {self.month_sql()} AS month,
          {longitude} AS longitude, {latitude} AS latitude,
          {optional(self.location_column)} AS location, {optional(self.lsoa_column)} AS lsoa_code,
          {crime_type} AS crime_type, {type_value} AS category,
          {optional(self.outcome_column)} AS outcome, {_q(self.label)} AS reported_by,
          {int(self.mapping_id)}::BIGINT AS mapping_id"""

    def id_sql(self) -> str:
        if not self.id_column:
            return "NULL::VARCHAR"
        return f"('{int(self.mapping_id)}:' || {_value(self.id_column)})"

    def month_sql(self) -> str:
        return f"strftime({self._occurred_sql()}, '%Y-%m')"

    def content_key_sql(self) -> str:
        parts = ", ".join(f"coalesce(\"{c}\", '')" for c in self.columns)
        return f"md5(concat_ws('|', '{int(self.mapping_id)}', {parts}))"

    def stored_ident_sql(self) -> str:
        return "coalesce(CAST(mapping_id AS VARCHAR) || ':' || incident_id, content_key)"

    def sort_sql(self) -> str:
        return "lsoa_code, occurred_at"

    # Python: the slow path naming every bad line, with the same rules.

    def _reference_too_long(self) -> str:
        return REFERENCE_TOO_LONG.format(column=self.id_column)

    def _date_unreadable(self) -> str:
        return DATE_UNREADABLE.format(
            column=self.date_column, examples=format_examples(self.date_formats)
        )

    def _coordinate_rules(self):
        if self.coordinates == LON_LAT:
            return NUMBER_PATTERN, LONGITUDE_RANGE, LATITUDE_RANGE
        return BNG_PATTERN, EASTING_RANGE, NORTHING_RANGE

    def _bad_coordinates(self) -> str:
        template = BAD_LON_LAT if self.coordinates == LON_LAT else BAD_EASTING_NORTHING
        return template.format(x=self.x_column, y=self.y_column)

    def occurred(self, fields: dict[str, str]) -> tuple[datetime | None, str | None]:
        """When a row's incident happened, or why that cannot be read."""
        day = _clean(fields[self.date_column])
        if not day:
            return None, DATE_MISSING.format(column=self.date_column)
        time = _clean(fields[self.time_column]) if self.time_column else ""
        if not time:
            moment = _parse(day, self.date_formats)
        else:
            moment = _parse(f"{day} {time}", self._combined_formats()) or _parse(
                day, [f for f in self.date_formats if has_time(f)]
            )
            if moment is None and _parse(day, self.date_formats) is not None:
                examples = format_examples(self.time_formats)
                return None, TIME_UNREADABLE.format(column=self.time_column, examples=examples)
        if moment is None:
            return None, self._date_unreadable()
        if not EARLIEST <= moment.date() < self.latest:
            return None, DATE_OUT_OF_RANGE.format(column=self.date_column)
        return moment, None

    def row_error(self, row: list[str]) -> str | None:
        if len(row) != len(self.columns):
            return WRONG_COLUMN_COUNT.format(expected=len(self.columns), found=len(row))
        fields = dict(zip(self.columns, row, strict=True))
        if self.id_column and len(_clean(fields[self.id_column])) > MAX_REFERENCE:
            return self._reference_too_long()
        _, problem = self.occurred(fields)
        if problem:
            return problem
        incident_type = _clean(fields[self.type_column])
        if not incident_type:
            return TYPE_MISSING.format(column=self.type_column)
        if self.reject_unmapped_types and incident_type not in dict(self.type_map):
            return TYPE_NOT_MAPPED.format(column=self.type_column, value=incident_type[:60])
        if self.coordinates != NONE:
            x, y = _clean(fields[self.x_column]), _clean(fields[self.y_column])
            pattern, (x_lo, x_hi), (y_lo, y_hi) = self._coordinate_rules()
            if (x or y) and not (
                re.fullmatch(pattern, x)
                and re.fullmatch(pattern, y)
                and x_lo <= float(x) <= x_hi
                and y_lo <= float(y) <= y_hi
            ):
                return self._bad_coordinates()
        if self.lsoa_column:
            lsoa = _clean(fields[self.lsoa_column])
            if lsoa and not re.fullmatch(LSOA_PATTERN, lsoa):
                return BAD_LSOA.format(column=self.lsoa_column)
        return None


PREVIEW_COLUMNS = (
    "incident_id",
    "occurred_at",
    "time_known",
    "crime_type",
    "category",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "outcome",
)


def preview(source: MappedSource, text: str, *, limit: int = 20) -> list[dict]:
    """The first rows of a sample file as they would be stored, or why each would be rejected.

    Values come from the same DuckDB expressions the importer uses, so what the page shows is
    what an import stores.
    """
    from safer.intel import storage

    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    rows = []
    for row in reader:
        if not row:
            continue
        rows.append({"line": reader.line_num, "raw": row, "reason": source.row_error(row)})
        if len(rows) >= limit:
            break
    good = [r for r in rows if len(r["raw"]) == len(source.columns)]
    if not good:
        return rows
    connection = storage.connect()
    try:
        names = ", ".join(f'"{c}" VARCHAR' for c in source.columns)
        connection.execute(f"CREATE TEMP TABLE raw (_line INTEGER, {names})")
        marks = ", ".join("?" for _ in range(len(source.columns) + 1))
        connection.executemany(
            f"INSERT INTO raw VALUES ({marks})",  # noqa: S608 - column names checked, values bound
            [[r["line"], *(v if v != "" else None for v in r["raw"])] for r in good],
        )
        chosen = ", ".join(PREVIEW_COLUMNS)
        parsed = connection.execute(
            f"SELECT _line, {chosen} FROM (SELECT _line, {source.store_columns_sql()} FROM raw)"  # noqa: S608
        ).fetchall()
    finally:
        connection.close()
    # (column, value) pairs in PREVIEW_COLUMNS order, for a table.
    by_line = {line: list(zip(PREVIEW_COLUMNS, values, strict=True)) for line, *values in parsed}
    for r in rows:
        r["stored"] = None if r["reason"] else by_line.get(r["line"])
    return rows


def read_header(path: Path) -> list[str] | None:
    """The column names on a CSV file's first line (None if it is empty or not UTF-8)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), None)
    except UnicodeDecodeError:
        return None
