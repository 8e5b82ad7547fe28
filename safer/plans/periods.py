"""Quarterly reporting periods, written 2011-Q1 (calendar quarters: Q1 is January to March)."""

import re
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

BAD_PERIOD = "Enter a quarter like 2011-Q1"
PERIOD = re.compile(r"(\d{4})-Q([1-4])")


def period_check(period: str) -> str:
    """The period if it is a quarter like 2011-Q1; ValidationError otherwise."""
    period = (period or "").strip().upper()
    if not PERIOD.fullmatch(period):
        raise ValidationError(BAD_PERIOD)
    return period


def period_parts(period: str) -> tuple[int, int]:
    """The year and quarter number of a period."""
    match = PERIOD.fullmatch(period_check(period))
    return int(match.group(1)), int(match.group(2))


def period_add(period: str, delta: int) -> str:
    """The quarter `delta` quarters after (or before) `period`."""
    year, quarter = period_parts(period)
    index = year * 4 + quarter - 1 + delta
    return f"{index // 4}-Q{index % 4 + 1}"


def period_of(day: date) -> str:
    """The quarter a day falls in."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_months(period: str) -> list[str]:
    """The three YYYY-MM months of a quarter."""
    year, quarter = period_parts(period)
    return [f"{year}-{month:02d}" for month in range(quarter * 3 - 2, quarter * 3 + 1)]


def period_first_day(period: str) -> date:
    """The first day of a quarter."""
    year, quarter = period_parts(period)
    return date(year, quarter * 3 - 2, 1)


def period_last_day(period: str) -> date:
    """The last day of a quarter."""
    return period_first_day(period_add(period, 1)) - timedelta(days=1)


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """Aware start (inclusive) and end (exclusive) of a quarter in the partnership's time zone."""
    start = timezone.make_aware(datetime.combine(period_first_day(period), time.min))
    end = timezone.make_aware(datetime.combine(period_first_day(period_add(period, 1)), time.min))
    return start, end


def period_last_complete(today: date | None = None) -> str:
    """The most recent quarter that has ended."""
    return period_add(period_of(today or timezone.localdate()), -1)


def period_span(last: str, count: int) -> list[str]:
    """`count` quarters ending with `last`, oldest first."""
    return [period_add(last, -k) for k in range(count - 1, -1, -1)]


def period_label(period: str) -> str:
    """A quarter in words, for example 'January to March 2011'."""
    year, quarter = period_parts(period)
    names = ["January to March", "April to June", "July to September", "October to December"]
    return f"{names[quarter - 1]} {year}"
