"""Reading a task's timescale as plans word it: a date, a period, ongoing, or to be determined."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from safer.plans.models import Task

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+('?\d{2}|\d{4})\b")
QUARTER = re.compile(r"\b(first|second|third|fourth)\s+quarter\s+of\s+(\d{4})\b", re.IGNORECASE)
QUARTER_END = {"first": 3, "second": 6, "third": 9, "fourth": 12}
TBD = re.compile(r"to be (determined|confirmed)|\btbc\b|\btbd\b", re.IGNORECASE)
ONGOING = re.compile(r"^\s*(ongoing|as opportunities present|continuous)", re.IGNORECASE)
STARTS_ONLY = re.compile(r"^\s*(starts?|from|beginning)\b", re.IGNORECASE)
RANGE = re.compile(r"\bbetween\b|\s[\u2013-]\s|\buntil\b", re.IGNORECASE)


@dataclass(frozen=True)
class Timescale:
    kind: str
    due_on: date | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _dates(text: str) -> list[date]:
    found = []
    for word, year in MONTH_YEAR.findall(text):
        month = MONTHS.get(word.lower())
        if month is None:
            continue
        year = year.lstrip("'")
        found.append(_month_end(int(year) if len(year) == 4 else 2000 + int(year), month))
    for which, year in QUARTER.findall(text):
        found.append(_month_end(int(year), QUARTER_END[which.lower()]))
    return found


def timescale_parse(text: str) -> Timescale:
    """The kind of a worded timescale and, where it sets one, the date the task is due by."""
    text = (text or "").strip()
    if not text:
        return Timescale(Task.TimescaleKind.NONE, None)
    if TBD.search(text):
        return Timescale(Task.TimescaleKind.TO_BE_DETERMINED, None)
    if ONGOING.search(text):
        return Timescale(Task.TimescaleKind.ONGOING, None)
    dates = _dates(text)
    if not dates:
        return Timescale(Task.TimescaleKind.PERIOD, None)
    if STARTS_ONLY.search(text) and len(dates) == 1:
        return Timescale(Task.TimescaleKind.PERIOD, None)
    if len(dates) > 1 or RANGE.search(text):
        return Timescale(Task.TimescaleKind.PERIOD, max(dates))
    return Timescale(Task.TimescaleKind.DATE, dates[0])
