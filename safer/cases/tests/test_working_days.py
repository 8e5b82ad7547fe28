from datetime import date

import pytest

from safer.cases.working_days import (
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

# As published on GOV.UK (https://www.gov.uk/bank-holidays), England and Wales.
PUBLISHED = {
    2011: [(1, 3), (4, 22), (4, 25), (4, 29), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)],
    2012: [(1, 2), (4, 6), (4, 9), (5, 7), (6, 4), (6, 5), (8, 27), (12, 25), (12, 26)],
    2020: [(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)],
    2022: [(1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)],
    2023: [(1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)],
    2024: [(1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)],
    2025: [(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)],
    2026: [(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)],
    2027: [(1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_list(year):
    assert list(bank_holidays(year)) == [date(year, m, d) for m, d in PUBLISHED[year]]


def test_easter_sunday_known_years():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2038) == date(2038, 4, 25)
    assert easter_sunday(2285) == date(2285, 3, 22)


def test_christmas_on_a_sunday_keeps_boxing_day_on_monday():
    days = bank_holidays(2022)
    assert days[date(2022, 12, 26)] == "Boxing Day"
    assert days[date(2022, 12, 27)] == "Christmas Day (substitute day)"


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 24))
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 12, 28))


def test_three_working_days_from_a_friday_lands_on_wednesday():
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)


def test_working_days_skip_easter():
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_working_days_skip_christmas_substitutes():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2027, 12, 24), 2) == date(2027, 12, 30)


def test_zero_and_negative_working_days():
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)
    assert add_working_days(date(2026, 11, 30), -1) == date(2026, 11, 27)


def test_working_days_between_counts_end_not_start():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 25)) == 3
    assert working_days_between(date(2026, 11, 25), date(2026, 11, 20)) == -3
