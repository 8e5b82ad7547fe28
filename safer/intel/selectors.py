"""Reads of the crime store: counts, serious acquisitive crime, rolling years, the year-on-year
comparison against a target, and outcome ("detection") rates. Each starts from an area.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from safer.intel import storage
from safer.intel.areas import Area, area_scope
from safer.intel.sources.police_uk import CRIME_TYPE_LABELS

ASB = "anti-social-behaviour"
ALL_CRIME = "all-crime"
SERIOUS_ACQUISITIVE = "serious-acquisitive"
# Seed 000's definition of serious acquisitive crime.
SERIOUS_ACQUISITIVE_TYPES = ("burglary", "robbery", "theft-from-the-person", "vehicle-crime")
GROUPS = {
    ALL_CRIME: "All crime (excluding anti-social behaviour)",
    SERIOUS_ACQUISITIVE: "Serious acquisitive crime",
}
GROUP_BY = ("month", "crime_type", "lsoa")

# Last outcomes that mean a suspect was identified and formally dealt with: charged or summonsed
# (court outcomes), cautioned, given a penalty notice, drugs warning or community resolution.
# police.uk publishes only the latest outcome, so recent months read low until they settle.
DETECTED_OUTCOMES = frozenset(
    {
        "Awaiting court outcome",
        "Court result unavailable",
        "Court case unable to proceed",
        "Defendant found not guilty",
        "Defendant sent to Crown Court",
        "Suspect charged as part of another case",
        "Offender sent to prison",
        "Offender given suspended prison sentence",
        "Offender given community sentence",
        "Offender fined",
        "Offender given conditional discharge",
        "Offender given absolute discharge",
        "Offender ordered to pay compensation",
        "Offender deprived of property",
        "Offender otherwise dealt with",
        "Offender given a caution",
        "Offender given a drugs possession warning",
        "Offender given penalty notice",
        "Local resolution",
    }
)

BAD_MONTH = "Use a month like 2019-02"
BAD_RANGE = "The start month must not be after the end month"
UNKNOWN_CRIME_TYPE = "Unknown crime type: use a police.uk slug, all-crime or serious-acquisitive"
UNKNOWN_GROUP_BY = "group_by must be month, crime_type or lsoa"
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def crime_type_choices() -> list[tuple[str, str]]:
    """Every accepted crime type value with its label, groups first."""
    return [*GROUPS.items(), *sorted(CRIME_TYPE_LABELS.items(), key=lambda item: item[1])]


def crime_type_types(crime_type: str) -> tuple[str, ...]:
    """The police.uk slugs a crime type value stands for."""
    if crime_type == ALL_CRIME:
        return tuple(sorted(s for s in CRIME_TYPE_LABELS if s != ASB))
    if crime_type == SERIOUS_ACQUISITIVE:
        return SERIOUS_ACQUISITIVE_TYPES
    if crime_type in CRIME_TYPE_LABELS:
        return (crime_type,)
    raise ValidationError(UNKNOWN_CRIME_TYPE)


def crime_type_label(crime_type: str) -> str:
    return GROUPS.get(crime_type) or CRIME_TYPE_LABELS.get(crime_type, crime_type)


def month_check(month: str | None) -> str | None:
    if month in (None, ""):
        return None
    if not MONTH.fullmatch(month):
        raise ValidationError(BAD_MONTH)
    return month


def month_add(month: str, delta: int) -> str:
    """The month `delta` months after (or before) a YYYY-MM month."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + mon - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_span(first: str, last: str) -> list[str]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month_add(month, 1)
    return months


def month_label(month: str) -> str:
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"


def stored_months_between(first: str | None, last: str | None) -> list[str]:
    return [
        m for m in storage.stored_months() if (not first or m >= first) and (not last or m <= last)
    ]


def _counts_source(area: Area) -> tuple[str, str]:
    """Where to count from: the compact counts for LSOA-based areas, the crimes for the rest."""
    if area.kind == "custom":
        return "crimes", "count(*)"
    return "crime_counts", "sum(n)::BIGINT"


@dataclass(frozen=True)
class Counts:
    items: list[tuple[str, int]]
    total: int


def crime_counts(
    *,
    area: Area,
    crime_type: str = ALL_CRIME,
    month_from: str | None = None,
    month_to: str | None = None,
    group_by: str = "month",
) -> Counts:
    """Crimes in an area and period grouped by month, type or LSOA (zeros included where known)."""
    if group_by not in GROUP_BY:
        raise ValidationError(UNKNOWN_GROUP_BY)
    month_from, month_to = month_check(month_from), month_check(month_to)
    if month_from and month_to and month_from > month_to:
        raise ValidationError(BAD_RANGE)
    types = crime_type_types(crime_type)
    column = {"month": "month", "crime_type": "crime_type", "lsoa": "lsoa_code"}[group_by]
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        source, count = _counts_source(area)
        rows = connection.execute(
            f"""SELECT {column}, {count} FROM {source}
            WHERE {scope} AND crime_type IN (SELECT unnest(?::VARCHAR[]))
              AND month >= ? AND month <= ?
            GROUP BY 1""",  # noqa: S608 - column and scope are ours, values are parameters
            [list(types), month_from or "0000-00", month_to or "9999-99"],
        ).fetchall()
    found = {key: count for key, count in rows}
    if group_by == "month":
        keys = stored_months_between(month_from, month_to)
    elif group_by == "crime_type":
        keys = list(types)
    else:
        keys = list(area.lsoa_codes) if area.kind in ("la", "lsoa") else []
    keys = sorted(set(keys) | {k for k in found if k is not None}) + (
        [None] if None in found else []
    )
    items = [(key if key is not None else "", found.get(key, 0)) for key in keys]
    return Counts(items=items, total=sum(found.values()))


@dataclass(frozen=True)
class TypeMonthTable:
    months: list[str]
    rows: list[tuple[str, str, list[int], int]]  # slug, label, counts per month, total
    totals: list[int]


def _type_month_cells(area: Area, month_from: str, month_to: str) -> dict[tuple[str, str], int]:
    """Crimes by (type, month) in the area and months: one read serves a table or many sums."""
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        source, count = _counts_source(area)
        rows = connection.execute(
            f"""SELECT crime_type, month, {count} FROM {source}
            WHERE {scope} AND month >= ? AND month <= ? GROUP BY 1, 2""",  # noqa: S608
            [month_from, month_to],
        ).fetchall()
    return {(t, m): n for t, m, n in rows}


def counts_by_type_and_month(*, area: Area, month_from: str, month_to: str) -> TypeMonthTable:
    """The dashboard's main table: every police.uk type by month, with SAC and all-crime rows."""
    months = stored_months_between(month_from, month_to)
    cell = _type_month_cells(area, month_from, month_to)
    table = []
    for slug, label in sorted(CRIME_TYPE_LABELS.items(), key=lambda item: item[1]):
        counts = [cell.get((slug, m), 0) for m in months]
        table.append((slug, label, counts, sum(counts)))
    for group in (SERIOUS_ACQUISITIVE, ALL_CRIME):
        types = set(crime_type_types(group))
        counts = [sum(cell.get((t, m), 0) for t in types) for m in months]
        table.append((group, GROUPS[group], counts, sum(counts)))
    totals = [sum(cell.get((t, m), 0) for t in CRIME_TYPE_LABELS) for m in months]
    return TypeMonthTable(months=months, rows=table, totals=totals)


@dataclass(frozen=True)
class RollingYear:
    month: str
    count: int
    months_with_data: int

    @property
    def complete(self) -> bool:
        return self.months_with_data == 12


def rolling_12_months(
    *, area: Area, crime_type: str, month_from: str, month_to: str
) -> list[RollingYear]:
    """For each stored month, crimes in the 12 months ending with it, and how many were stored."""
    first = month_add(month_from, -11)
    monthly = dict(
        crime_counts(
            area=area, crime_type=crime_type, month_from=first, month_to=month_to, group_by="month"
        ).items
    )
    stored = set(storage.stored_months())
    result = []
    for month in stored_months_between(month_from, month_to):
        window = [month_add(month, -k) for k in range(12)]
        result.append(
            RollingYear(
                month=month,
                count=sum(monthly.get(m, 0) for m in window),
                months_with_data=sum(1 for m in window if m in stored),
            )
        )
    return result


@dataclass(frozen=True)
class TargetStatus:
    current: int | None
    previous: int | None
    change_pct: float | None
    target_pct: float | None
    met: bool | None
    rag: str  # red, amber, green or grey


def target_status(
    *, current: int | None, previous: int | None, target_pct: float | None
) -> TargetStatus:
    """Year-on-year change against a reduction target such as -5 (%), with the partnership's RAG:
    green meets it, amber misses by up to 5 percentage points, red by more, grey has no target
    or no data (including a zero baseline, where a percentage change means nothing)."""
    if current is None or previous is None or previous == 0:
        return TargetStatus(current, previous, None, target_pct, None, "grey")
    change = (current - previous) / previous * 100
    if target_pct is None:
        return TargetStatus(current, previous, change, None, None, "grey")
    met = change <= target_pct + 1e-9
    if met:
        rag = "green"
    elif change - target_pct <= 5 + 1e-9:
        rag = "amber"
    else:
        rag = "red"
    return TargetStatus(current, previous, change, target_pct, met, rag)


@dataclass(frozen=True)
class PeriodComparison:
    crime_type: str
    label: str
    months: list[str]
    previous_months: list[str]
    status: TargetStatus
    complete: bool


def period_comparison(
    *, area: Area, crime_type: str, month_from: str, month_to: str, target_pct: float | None
) -> PeriodComparison:
    """This period against the same months a year before; grey unless both are fully stored."""
    return period_comparisons(
        area=area, wanted=[(crime_type, target_pct)], month_from=month_from, month_to=month_to
    )[0]


def period_comparisons(
    *,
    area: Area,
    wanted: list[tuple[str, float | None]],
    month_from: str,
    month_to: str,
) -> list[PeriodComparison]:
    """period_comparison for each (crime type, target), from one read of the store."""
    months = month_span(month_check(month_from), month_check(month_to))
    previous = [month_add(m, -12) for m in months]
    stored = set(storage.stored_months())
    complete = all(m in stored for m in months + previous)
    cell = _type_month_cells(area, previous[0], months[-1])
    found = []
    for crime_type, target_pct in wanted:
        types = crime_type_types(crime_type)
        now = sum(cell.get((t, m), 0) for t in types for m in months)
        before = sum(cell.get((t, m), 0) for t in types for m in previous)
        status = target_status(
            current=now if complete else None,
            previous=before if complete else None,
            target_pct=target_pct,
        )
        found.append(
            PeriodComparison(
                crime_type, crime_type_label(crime_type), months, previous, status, complete
            )
        )
    return found


@dataclass(frozen=True)
class OutcomeRates:
    total: int
    detected: int
    rows: list[tuple[str, int, float]]  # outcome, count, share %

    @property
    def detection_rate(self) -> float | None:
        return self.detected / self.total * 100 if self.total else None


def outcome_rates(*, area: Area, crime_type: str, month_from: str, month_to: str) -> OutcomeRates:
    """Crimes by last outcome category, and the detection rate as DETECTED_OUTCOMES defines it."""
    types = [t for t in crime_type_types(crime_type) if t != ASB]
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT coalesce(outcome, 'No outcome recorded'), count(*) FROM crimes
            WHERE {scope} AND crime_type IN (SELECT unnest(?::VARCHAR[]))
              AND month >= ? AND month <= ?
            GROUP BY 1 ORDER BY 2 DESC, 1""",  # noqa: S608
            [types, month_from, month_to],
        ).fetchall()
    total = sum(n for _, n in rows)
    detected = sum(n for outcome, n in rows if outcome in DETECTED_OUTCOMES)
    return OutcomeRates(
        total=total,
        detected=detected,
        rows=[(outcome, n, n / total * 100) for outcome, n in rows] if total else [],
    )


@dataclass(frozen=True)
class OutcomesRecorded:
    total: int
    detected: int
    rows: list[tuple[str, int, bool]]  # outcome type, outcomes, counts as detected


def outcomes_recorded(*, area: Area, month_from: str, month_to: str) -> OutcomesRecorded | None:
    """Outcomes given in the period (from police.uk outcomes files), by type; None if no
    outcomes file is stored or the area is a custom one (outcomes are placed by LSOA only)."""
    if area.kind == "custom" or not storage.stored_months(storage.OUTCOMES):
        return None
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT outcome_type, count(*) FROM outcomes
            WHERE {scope} AND month >= ? AND month <= ?
            GROUP BY 1 ORDER BY 2 DESC, 1""",  # noqa: S608
            [month_from, month_to],
        ).fetchall()
    return OutcomesRecorded(
        total=sum(n for _, n in rows),
        detected=sum(n for outcome, n in rows if outcome in DETECTED_OUTCOMES),
        rows=[(outcome, n, outcome in DETECTED_OUTCOMES) for outcome, n in rows],
    )


def lsoa_rates(*, area: Area, crime_type: str, month_from: str, month_to: str) -> list[dict]:
    """Crimes per LSOA with the rate per 1,000 residents (2011 Census) for choropleths."""
    from safer.intel.areas import lsoas

    counts = crime_counts(
        area=area, crime_type=crime_type, month_from=month_from, month_to=month_to, group_by="lsoa"
    )
    known = lsoas()
    result = []
    for code, count in counts.items:
        lsoa = known.get(code)
        population = lsoa.population if lsoa else None
        result.append(
            {
                "code": code,
                "name": lsoa.name if lsoa else (code if code else "No location"),
                "count": count,
                "population": population,
                "rate": round(count / population * 1000, 2) if population else None,
            }
        )
    return result


def latest_month() -> str | None:
    months = storage.stored_months()
    return months[-1] if months else None


def import_list(*, limit: int = 50):
    """Recent import records, newest first."""
    from safer.intel.models import CrimeImport

    return CrimeImport.objects.select_related("imported_by").order_by("-created_at", "-pk")[:limit]


# Incidents: other CSVs (a council's log) read through a column mapping, with exact times.


@dataclass(frozen=True)
class IncidentCount:
    mapping_id: int
    month: str
    crime_type: str | None  # a police.uk slug, or None where the mapping gives none
    category: str  # the file's own label
    count: int


def _incidents_sql() -> str | None:
    """SQL over every stored incident, or None when none has been imported."""
    if not storage.stored_months(storage.INCIDENTS):
        return None
    glob = storage.sql_string(storage.dataset_dir(storage.INCIDENTS) / "month=*" / "*.parquet")
    return f"SELECT * FROM read_parquet({glob}, hive_partitioning=true)"  # noqa: S608


def _incident_filters(
    mapping_id: int | None,
    month_from: str | None,
    month_to: str | None,
    crime_type: str | None = None,
) -> tuple[str, list]:
    where, params = ["true"], []
    if crime_type:
        where.append("crime_type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(crime_type_types(crime_type)))
    if mapping_id is not None:
        where.append("mapping_id = ?")
        params.append(int(mapping_id))
    for bound, op in ((month_check(month_from), ">="), (month_check(month_to), "<=")):
        if bound:
            where.append(f"month {op} ?")
            params.append(bound)
    return " AND ".join(where), params


def incident_counts(
    *, mapping_id: int | None = None, month_from: str | None = None, month_to: str | None = None
) -> list[IncidentCount]:
    """Stored incidents by mapping, month and type (police.uk slug and the file's own label)."""
    relation = _incidents_sql()
    if relation is None:
        return []
    where, params = _incident_filters(mapping_id, month_from, month_to)
    connection = storage.connect()
    try:
        rows = connection.execute(
            f"""SELECT mapping_id, month, crime_type, category, count(*) FROM ({relation})
            WHERE {where} GROUP BY ALL ORDER BY mapping_id, month, category""",  # noqa: S608
            params,
        ).fetchall()
    finally:
        connection.close()
    return [IncidentCount(*row) for row in rows]


def incident_points(
    *,
    mapping_id: int | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
    crime_type: str | None = None,
) -> list[dict]:
    """Located incidents with their exact time (hour-of-day profiles, near-repeat tests).

    `time_known` is false where the file gave a date only (its time reads as midnight).
    """
    relation = _incidents_sql()
    if relation is None:
        return []
    where, params = _incident_filters(mapping_id, month_from, month_to, crime_type)
    connection = storage.connect()
    try:
        cursor = connection.execute(
            f"""SELECT mapping_id, occurred_at, time_known, longitude, latitude, crime_type,
                   category, location, lsoa_code FROM ({relation})
            WHERE {where} AND longitude IS NOT NULL ORDER BY occurred_at""",  # noqa: S608
            params,
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        connection.close()


def incident_month_spans() -> dict[int, tuple[str, str]]:
    """First and last month with stored incidents, by mapping (the pages' default periods)."""
    relation = _incidents_sql()
    if relation is None:
        return {}
    connection = storage.connect()
    try:
        rows = connection.execute(
            f"SELECT mapping_id, min(month), max(month) FROM ({relation}) GROUP BY mapping_id"  # noqa: S608
        ).fetchall()
    finally:
        connection.close()
    return {mapping_id: (first, last) for mapping_id, first, last in rows}


@dataclass(frozen=True)
class IncidentProfile:
    """An imported log's incidents by month, local hour and weekday (the shape of the case
    reports' `ReportTimeProfile`, plus what was left out of the hours)."""

    months: dict[str, int]
    total: int
    located: int  # with coordinates
    date_only: int  # time_known false: left out of by_hour and grid
    by_hour: list[int]  # 24 counts, incidents with a time only
    by_weekday: list[int]  # 7 counts, Monday first, every incident
    grid: list[list[int]]  # [weekday][hour], incidents with a time only


def incident_profile(
    *,
    mapping_id: int,
    month_from: str | None = None,
    month_to: str | None = None,
    crime_type: str | None = None,
) -> IncidentProfile:
    """Counts for the daily and weekly variations of one mapping's incidents, in DuckDB.

    `occurred_at` is stored as the file wrote it, a naive UK wall-clock time (the mapped source
    parses it with strptime and no zone), so hours and weekdays are read from it unconverted.
    """
    months: dict[str, int] = {}
    by_hour, by_weekday = [0] * 24, [0] * 7
    grid = [[0] * 24 for _ in range(7)]
    total = located = date_only = 0
    relation = _incidents_sql()
    rows = []
    if relation is not None:
        where, params = _incident_filters(mapping_id, month_from, month_to, crime_type)
        connection = storage.connect()
        try:
            rows = connection.execute(
                f"""SELECT month, isodow(occurred_at) - 1, hour(occurred_at), time_known,
                       longitude IS NOT NULL, count(*) FROM ({relation})
                WHERE {where} GROUP BY ALL""",  # noqa: S608
                params,
            ).fetchall()
        finally:
            connection.close()
    for month, weekday, hour, time_known, has_point, count in rows:
        months[month] = months.get(month, 0) + count
        total += count
        located += count if has_point else 0
        by_weekday[weekday] += count
        if time_known:
            by_hour[hour] += count
            grid[weekday][hour] += count
        else:
            date_only += count
    return IncidentProfile(
        months=dict(sorted(months.items())),
        total=total,
        located=located,
        date_only=date_only,
        by_hour=by_hour,
        by_weekday=by_weekday,
        grid=grid,
    )
