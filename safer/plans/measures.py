"""Indicators measured live: from the crime store (safer.intel selectors) and from the case
system (aggregate counts only, never a name: case_figures.py). Each measure carries the
definition shown beside its figure.
"""

from collections.abc import Callable

from django.conf import settings

from safer.plans.case_figures import (
    agencies_using_risk_assessment,
    cases_open_at_end,
    cases_opened,
    community_trigger,
    repeat_callers,
    reports_received,
    reports_risk_assessed,
    survey_share,
    tasking_actions_agreed,
    tasking_actions_overdue,
)
from safer.plans.periods import period_add, period_months
from safer.plans.reading import CASES, INTEL, Measure, Reading, against_last_year

__all__ = ["CASES", "INTEL", "MEASURES", "PROVIDERS", "Measure", "Reading", "against_last_year"]


# --- The crime store --------------------------------------------------------------------------


def _area():
    from safer.intel.areas import area_resolve

    return area_resolve(settings.INTEL_DEFAULT_AREA)


def _months_stored(months: list[str]) -> bool:
    from safer.intel import storage

    stored = set(storage.stored_months())
    return all(m in stored for m in months)


def _crime_count(crime_type: str) -> Callable[[str], Reading]:
    def compute(period: str) -> Reading:
        from safer.intel import selectors

        months = period_months(period)
        before = period_months(period_add(period, -4))

        def total(span: list[str]) -> float | None:
            if not _months_stored(span):
                return None
            return float(
                selectors.crime_counts(
                    area=_area(), crime_type=crime_type, month_from=span[0], month_to=span[-1]
                ).total
            )

        return Reading(value=total(months), baseline=total(before))

    return compute


def _detection_rate(crime_type: str) -> Callable[[str], Reading]:
    def compute(period: str) -> Reading:
        from safer.intel import selectors

        months = period_months(period)
        if not _months_stored(months):
            return Reading(None)
        rates = selectors.outcome_rates(
            area=_area(), crime_type=crime_type, month_from=months[0], month_to=months[-1]
        )
        rate = rates.detection_rate
        return Reading(round(rate, 2) if rate is not None else None)

    return compute


SAME_PERIOD = " Compared with the same quarter a year before."
SURVEY_NOTE = (
    " Of the satisfaction surveys offered when cases closed in the quarter; no figure when "
    f"fewer than {settings.SURVEY_MIN_ANSWERS} people answered."
)
AREA_NOTE = " Counted in the partnership's area from police.uk street-level crime data."
MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "serious_acquisitive_crime",
            INTEL,
            "Serious acquisitive crime",
            "Burglary, robbery, theft from the person and vehicle crime recorded in the quarter."
            + AREA_NOTE
            + SAME_PERIOD,
            "crimes",
            "lower",
            _crime_count("serious-acquisitive"),
            compares_last_year=True,
        ),
        Measure(
            "violence_against_the_person",
            INTEL,
            "Violence against the person",
            "Violence and sexual offences recorded in the quarter." + AREA_NOTE + SAME_PERIOD,
            "crimes",
            "lower",
            _crime_count("violent-crime"),
            compares_last_year=True,
        ),
        Measure(
            "all_crime",
            INTEL,
            "All crime",
            "All crime except anti-social behaviour recorded in the quarter."
            + AREA_NOTE
            + SAME_PERIOD,
            "crimes",
            "lower",
            _crime_count("all-crime"),
            compares_last_year=True,
        ),
        Measure(
            "anti_social_behaviour",
            INTEL,
            "Anti-social behaviour incidents (police)",
            "Anti-social behaviour incidents recorded by the police in the quarter."
            + AREA_NOTE
            + SAME_PERIOD,
            "incidents",
            "lower",
            _crime_count("anti-social-behaviour"),
            compares_last_year=True,
        ),
        Measure(
            "violence_detection_rate",
            INTEL,
            "Detection rate: violence against the person",
            "Share of violence and sexual offences recorded in the quarter whose last outcome "
            "is a charge, summons, caution, penalty notice or other formal disposal. police.uk "
            "gives only the latest outcome, so recent quarters read low until they settle.",
            "%",
            "higher",
            _detection_rate("violent-crime"),
        ),
        Measure(
            "serious_acquisitive_detection_rate",
            INTEL,
            "Detection rate: serious acquisitive crime",
            "Share of serious acquisitive crimes recorded in the quarter whose last outcome is a "
            "charge, summons, caution, penalty notice or other formal disposal.",
            "%",
            "higher",
            _detection_rate("serious-acquisitive"),
        ),
        Measure(
            "repeat_callers",
            CASES,
            "Repeat callers",
            "People who reported, or were the victim in, at least "
            f"{settings.REPEAT_CALLER_MIN_REPORTS} reports to any partner in the "
            f"{settings.REPEAT_CALLER_WINDOW_DAYS} days to the end of the quarter. A count only."
            + SAME_PERIOD,
            "people",
            "lower",
            repeat_callers,
            compares_last_year=True,
        ),
        Measure(
            "reports_received",
            CASES,
            "ASB and nuisance reports received",
            "Reports received by all partners in the quarter." + SAME_PERIOD,
            "reports",
            "lower",
            reports_received,
            compares_last_year=True,
        ),
        Measure(
            "reports_risk_assessed",
            CASES,
            "Reports risk-assessed",
            "Share of the reports received in the quarter that have a victim-led risk "
            "assessment band.",
            "%",
            "higher",
            reports_risk_assessed,
        ),
        Measure(
            "agencies_using_risk_assessment",
            CASES,
            "Agencies using the victim-led risk assessment",
            "Partner organisations that completed at least one victim-led risk assessment in "
            "the quarter.",
            "agencies",
            "higher",
            agencies_using_risk_assessment,
        ),
        Measure(
            "satisfied_with_handling",
            CASES,
            "Satisfied with how their case was dealt with",
            "Share of answers 'very satisfied' or 'satisfied'." + SURVEY_NOTE,
            "%",
            "higher",
            survey_share("satisfied"),
        ),
        Measure(
            "kept_informed",
            CASES,
            "Kept informed",
            "Share of answers saying they were kept informed." + SURVEY_NOTE,
            "%",
            "higher",
            survey_share("kept_informed"),
        ),
        Measure(
            "feel_safer",
            CASES,
            "Feel safer",
            "Share of answers saying they feel safer." + SURVEY_NOTE,
            "%",
            "higher",
            survey_share("feel_safer"),
        ),
        Measure(
            "survey_response_rate",
            CASES,
            "Survey response rate",
            "Surveys answered as a share of those sent, for surveys offered in the quarter.",
            "%",
            "higher",
            survey_share("response_rate"),
        ),
        Measure(
            "community_trigger_applications",
            CASES,
            "Community Trigger applications",
            "ASB case review applications received by any partner in the quarter." + SAME_PERIOD,
            "applications",
            "lower",
            community_trigger("applications"),
            compares_last_year=True,
        ),
        Measure(
            "community_trigger_threshold_not_met",
            CASES,
            "Community Trigger: threshold not met",
            "Applications received in the quarter that did not meet the local threshold."
            + SAME_PERIOD,
            "applications",
            "lower",
            community_trigger("threshold_not_met"),
            compares_last_year=True,
        ),
        Measure(
            "community_trigger_reviews_held",
            CASES,
            "Community Trigger reviews held",
            "ASB case reviews held in the quarter." + SAME_PERIOD,
            "reviews",
            "lower",
            community_trigger("reviews_held"),
            compares_last_year=True,
        ),
        Measure(
            "community_trigger_reviews_with_recommendations",
            CASES,
            "Community Trigger reviews with recommendations",
            "ASB case reviews held in the quarter that made at least one recommendation."
            + SAME_PERIOD,
            "reviews",
            "lower",
            community_trigger("reviews_with_recommendations"),
            compares_last_year=True,
        ),
        Measure(
            "tasking_actions_agreed",
            CASES,
            "Tasking actions agreed",
            "Actions agreed at tasking meetings in the quarter." + SAME_PERIOD,
            "actions",
            "higher",
            tasking_actions_agreed,
            compares_last_year=True,
        ),
        Measure(
            "tasking_actions_overdue",
            CASES,
            "Tasking actions overdue",
            "Actions agreed at tasking meetings that were due before the end of the quarter (or "
            "today, for the quarter in progress) and not done by then.",
            "actions",
            "lower",
            tasking_actions_overdue,
        ),
        Measure(
            "cases_opened",
            CASES,
            "Cases opened",
            "ASB cases and nuisance service requests opened by all partners in the quarter."
            + SAME_PERIOD,
            "cases",
            "lower",
            cases_opened,
            compares_last_year=True,
        ),
        Measure(
            "cases_open_at_end",
            CASES,
            "Cases open at the end of the quarter",
            "Cases of all partners open on the last day of the quarter.",
            "cases",
            "lower",
            cases_open_at_end,
        ),
    ]
}


# Measures that come and go with records, such as each business crime scheme's own figures:
# an app registers a provider, a callable returning the measures that exist now.
PROVIDERS: list[Callable[[], list[Measure]]] = []


def measures_all() -> list[Measure]:
    """The fixed measures, then those the providers offer now."""
    found = list(MEASURES.values())
    for provider in PROVIDERS:
        found.extend(provider())
    return found


def measure_get(key: str) -> Measure | None:
    """A measure by key, fixed or provided; None once its subject is gone."""
    if key in MEASURES:
        return MEASURES[key]
    return next((m for provider in PROVIDERS for m in provider() if m.key == key), None)


MEASURE_GONE = "{key}: no longer exists, choose another measure"


def measure_choices(source: str | None = None, *, keep: str = "") -> list[tuple[str, str]]:
    """Measure keys with their labels, optionally of one source: those offered for new
    indicators, and `keep` (an indicator's own measure) whatever has become of it, so that
    its form still shows what it reads, or that it is gone."""
    found = [
        (m.key, m.label)
        for m in measures_all()
        if source in (None, m.source) and (m.offered or m.key == keep)
    ]
    if keep and keep not in dict(found):
        found.append((keep, MEASURE_GONE.format(key=keep)))
    return found


def measure_read(key: str, period: str) -> Reading:
    """The live figure of a measure for a quarter; no data when the measure is unknown."""
    measure = measure_get(key)
    if measure is None:
        return Reading(None)
    return measure.compute(period)
