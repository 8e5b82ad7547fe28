"""Partnership-wide aggregates of reports for the intelligence hub and the plans' live
measures: counts and bare (time, point) pairs, never a name."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from safer.cases.models import (
    Report,
)

# --- Partnership-wide aggregates for the intelligence hub ------------------------------------
# Counts and bare (time, point) pairs over every partner's reports: no reference, name, address
# or description leaves these functions, so they are not filtered by the access rule and reading
# them is not audited (as the plans app's live indicators count reports partnership-wide).
# Times are bucketed in the project's time zone (Europe/London), so 18:30 BST counts at hour 18.

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _reports_occurred(
    *, start=None, end=None, category=None, type=None, organisation=None
) -> QuerySet[Report]:
    """Every partner's reports that occurred in [start, end), optionally of one category/type."""
    reports = Report.objects.order_by()
    if start is not None:
        reports = reports.filter(occurred_at__gte=start)
    if end is not None:
        reports = reports.filter(occurred_at__lt=end)
    if category:
        reports = reports.filter(category=category)
    if type:
        reports = reports.filter(type=type)
    if organisation is not None:
        reports = reports.filter(organisation=organisation)
    return reports


def report_occurred_months() -> tuple[str, str] | None:
    """The first and last local month any report occurred in (one indexed min/max), or None."""
    from django.db.models import Max, Min

    span = Report.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if span["first"] is None:
        return None
    return tuple(timezone.localtime(span[k]).strftime("%Y-%m") for k in ("first", "last"))


def report_monthly_counts(
    *, start=None, end=None, category=None, type=None, organisation=None
) -> dict[str, int]:
    """Reports by local month they occurred in ({"2026-03": 41, ...}, months with none omitted);
    partnership-wide aggregate, not access-filtered or audited (see above)."""
    from django.db.models.functions import TruncMonth

    rows = (
        _reports_occurred(
            start=start, end=end, category=category, type=type, organisation=organisation
        )
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {timezone.localtime(r["month"]).strftime("%Y-%m"): r["n"] for r in rows}


@dataclass(frozen=True)
class ReportTimeProfile:
    total: int
    by_hour: list[int]  # 24 counts, local hour 0-23
    by_weekday: list[int]  # 7 counts, Monday first
    grid: list[list[int]]  # [weekday][hour]


def report_time_profile(
    *, start=None, end=None, category=None, type=None, organisation=None
) -> ReportTimeProfile:
    """Reports by local hour of day and day of week they occurred, counted in the database;
    partnership-wide aggregate, not access-filtered or audited (see above)."""
    from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

    rows = (
        _reports_occurred(
            start=start, end=end, category=category, type=type, organisation=organisation
        )
        .annotate(weekday=ExtractIsoWeekDay("occurred_at"), hour=ExtractHour("occurred_at"))
        .values("weekday", "hour")
        .annotate(n=Count("pk"))
    )
    grid = [[0] * 24 for _ in WEEKDAYS]
    for row in rows:
        grid[row["weekday"] - 1][row["hour"]] += row["n"]
    return ReportTimeProfile(
        total=sum(map(sum, grid)),
        by_hour=[sum(day[h] for day in grid) for h in range(24)],
        by_weekday=[sum(day) for day in grid],
        grid=grid,
    )


@dataclass(frozen=True)
class ReportPoints:
    occurred_at: list  # aware datetimes, newest first
    latitude: list[float]
    longitude: list[float]
    without_coordinates: int  # reports in the selection left out for having no point
    over_limit: int  # reports with a point left out because of `limit`


def report_points_with_dates(
    *, start=None, end=None, category=None, type=None, organisation=None, limit=None
) -> ReportPoints:
    """When and where reports occurred (the newest `limit` with coordinates), for near-repeat
    tests: no identifier or person, so not access-filtered or audited (see above)."""
    reports = _reports_occurred(
        start=start, end=end, category=category, type=type, organisation=organisation
    )
    located = reports.filter(latitude__isnull=False, longitude__isnull=False)
    rows = list(
        located.order_by("-occurred_at").values_list("occurred_at", "latitude", "longitude")[:limit]
    )
    with_point = located.count() if limit is not None and len(rows) >= limit else len(rows)
    return ReportPoints(
        occurred_at=[r[0] for r in rows],
        latitude=[r[1] for r in rows],
        longitude=[r[2] for r in rows],
        without_coordinates=reports.count() - with_point,
        over_limit=with_point - len(rows),
    )
