"""The case system's ASB reports beside police.uk data, their daily and weekly variations, and
near repeats among them (the Knox test).

Cases are read only through its partnership-wide aggregate selectors (counts, and bare
time-and-point pairs with no identifier), so nothing here is filtered by the access rule or
audited: the figures name no one, as the plans app's live indicators do not.
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.utils import timezone

from safer.cases import selectors as cases
from safer.cases.models import Report
from safer.intel import hotspots, selectors, storage
from safer.intel.areas import Area
from safer.intel.grid import to_bng

ASB_TABLES = ("months", "hours", "weekdays", "grid")
MAX_KNOX_EVENTS = 2000  # the newest reports with coordinates; keeps the page under a few seconds
MAX_SIMULATIONS = 999
SAME_LOCATION_M = 1.0
MIN_KNOX_EVENTS = 10
TOO_FEW_EVENTS = "Fewer than {n} reports with coordinates in this selection: too few for a test"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_start(month: str) -> datetime:
    """Local midnight on the first day of a YYYY-MM month, as an aware datetime."""
    return timezone.make_aware(datetime(int(month[:4]), int(month[5:7]), 1))


def report_filters(*, month_from: str, month_to: str, category: str, type: str) -> dict:
    """Keyword arguments for the case selectors: the months as a half-open local-time range."""
    return {
        "start": month_start(month_from),
        "end": month_start(selectors.month_add(month_to, 1)),
        "category": category or None,
        "type": type or None,
    }


def report_months() -> list[str]:
    """Every month from the first case report to the last, oldest first."""
    span = cases.report_occurred_months()
    return selectors.month_span(*span) if span else []


def case_and_police_months() -> list[str]:
    """Every month from the first to the last with either case reports or police data."""
    known = report_months() + storage.stored_months()
    return selectors.month_span(min(known), max(known)) if known else []


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00 to {hour:02d}:59"


@dataclass(frozen=True)
class AsbMonth:
    month: str
    case_reports: int
    police: int | None  # None: no police data stored for the month


@dataclass(frozen=True)
class AsbFigures:
    months: list[AsbMonth]
    case_total: int
    police_total: int
    police_months: int
    profile: cases.ReportTimeProfile


def asb_figures(
    *, area: Area, month_from: str, month_to: str, category: str = "", type: str = ""
) -> AsbFigures:
    """Case reports (partnership-wide) and police.uk ASB (in the area) month by month, and the
    case reports' hour-of-day and day-of-week profile."""
    filters = report_filters(month_from=month_from, month_to=month_to, category=category, type=type)
    reported = cases.report_monthly_counts(**filters)
    police = {}
    if storage.stored_months():
        police = dict(
            selectors.crime_counts(
                area=area, crime_type=selectors.ASB, month_from=month_from, month_to=month_to
            ).items
        )
    months = [
        AsbMonth(month=m, case_reports=reported.get(m, 0), police=police.get(m))
        for m in selectors.month_span(month_from, month_to)
    ]
    return AsbFigures(
        months=months,
        case_total=sum(reported.values()),
        police_total=sum(police.values()),
        police_months=len(police),
        profile=cases.report_time_profile(**filters),
    )


def asb_table(figures: AsbFigures, table: str) -> tuple[list[str], list[list]]:
    """The header and rows of one of the page's tables, for its CSV download."""
    profile = figures.profile
    if table == "months":
        return (
            ["month", "case_reports", "police_uk_asb"],
            [
                [m.month, m.case_reports, "" if m.police is None else m.police]
                for m in figures.months
            ],
        )
    if table == "hours":
        return ["hour", "case_reports"], [[h, n] for h, n in enumerate(profile.by_hour)]
    if table == "weekdays":
        return ["weekday", "case_reports"], [
            [day, n] for day, n in zip(WEEKDAY_NAMES, profile.by_weekday, strict=True)
        ]
    return (
        ["weekday", *(f"{h:02d}" for h in range(24))],
        [[day, *row] for day, row in zip(WEEKDAY_NAMES, profile.grid, strict=True)],
    )


@dataclass(frozen=True)
class NearRepeats:
    result: hotspots.KnoxResult
    distance_labels: list[str]
    time_labels: list[str]
    events: int
    without_coordinates: int
    over_limit: int

    def rows(self) -> list[dict]:
        """One row per distance band, its cells in time-band order, as the page shows them."""
        r = self.result
        return [
            {
                "label": label,
                "cells": [
                    {
                        "observed": int(r.observed[d, t]),
                        "expected": float(r.expected[d, t]),
                        "ratio": None if np.isnan(r.ratio[d, t]) else float(r.ratio[d, t]),
                        "p_value": float(r.p_value[d, t]),
                        "significant": bool(r.p_value[d, t] <= 0.05 and r.ratio[d, t] > 1),
                    }
                    for t in range(len(self.time_labels))
                ],
            }
            for d, label in enumerate(self.distance_labels)
        ]

    def table(self) -> tuple[list[str], list[list]]:
        """Long form for the CSV download: one line per distance band and time band."""
        header = ["distance_band", "time_band", "observed", "expected", "knox_ratio", "p_value"]
        rows = [
            [
                row["label"],
                time_label,
                cell["observed"],
                round(cell["expected"], 3),
                "" if cell["ratio"] is None else round(cell["ratio"], 3),
                round(cell["p_value"], 4),
            ]
            for row in self.rows()
            for time_label, cell in zip(self.time_labels, row["cells"], strict=True)
        ]
        return header, rows


def near_repeats(
    *,
    month_from: str,
    month_to: str,
    category: str = "",
    type: str = "",
    distance_band_m: int = 100,
    distance_bands: int = 5,
    time_band_days: int = 7,
    time_bands: int = 4,
    simulations: int = 99,
) -> NearRepeats:
    """The Knox test on case reports with coordinates, by the local date they occurred (as the
    Near Repeat Calculator takes dates); ValueError if too few reports have a point."""
    points = cases.report_points_with_dates(
        **report_filters(month_from=month_from, month_to=month_to, category=category, type=type),
        limit=MAX_KNOX_EVENTS,
    )
    if len(points.occurred_at) < MIN_KNOX_EVENTS:
        raise ValueError(TOO_FEW_EVENTS.format(n=MIN_KNOX_EVENTS))
    x, y = to_bng(points.longitude, points.latitude)
    days = np.array([timezone.localtime(t).date().toordinal() for t in points.occurred_at])
    result = hotspots.knox(
        x,
        y,
        days,
        distance_band_m=distance_band_m,
        distance_bands=distance_bands,
        time_band_days=time_band_days,
        time_bands=time_bands,
        simulations=min(simulations, MAX_SIMULATIONS),
        same_location_m=SAME_LOCATION_M,
    )
    distance_labels = ["Same location"] + [
        f"{lo:g} to {hi:g} m" for lo, hi in result.distance_bands[1:]
    ]
    time_labels = [f"{lo:g} to {hi - 1:g} days" for lo, hi in result.time_bands]
    return NearRepeats(
        result=result,
        distance_labels=distance_labels,
        time_labels=time_labels,
        events=len(points.occurred_at),
        without_coordinates=points.without_coordinates,
        over_limit=points.over_limit,
    )


def report_category_choices() -> list[tuple[str, str]]:
    return [("", "All categories"), *Report.Category.choices]


def report_type_choices() -> list[tuple[str, str]]:
    return [("", "All types"), *Report.Type.choices]
