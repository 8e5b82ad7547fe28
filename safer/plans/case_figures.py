"""Figures from the case system for the action plans' live measures: aggregates over every
partner's records (reports, cases, risk assessments, surveys, the Community Trigger, tasking),
never a name."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q

from safer.plans.periods import period_bounds
from safer.plans.reading import Reading, against_last_year


def reports_received(period: str) -> Reading:
    from safer.cases.models import Report

    def count(p: str) -> float:
        start, end = period_bounds(p)
        return float(Report.objects.filter(reported_at__gte=start, reported_at__lt=end).count())

    return against_last_year(count, period)


def reports_risk_assessed(period: str) -> Reading:
    from safer.cases.models import Report

    start, end = period_bounds(period)
    totals = Report.objects.filter(reported_at__gte=start, reported_at__lt=end).aggregate(
        total=Count("pk"), assessed=Count("pk", filter=~Q(risk=""))
    )
    if not totals["total"]:
        return Reading(None)
    return Reading(round(totals["assessed"] / totals["total"] * 100, 2))


def repeat_callers(period: str) -> Reading:
    from safer.cases.models import ReportPerson

    def count(p: str) -> float:
        _, end = period_bounds(p)
        since = end - timedelta(days=settings.REPEAT_CALLER_WINDOW_DAYS)
        return float(
            ReportPerson.objects.filter(
                role__in=["reporter", "victim"], reported_at__gte=since, reported_at__lt=end
            )
            .values("person")
            .annotate(reports=Count("report", distinct=True))
            .filter(reports__gte=settings.REPEAT_CALLER_MIN_REPORTS)
            .count()
        )

    return against_last_year(count, period)


def agencies_using_risk_assessment(period: str) -> Reading:
    from safer.cases.models import RiskAssessment

    start, end = period_bounds(period)
    return Reading(
        float(
            RiskAssessment.objects.filter(assessed_at__gte=start, assessed_at__lt=end)
            .values("report__organisation")
            .distinct()
            .count()
        )
    )


def cases_opened(period: str) -> Reading:
    from safer.cases.models import Case

    def count(p: str) -> float:
        start, end = period_bounds(p)
        return float(Case.objects.filter(opened_at__gte=start, opened_at__lt=end).count())

    return against_last_year(count, period)


def cases_open_at_end(period: str) -> Reading:
    from safer.cases.models import Case

    _, end = period_bounds(period)
    return Reading(
        float(
            Case.objects.filter(opened_at__lt=end)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
            .count()
        )
    )


def survey_share(field: str) -> Callable[[str], Reading]:
    """A share of the satisfaction surveys offered in the quarter (no data below the minimum
    number of answers, as on the survey results page)."""

    def compute(period: str) -> Reading:
        from safer.surveys.selectors import survey_totals

        start, end = period_bounds(period)
        return Reading(getattr(survey_totals(start=start, end=end), field))

    return compute


def community_trigger(figure: str) -> Callable[[str], Reading]:
    """One of the Community Trigger figures the partnership publishes, for the quarter."""

    def compute(period: str) -> Reading:
        from safer.casereviews.selectors import statistics_between
        from safer.plans.periods import period_first_day, period_last_day

        def count(p: str) -> float:
            return float(
                statistics_between(first=period_first_day(p), last=period_last_day(p))[figure]
            )

        return against_last_year(count, period)

    return compute


def tasking_actions_overdue(period: str) -> Reading:
    """Actions agreed at tasking meetings that were due before the quarter ended (or before
    today, for the quarter in progress) and not done by then."""
    from django.utils import timezone

    from safer.tasking.models import MeetingAction

    _, end = period_bounds(period)
    cutoff = min(end, timezone.now())
    return Reading(
        float(
            MeetingAction.objects.filter(
                task__due_on__lt=timezone.localtime(cutoff).date(), created_at__lt=cutoff
            )
            .filter(Q(task__done_at__isnull=True) | Q(task__done_at__gte=cutoff))
            .count()
        )
    )


def tasking_actions_agreed(period: str) -> Reading:
    from safer.tasking.models import MeetingAction

    def count(p: str) -> float:
        start, end = period_bounds(p)
        agreed = MeetingAction.objects.filter(created_at__gte=start, created_at__lt=end)
        return float(agreed.count())

    return against_last_year(count, period)
