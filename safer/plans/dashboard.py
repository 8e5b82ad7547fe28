"""The co-ordinator's dashboard: the measures seed 000 says the partnership will monitor (repeat
callers, satisfaction, agencies using the victim-led risk assessment, Community Trigger
applications and outcomes, tasking actions overdue), quarter by quarter from the live measures.
Every figure is a partnership-wide count or share, so the page names no one."""

from dataclasses import dataclass

from safer.plans import measures
from safer.plans.periods import period_add

QUARTERS = 5  # the quarter asked for and the four before it: a year's trend

# (heading, measure keys): keys missing from measures.MEASURES are skipped, so an app that
# contributes a measure can be switched off without breaking the page.
SECTIONS: list[tuple[str, list[str]]] = [
    ("Repeat callers", ["repeat_callers", "reports_received"]),
    (
        "Satisfaction",
        ["satisfied_with_handling", "kept_informed", "feel_safer", "survey_response_rate"],
    ),
    (
        "The victim-led risk assessment",
        ["agencies_using_risk_assessment", "reports_risk_assessed"],
    ),
    (
        "Community Trigger (ASB case reviews)",
        [
            "community_trigger_applications",
            "community_trigger_threshold_not_met",
            "community_trigger_reviews_held",
            "community_trigger_reviews_with_recommendations",
        ],
    ),
    ("Tasking meetings", ["tasking_actions_agreed", "tasking_actions_overdue"]),
]


@dataclass(frozen=True)
class QuarterFigure:
    period: str
    value: float | None


@dataclass(frozen=True)
class DashboardMeasure:
    key: str
    label: str
    definition: str
    unit: str
    direction: str
    figures: list[QuarterFigure]  # oldest first, ending with the quarter asked for
    last_year: float | None  # the same quarter a year before, where the measure compares

    @property
    def latest(self) -> float | None:
        return self.figures[-1].value

    @property
    def change_on_last_quarter(self) -> float | None:
        """Percentage change from the quarter before; None when either has no figure or the
        earlier one is zero (a change from nothing has no percentage)."""
        return _change(self.latest, self.figures[-2].value if len(self.figures) > 1 else None)

    @property
    def change_on_last_year(self) -> float | None:
        return _change(self.latest, self.last_year)


@dataclass(frozen=True)
class DashboardSection:
    heading: str
    measures: list[DashboardMeasure]


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or not before:
        return None
    return round((now - before) / abs(before) * 100, 1)


def _measure(measure: measures.Measure, period: str) -> DashboardMeasure:
    periods = [period_add(period, offset) for offset in range(1 - QUARTERS, 1)]
    readings = [measure.compute(p) for p in periods]
    figures = [QuarterFigure(p, r.value) for p, r in zip(periods, readings, strict=True)]
    return DashboardMeasure(
        key=measure.key,
        label=measure.label,
        definition=measure.definition,
        unit=measure.unit,
        direction=measure.direction,
        figures=figures,
        last_year=readings[-1].baseline if measure.compares_last_year else None,
    )


def coordinator_dashboard(*, period: str) -> list[DashboardSection]:
    """Each section's measures for the five quarters to `period`, with their changes."""
    sections = []
    for heading, keys in SECTIONS:
        found = [measures.MEASURES[key] for key in keys if key in measures.MEASURES]
        if found:
            sections.append(DashboardSection(heading, [_measure(m, period) for m in found]))
    return sections
