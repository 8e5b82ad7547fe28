"""The partnership's report and rolling plan for a year, in seed 000's sections, filled with
live figures beside the narrative co-ordinators write.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Q

from safer.plans import selectors
from safer.plans.models import ActionPlan, ReportNarrative, TaskUpdate
from safer.plans.periods import period_bounds, period_span

NO_CRIME_DATA = "Not available: the crime store does not hold both years in full"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    definition: str = ""


@dataclass
class Section:
    key: str
    title: str
    narrative: str
    figures: list[Figure] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    rows: list[selectors.PerformanceRow] = field(default_factory=list)


@dataclass
class AnnualReport:
    year: str
    title: str
    partnership: str
    sections: list[Section]


def year_months(year: str) -> list[str]:
    """The twelve months of a financial year such as 2011-12 (April to March)."""
    first = int(year[:4])
    return [f"{first}-{m:02d}" for m in range(4, 13)] + [f"{first + 1}-{m:02d}" for m in (1, 2, 3)]


def year_quarters(year: str) -> list[str]:
    """The four quarters of a financial year, April to March."""
    return period_span(f"{int(year[:4]) + 1}-Q1", 4)


def previous_year(year: str) -> str:
    """The financial year before, e.g. 2010-11 for 2011-12."""
    first = int(year[:4]) - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _change(now: int, before: int) -> str:
    if before == 0:
        return f"{now:,}"
    change = (now - before) / before * 100
    word = "down" if change < 0 else "up"
    return f"{now:,} ({word} {abs(change):.0f}% on the year before, {before:,})"


def _crime_figures(year: str) -> list[Figure]:
    from safer.intel import selectors as intel
    from safer.intel import storage
    from safer.intel.areas import area_resolve

    months, before = year_months(year), year_months(previous_year(year))
    stored = set(storage.stored_months())
    labels = [
        ("all-crime", "All crime"),
        ("serious-acquisitive", "Serious acquisitive crime"),
        ("burglary", "Burglary"),
        ("violent-crime", "Violence against the person"),
        ("anti-social-behaviour", "Anti-social behaviour incidents (police)"),
    ]
    if not all(m in stored for m in months + before):
        return [Figure(label, NO_CRIME_DATA) for _, label in labels]
    area = area_resolve(settings.INTEL_DEFAULT_AREA)
    figures = []
    for crime_type, label in labels:
        now = intel.crime_counts(
            area=area, crime_type=crime_type, month_from=months[0], month_to=months[-1]
        ).total
        then = intel.crime_counts(
            area=area, crime_type=crime_type, month_from=before[0], month_to=before[-1]
        ).total
        figures.append(Figure(label, _change(now, then), f"police.uk data, {area.name}"))
    return figures


def _case_figures(year: str) -> dict[str, Figure]:
    from safer.cases.models import Case, Report, RiskAssessment

    quarters = year_quarters(year)
    start, end = period_bounds(quarters[0])[0], period_bounds(quarters[-1])[1]
    reports = Report.objects.filter(reported_at__gte=start, reported_at__lt=end).aggregate(
        total=Count("pk"), assessed=Count("pk", filter=~Q(risk=""))
    )
    share = (
        f"{reports['assessed'] / reports['total'] * 100:.0f}%" if reports["total"] else "No reports"
    )
    agencies = (
        RiskAssessment.objects.filter(assessed_at__gte=start, assessed_at__lt=end)
        .values("report__organisation")
        .distinct()
        .count()
    )
    opened = Case.objects.filter(opened_at__gte=start, opened_at__lt=end).count()
    closed = Case.objects.filter(closed_at__gte=start, closed_at__lt=end).count()
    return {
        "reports": Figure(
            "ASB and nuisance reports received", f"{reports['total']:,}", "All partners"
        ),
        "assessed": Figure(
            "Reports with a victim-led risk assessment", share, "Share of reports received"
        ),
        "agencies": Figure(
            "Agencies using the victim-led risk assessment",
            f"{agencies:,}",
            "Organisations that completed at least one assessment in the year",
        ),
        "opened": Figure("Cases opened", f"{opened:,}", "ASB cases and nuisance requests"),
        "closed": Figure("Cases closed", f"{closed:,}", "ASB cases and nuisance requests"),
    }


def _completed_tasks(year: str) -> list[str]:
    quarters = year_quarters(year)
    start, end = period_bounds(quarters[0])[0], period_bounds(quarters[-1])[1]
    updates = (
        TaskUpdate.objects.filter(complete=True, updated_at__gte=start, updated_at__lt=end)
        .select_related("task__plan")
        .order_by("task__plan__order", "task__order")
    )
    seen, items = set(), []
    for update in updates:
        if update.task_id not in seen:
            seen.add(update.task_id)
            items.append(f"{update.task.text} ({update.task.plan.title})")
    return items


def annual_report(*, year: str) -> AnnualReport:
    """The sections of seed 000's report and rolling plan for a year, with live figures."""
    words = selectors.narratives(year)
    cases = _case_figures(year)
    crime = _crime_figures(year)
    last_quarter = year_quarters(year)[-1]
    S = ReportNarrative.Section
    plans = ActionPlan.objects.select_related("key_priority").order_by("order", "pk")
    sections = [
        Section(S.CONTEXT, S.CONTEXT.label, words.get(S.CONTEXT, ""), figures=crime),
        Section(
            S.ACHIEVEMENTS,
            S.ACHIEVEMENTS.label,
            words.get(S.ACHIEVEMENTS, ""),
            items=_completed_tasks(year),
        ),
        Section(
            S.PRIORITIES,
            S.PRIORITIES.label,
            words.get(S.PRIORITIES, ""),
            items=[f"{p.title}: {p.key_priority.title}" for p in plans],
        ),
        Section(
            S.PLACE,
            S.PLACE.label,
            words.get(S.PLACE, ""),
            figures=[f for f in crime if f.label.startswith("Anti-social")] + [cases["reports"]],
        ),
        Section(
            S.VICTIM,
            S.VICTIM.label,
            words.get(S.VICTIM, ""),
            figures=[cases["assessed"], cases["agencies"]],
        ),
        Section(
            S.OFFENDER,
            S.OFFENDER.label,
            words.get(S.OFFENDER, ""),
            figures=[cases["opened"], cases["closed"]],
        ),
        Section(
            S.GAUGE,
            S.GAUGE.label,
            words.get(S.GAUGE, ""),
            rows=selectors.performance_report(plan=None, period=last_quarter),
        ),
    ]
    first = int(year[:4])
    return AnnualReport(
        year=year,
        title=f"Report {year} and rolling plan for {first + 1}-{(first + 3) % 100:02d}",
        partnership=settings.PARTNERSHIP_NAME,
        sections=sections,
    )


def report_years(today: date | None = None) -> list[str]:
    """Recent financial years, newest first, for the report's year list."""
    from django.utils import timezone

    today = today or timezone.localdate()
    current = today.year if today.month >= 4 else today.year - 1
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(current, current - 5, -1)]
