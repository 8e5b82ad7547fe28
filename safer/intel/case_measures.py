"""The case system's ASB reports, or an incident log imported through a column mapping, beside
police.uk data: their daily and weekly variations, and near repeats among them (the Knox test).

Cases are read only through its partnership-wide aggregate selectors (counts, and bare
time-and-point pairs with no identifier), so nothing here is filtered by the access rule or
audited: the figures name no one, as the plans app's live indicators do not. An imported log is
read through the incidents selectors, whose times are the file's own UK wall-clock times.
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
from safer.intel.models import ColumnMapping

ASB_TABLES = ("months", "hours", "weekdays", "grid")
MAX_KNOX_EVENTS = 2000  # the newest reports with coordinates; keeps the page under a few seconds
MAX_SIMULATIONS = 999
SAME_LOCATION_M = 1.0
MIN_KNOX_EVENTS = 10
TOO_FEW_EVENTS = "Fewer than {n} {noun} with coordinates in this selection: too few for a test"
CASES = "cases"  # the "Data" choice for case reports; a mapping's is its id
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


def data_choices() -> list[tuple[str, str]]:
    """The "Data" choices: case reports, or any saved column mapping's imported log."""
    return [(CASES, "Case reports (all partners)")] + [
        (str(m.pk), f"{m.name} (imported incident log)") for m in ColumnMapping.objects.all()
    ]


def source_months(source: str | None = None, *, police: bool = False) -> list[str]:
    """Every month from the first to the last with data in a source (None: in any), and with
    police data too if asked: the month choices, and the default period of the chosen source."""
    known = storage.stored_months() if police else []
    if source in (None, CASES):
        known = known + report_months()
    spans = selectors.incident_month_spans()
    for mapping_id, span in spans.items():
        if source is None or source == str(mapping_id):
            known = known + list(span)
    return selectors.month_span(min(known), max(known)) if known else []


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00 to {hour:02d}:59"


@dataclass(frozen=True)
class AsbMonth:
    month: str
    reports: int  # case reports, or the log's incidents
    police: int | None  # None: no police data stored for the month


@dataclass(frozen=True)
class AsbFigures:
    months: list[AsbMonth]
    total: int
    police_total: int
    police_months: int
    profile: cases.ReportTimeProfile | selectors.IncidentProfile
    mapping: ColumnMapping | None = None  # None: case reports

    @property
    def title(self) -> str:
        return f"{self.mapping.name} incidents" if self.mapping else "Case-system ASB reports"

    @property
    def column(self) -> str:
        """What the source's counts are called in the CSV downloads."""
        return "incidents" if self.mapping else "case_reports"

    @property
    def date_only(self) -> int:
        """Incidents left out of the hours for having a date only (case reports always have a
        time)."""
        return getattr(self.profile, "date_only", 0)


def asb_figures(
    *,
    area: Area,
    month_from: str,
    month_to: str,
    category: str = "",
    type: str = "",
    source: str = CASES,
    incident_type: str = "",
) -> AsbFigures:
    """Case reports (partnership-wide) or a mapping's incidents, and police.uk ASB (in the area)
    month by month, with the reports' or incidents' hour-of-day and day-of-week profile."""
    mapping = None
    if source == CASES:
        filters = report_filters(
            month_from=month_from, month_to=month_to, category=category, type=type
        )
        reported = cases.report_monthly_counts(**filters)
        profile = cases.report_time_profile(**filters)
    else:
        mapping = ColumnMapping.objects.get(pk=int(source))
        profile = selectors.incident_profile(
            mapping_id=mapping.pk,
            month_from=month_from,
            month_to=month_to,
            crime_type=incident_type or None,
        )
        reported = profile.months
    police = {}
    if storage.stored_months():
        police = dict(
            selectors.crime_counts(
                area=area, crime_type=selectors.ASB, month_from=month_from, month_to=month_to
            ).items
        )
    months = [
        AsbMonth(month=m, reports=reported.get(m, 0), police=police.get(m))
        for m in selectors.month_span(month_from, month_to)
    ]
    return AsbFigures(
        months=months,
        total=sum(reported.values()),
        police_total=sum(police.values()),
        police_months=len(police),
        profile=profile,
        mapping=mapping,
    )


def asb_table(figures: AsbFigures, table: str) -> tuple[list[str], list[list]]:
    """The header and rows of one of the page's tables, for its CSV download."""
    profile, column = figures.profile, figures.column
    if table == "months":
        return (
            ["month", column, "police_uk_asb"],
            [[m.month, m.reports, "" if m.police is None else m.police] for m in figures.months],
        )
    if table == "hours":
        hours = f"{column}_with_a_time" if figures.mapping else column
        return ["hour", hours], [[h, n] for h, n in enumerate(profile.by_hour)]
    if table == "weekdays":
        return ["weekday", column], [
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
    noun: str = "reports"  # what the events are, for the page
    source: str = ""  # an imported log's mapping name; empty for case reports

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


@dataclass(frozen=True)
class KnoxEvents:
    """Events for the Knox test from either source: grid metres and local day numbers."""

    x: np.ndarray
    y: np.ndarray
    days: np.ndarray
    without_coordinates: int
    over_limit: int
    noun: str
    source: str = ""


def case_events(*, month_from: str, month_to: str, category: str, type: str) -> KnoxEvents:
    """The newest located case reports, by the local date they occurred (stored in UTC)."""
    points = cases.report_points_with_dates(
        **report_filters(month_from=month_from, month_to=month_to, category=category, type=type),
        limit=MAX_KNOX_EVENTS,
    )
    x, y = to_bng(points.longitude, points.latitude)
    days = [timezone.localtime(t).date().toordinal() for t in points.occurred_at]
    return KnoxEvents(
        x=x,
        y=y,
        days=np.array(days, dtype=float),
        without_coordinates=points.without_coordinates,
        over_limit=points.over_limit,
        noun="reports",
    )


def incident_events(
    *, mapping: ColumnMapping, month_from: str, month_to: str, crime_type: str
) -> KnoxEvents:
    """The newest located incidents of a mapping, by the date the file gave (stored as the
    file's UK wall-clock time, so no conversion)."""
    filters = {"month_from": month_from, "month_to": month_to, "crime_type": crime_type or None}
    points = selectors.incident_points(mapping_id=mapping.pk, **filters)  # oldest first
    kept = points[-MAX_KNOX_EVENTS:]
    total = selectors.incident_profile(mapping_id=mapping.pk, **filters).total
    x, y = to_bng([p["longitude"] for p in kept], [p["latitude"] for p in kept])
    return KnoxEvents(
        x=x,
        y=y,
        days=np.array([p["occurred_at"].date().toordinal() for p in kept], dtype=float),
        without_coordinates=total - len(points),
        over_limit=len(points) - len(kept),
        noun="incidents",
        source=mapping.name,
    )


def near_repeats(
    *,
    month_from: str,
    month_to: str,
    category: str = "",
    type: str = "",
    source: str = CASES,
    incident_type: str = "",
    distance_band_m: int = 100,
    distance_bands: int = 5,
    time_band_days: int = 7,
    time_bands: int = 4,
    simulations: int = 99,
) -> NearRepeats:
    """The Knox test on case reports or a mapping's incidents with coordinates, by the local
    date they occurred (as the Near Repeat Calculator takes dates); ValueError if too few
    events have a point."""
    if source == CASES:
        events = case_events(month_from=month_from, month_to=month_to, category=category, type=type)
    else:
        events = incident_events(
            mapping=ColumnMapping.objects.get(pk=int(source)),
            month_from=month_from,
            month_to=month_to,
            crime_type=incident_type,
        )
    return knox_table(
        events,
        distance_band_m=distance_band_m,
        distance_bands=distance_bands,
        time_band_days=time_band_days,
        time_bands=time_bands,
        simulations=simulations,
    )


def knox_table(
    events: KnoxEvents,
    *,
    distance_band_m: int,
    distance_bands: int,
    time_band_days: int,
    time_bands: int,
    simulations: int,
) -> NearRepeats:
    """The Knox test with the Near Repeat Calculator's band labels, whatever the source."""
    if len(events.days) < MIN_KNOX_EVENTS:
        raise ValueError(TOO_FEW_EVENTS.format(n=MIN_KNOX_EVENTS, noun=events.noun))
    result = hotspots.knox(
        events.x,
        events.y,
        events.days,
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
        events=len(events.days),
        without_coordinates=events.without_coordinates,
        over_limit=events.over_limit,
        noun=events.noun,
        source=events.source,
    )


def incident_type_choices() -> list[tuple[str, str]]:
    return [("", "All incident types"), *selectors.crime_type_choices()]


def report_category_choices() -> list[tuple[str, str]]:
    return [("", "All categories"), *Report.Category.choices]


def report_type_choices() -> list[tuple[str, str]]:
    return [("", "All types"), *Report.Type.choices]
