"""Working days in England and Wales: deadlines such as "first visit within 3 working days".

Bank holidays are computed for any year from the rules in the Banking and Financial Dealings Act
1971 and the royal proclamations that moved or added days, so no calendar feed or package is needed.
A new one-off holiday is one line in ONE_OFF_HOLIDAYS.
"""

from datetime import date, timedelta
from functools import lru_cache

SATURDAY = 5
MONDAY = 0

# Holidays added by proclamation (not replacing a regular one).
ONE_OFF_HOLIDAYS = {
    date(1999, 12, 31): "Millennium celebrations",
    date(2002, 6, 3): "Golden Jubilee of Queen Elizabeth II",
    date(2011, 4, 29): "Wedding of Prince William and Catherine Middleton",
    date(2012, 6, 5): "Diamond Jubilee of Queen Elizabeth II",
    date(2022, 6, 3): "Platinum Jubilee of Queen Elizabeth II",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}

# Regular holidays moved to another day in a given year: (year, name) -> the day used instead.
MOVED_HOLIDAYS = {
    (1995, "Early May bank holiday"): date(1995, 5, 8),  # 50th anniversary of VE Day
    (2020, "Early May bank holiday"): date(2020, 5, 8),  # 75th anniversary of VE Day
    (2002, "Spring bank holiday"): date(2002, 6, 4),  # Golden Jubilee
    (2012, "Spring bank holiday"): date(2012, 6, 4),  # Diamond Jubilee
    (2022, "Spring bank holiday"): date(2022, 6, 2),  # Platinum Jubilee
}


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm), which fixes Good Friday."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - MONDAY) % 7)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in a year, with substitute days for weekend holidays."""
    easter = easter_sunday(year)
    regular = {
        "Early May bank holiday": _first_monday(year, 5),
        "Spring bank holiday": _last_monday(year, 5),
        "Summer bank holiday": _last_monday(year, 8),
    }
    for name in regular:
        regular[name] = MOVED_HOLIDAYS.get((year, name), regular[name])
    days: dict[date, str] = {
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        **{day: name for name, day in regular.items()},
        **{day: name for day, name in ONE_OFF_HOLIDAYS.items() if day.year == year},
    }
    # New Year's Day, Christmas Day and Boxing Day move to the next free weekday when they fall
    # at a weekend (Christmas on a Saturday gives Monday 27th and Tuesday 28th; on a Sunday,
    # Boxing Day stays on Monday 26th and Christmas moves to Tuesday 27th).
    christmas = [(date(year, 12, 25), "Christmas Day"), (date(year, 12, 26), "Boxing Day")]
    if christmas[1][0].weekday() < SATURDAY:
        christmas.reverse()  # Christmas on a Sunday: Boxing Day keeps Monday 26th
    for fixed, name in [(date(year, 1, 1), "New Year's Day"), *christmas]:
        day = fixed
        while day.weekday() >= SATURDAY or day in days:
            day += timedelta(days=1)
        days[day] = name if day == fixed else f"{name} (substitute day)"
    return dict(sorted(days.items()))


def is_bank_holiday(day: date) -> bool:
    """Whether the day is a bank holiday in England and Wales."""
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < SATURDAY and not is_bank_holiday(day)


def add_working_days(start: date, n: int) -> date:
    """The date n working days after start (before it if n < 0); start itself never counts.

    With n == 0 the start date is returned unchanged, even if it is not a working day.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after start up to and including end (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
