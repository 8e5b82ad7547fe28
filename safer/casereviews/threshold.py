"""The local Community Trigger threshold, as plain functions of dates and settings.

A complaint qualifies when the behaviour happened within the window before the application
(COMMUNITY_TRIGGER_WINDOW_MONTHS, default six calendar months, the first day included) and was
reported within COMMUNITY_TRIGGER_REPORTING_DAYS of it (default 31). One incident reported to
several agencies counts once: complaints about behaviour on the same date are the same incident,
and only the first reported is counted. The threshold is met by COMMUNITY_TRIGGER_COMPLAINTS
qualifying complaints (default 3), or, when COMMUNITY_TRIGGER_HATE_ALONE is on, by one qualifying
hate-motivated complaint. The decision is due COMMUNITY_TRIGGER_DECISION_DAYS working days
(England and Wales) after the application is received.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.formats import date_format

from safer.cases.working_days import add_working_days


@dataclass(frozen=True)
class Rules:
    complaints: int
    reporting_days: int
    window_months: int
    hate_alone: bool
    decision_days: int

    @classmethod
    def from_settings(cls) -> "Rules":
        return cls(
            complaints=settings.COMMUNITY_TRIGGER_COMPLAINTS,
            reporting_days=settings.COMMUNITY_TRIGGER_REPORTING_DAYS,
            window_months=settings.COMMUNITY_TRIGGER_WINDOW_MONTHS,
            hate_alone=settings.COMMUNITY_TRIGGER_HATE_ALONE,
            decision_days=settings.COMMUNITY_TRIGGER_DECISION_DAYS,
        )


@dataclass(frozen=True)
class ComplaintFacts:
    occurred_on: date
    reported_on: date
    hate_motivated: bool = False
    organisation_name: str = ""


@dataclass(frozen=True)
class Verdict:
    qualifying: bool
    reason: str


@dataclass(frozen=True)
class Outcome:
    verdicts: list[Verdict]
    qualifying: int
    met: bool
    explanation: str


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it has none)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(received_on: date, rules: Rules) -> date:
    """The earliest day of behaviour an application received on that day may count."""
    return months_before(received_on, rules.window_months)


def decision_due(received_on: date, rules: Rules | None = None) -> date:
    """The day the decision must be sent by: working days after receipt."""
    rules = rules or Rules.from_settings()
    return add_working_days(received_on, rules.decision_days)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def assess(complaints: list[ComplaintFacts], *, received_on: date, rules: Rules) -> Outcome:
    """Judge every complaint (in the order given) and the application as a whole."""
    start = window_start(received_on, rules)
    counted: dict[date, ComplaintFacts] = {}
    verdicts: list[Verdict | None] = [None] * len(complaints)
    # The first reported complaint of an incident is the one counted, whatever the input order.
    order = sorted(range(len(complaints)), key=lambda i: (complaints[i].reported_on, i))
    for i in order:
        c = complaints[i]
        if c.occurred_on > received_on:
            verdicts[i] = Verdict(False, "The behaviour happened after the application")
        elif c.occurred_on < start:
            verdicts[i] = Verdict(
                False,
                f"The behaviour was more than {rules.window_months} months before the "
                f"application (the earliest that counts is {_day(start)})",
            )
        elif (c.reported_on - c.occurred_on).days > rules.reporting_days:
            verdicts[i] = Verdict(
                False,
                f"Reported {(c.reported_on - c.occurred_on).days} days after the behaviour; "
                f"a complaint counts when reported within {rules.reporting_days} days",
            )
        elif c.occurred_on in counted:
            first = counted[c.occurred_on]
            where = f" to {first.organisation_name}" if first.organisation_name else ""
            verdicts[i] = Verdict(
                False,
                f"The same incident ({_day(c.occurred_on)}) as the complaint made{where} on "
                f"{_day(first.reported_on)}: one incident counts once",
            )
        else:
            counted[c.occurred_on] = c
            verdicts[i] = Verdict(
                True,
                f"Hate-motivated; reported within {rules.reporting_days} days of the behaviour"
                if c.hate_motivated
                else f"Reported within {rules.reporting_days} days of the behaviour, within "
                f"{rules.window_months} months before the application",
            )
    qualifying = len(counted)
    hate = rules.hate_alone and any(c.hate_motivated for c in counted.values())
    met = qualifying >= rules.complaints or hate
    if hate and qualifying < rules.complaints:
        explanation = "A qualifying hate-motivated complaint meets the threshold on its own"
    elif met:
        explanation = (
            f"{qualifying} qualifying complaints: the threshold is {rules.complaints} within "
            f"{rules.window_months} months"
        )
    else:
        explanation = (
            f"{qualifying} qualifying complaint{'s' if qualifying != 1 else ''}: the threshold "
            f"is {rules.complaints}, each reported within {rules.reporting_days} days of the "
            f"behaviour and the behaviour within {rules.window_months} months before the "
            "application"
        )
    return Outcome(
        verdicts=[v for v in verdicts if v is not None],
        qualifying=qualifying,
        met=met,
        explanation=explanation,
    )
