"""Reads of action plans: lists, the plan as seed 003 lays it out, follow-up lists, indicator
readings with their RAG, trends, the quarterly performance report and the annual report.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.utils import timezone

from safer.plans import measures
from safer.plans.charts import TrendChart, trend_chart
from safer.plans.models import (
    ActionPlan,
    Allocation,
    Grant,
    Heading,
    Indicator,
    IndicatorValue,
    ReportNarrative,
    Spend,
    Task,
    TaskUpdate,
)
from safer.plans.periods import (
    period_add,
    period_last_complete,
    period_of,
    period_span,
)
from safer.plans.rag import RagResult, rag_status

TREND_QUARTERS = 8
UNDETERMINED = (Task.TimescaleKind.TO_BE_DETERMINED, Task.TimescaleKind.NONE)
TARGET_TBD = re.compile(r"to be (determined|established|confirmed)|^tbc\b", re.IGNORECASE)


def plan_list() -> QuerySet[ActionPlan]:
    """Every plan with its hierarchy and counts of tasks, for lists and the API."""
    return ActionPlan.objects.select_related("key_priority__parent__parent").annotate(
        tasks_count=Count("tasks", distinct=True)
    )


def _latest_update(task: Task) -> TaskUpdate | None:
    updates = task.updates.all()  # prefetched newest first
    return updates[0] if updates else None


@dataclass
class TaskRow:
    task: Task
    latest: TaskUpdate | None
    indicators: list[Indicator]
    overdue: bool
    partners: list

    @property
    def rag(self) -> str:
        return self.latest.rag if self.latest else ""


@dataclass
class HeadingBlock:
    heading: Heading
    rows: list[TaskRow] = field(default_factory=list)


def _tasks_query() -> QuerySet[Task]:
    return Task.objects.select_related("heading", "plan", "owner").prefetch_related(
        Prefetch("updates", queryset=TaskUpdate.objects.select_related("updated_by")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        "partners",
    )


def task_is_overdue(task: Task, latest: TaskUpdate | None, today: date | None = None) -> bool:
    """Past its due date and not reported complete."""
    today = today or timezone.localdate()
    return bool(task.due_on and task.due_on < today and not (latest and latest.complete))


def _row(task: Task, today: date) -> TaskRow:
    latest = _latest_update(task)
    return TaskRow(
        task=task,
        latest=latest,
        indicators=list(task.indicators.all()),
        overdue=task_is_overdue(task, latest, today),
        partners=list(task.partners.all()),
    )


def plan_layout(plan: ActionPlan) -> list[HeadingBlock]:
    """The plan's headings, each with its tasks, indicators and latest progress, in order."""
    today = timezone.localdate()
    blocks = {h.pk: HeadingBlock(h) for h in plan.headings.order_by("order", "pk")}
    for task in _tasks_query().filter(plan=plan).order_by("order", "pk"):
        blocks[task.heading_id].rows.append(_row(task, today))
    return list(blocks.values())


def plans_for_export(plan: ActionPlan | None = None) -> QuerySet[ActionPlan]:
    """Plans (one or all) with everything the export writes, prefetched."""
    plans = ActionPlan.objects.select_related("key_priority__parent__parent").prefetch_related(
        Prefetch("headings", queryset=Heading.objects.order_by("order", "pk")),
        Prefetch("headings__tasks", queryset=Task.objects.order_by("order", "pk")),
        Prefetch("headings__tasks__indicators", queryset=Indicator.objects.order_by("order", "pk")),
    )
    return plans.filter(pk=plan.pk) if plan is not None else plans


@dataclass
class FollowUp:
    overdue: list[TaskRow]
    undetermined: list[TaskRow]
    targets_undetermined: list[Indicator]


def follow_up(plan: ActionPlan | None = None) -> FollowUp:
    """Tasks past their date and not complete, tasks with no timescale or one to be
    determined, and indicators whose target is still to be determined."""
    today = timezone.localdate()
    tasks = _tasks_query().order_by("plan__order", "plan_id", "order", "pk")
    indicators = Indicator.objects.select_related("task__plan", "plan").filter(task__isnull=False)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
        indicators = indicators.filter(task__plan=plan)
    overdue, undetermined = [], []
    for task in tasks:
        row = _row(task, today)
        if row.overdue:
            overdue.append(row)
        elif task.timescale_kind in UNDETERMINED and not (row.latest and row.latest.complete):
            undetermined.append(row)
    targets = [
        i
        for i in indicators.order_by("task__plan__order", "task__order", "order")
        if TARGET_TBD.search(i.target_text)
    ]
    return FollowUp(overdue, undetermined, targets)


# --- Indicators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorReading:
    period: str
    value: float | None
    baseline: float | None
    status: RagResult
    commentary: str

    @property
    def rag(self) -> str:
        return self.status.rag


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


_LOOK_UP = object()


def indicator_reading(
    indicator: Indicator, period: str, entry: IndicatorValue | object | None = _LOOK_UP
) -> IndicatorReading:
    """An indicator's figure for a quarter (entered or measured live) and its RAG; `entry` is
    the quarter's IndicatorValue when the caller has already fetched it (None: there is none)."""
    if entry is _LOOK_UP:
        entry = indicator.values.filter(period=period).first()
    if indicator.is_live:
        reading = measures.measure_read(indicator.measure_key, period)
        value = reading.value
        baseline = (
            _number(indicator.baseline) if indicator.baseline is not None else reading.baseline
        )
    else:
        value = _number(entry.value) if entry else None
        baseline = _number(indicator.baseline)
    status = rag_status(
        value=value,
        target_value=indicator.target_value,
        target_kind=indicator.target_kind,
        direction=indicator.direction,
        baseline=baseline,
    )
    return IndicatorReading(period, value, baseline, status, entry.commentary if entry else "")


def indicator_last_period(indicator: Indicator) -> str:
    """The newest quarter worth showing: the last one ended; for crime measures the last one
    the crime store holds in full; for entered figures the newest quarter with a figure."""
    last = period_last_complete()
    if indicator.source == Indicator.Source.INTEL:
        from safer.intel import storage

        months = storage.stored_months()
        if months:
            latest = months[-1]
            quarter = period_of(date(int(latest[:4]), int(latest[5:7]), 1))
            if int(latest[5:7]) % 3 != 0:
                quarter = period_add(quarter, -1)
            last = min(last, quarter)
    elif not indicator.is_live:
        newest = indicator.values.exclude(value=None).order_by("-period").first()
        if newest is not None:
            last = newest.period
    return last


def indicator_trend(
    indicator: Indicator, *, last: str | None = None, count: int = TREND_QUARTERS
) -> list[IndicatorReading]:
    """Readings for `count` quarters ending with `last` (default: the newest worth showing)."""
    last = last or indicator_last_period(indicator)
    entries = {v.period: v for v in indicator.values.all()}
    return [indicator_reading(indicator, p, entries.get(p)) for p in period_span(last, count)]


def indicator_latest(indicator: Indicator) -> IndicatorReading | None:
    """The newest reading that has a figure, or None if there is none in the trend window."""
    for reading in reversed(indicator_trend(indicator)):
        if reading.value is not None:
            return reading
    return None


def indicator_definition(indicator: Indicator) -> str:
    """The definition shown beside a figure: the indicator's own, else its measure's."""
    if indicator.definition:
        return indicator.definition
    measure = measures.measure_get(indicator.measure_key)
    return measure.definition if measure else ""


def performance_default_period(plan: ActionPlan | None = None) -> str:
    """The quarter a performance report opens on: the latest ended quarter in which any of its
    indicators has a figure to show (the last ended quarter if none has)."""
    indicators = partnership_indicators() if plan is None else Indicator.objects.filter(plan=plan)
    last = period_last_complete()
    periods = [indicator_last_period(i) for i in indicators]
    return max((p for p in periods if p <= last), default=last)


def crime_store_latest_month() -> str | None:
    """The newest month the crime store holds, so pages can say why crime figures are missing."""
    from safer.intel import storage

    months = storage.stored_months()
    return months[-1] if months else None


def absolute_target(indicator: Indicator) -> float | None:
    """The target as a value to draw on a chart, when it is one (not a percentage change)."""
    if (
        indicator.target_kind == Indicator.TargetKind.ABSOLUTE
        and indicator.target_value is not None
    ):
        return float(indicator.target_value)
    return None


def partnership_indicators() -> QuerySet[Indicator]:
    """Indicators that measure the partnership as a whole (seed 000's gauges of success)."""
    return (
        Indicator.objects.filter(task__isnull=True).select_related("plan").order_by("order", "pk")
    )


@dataclass(frozen=True)
class PerformanceRow:
    indicator: Indicator
    definition: str
    reading: IndicatorReading
    trend: list[IndicatorReading]
    chart: TrendChart


def performance_report(*, plan: ActionPlan | None, period: str) -> list[PerformanceRow]:
    """Every measurable indicator of a plan (or the partnership's own) for one quarter, with
    its trend over the quarters before: figure, target, RAG and commentary."""
    if plan is None:
        indicators = list(partnership_indicators())
    else:
        indicators = [
            i
            for i in Indicator.objects.filter(plan=plan)
            .select_related("task")
            .prefetch_related("values")
            .order_by("task__order", "order", "pk")
            if i.is_live or i.target_value is not None or i.values.all()
        ]
    rows = []
    for indicator in indicators:
        trend = indicator_trend(indicator, last=period)
        own = indicator_last_period(indicator)
        if trend[-1].value is None and own < period:
            # No figure for the quarter (crime data stop earlier, say): its latest one instead,
            # marked with its own quarter on the page.
            earlier = indicator_trend(indicator, last=own)
            if earlier[-1].value is not None:
                trend = earlier
        chart = trend_chart(title=indicator.name, readings=trend, target=absolute_target(indicator))
        rows.append(
            PerformanceRow(indicator, indicator_definition(indicator), trend[-1], trend, chart)
        )
    return rows


# --- Annual report ------------------------------------------------------------------------------


def narratives(year: str) -> dict[str, str]:
    """The words written for each section of a year's annual report."""
    return dict(ReportNarrative.objects.filter(year=year).values_list("section", "text"))


# --- Funding ------------------------------------------------------------------------------------


def grant_list() -> QuerySet[Grant]:
    """Grants with how much is allocated, newest year first."""
    return Grant.objects.annotate(allocated=Sum("allocations__amount")).order_by("-year", "name")


def allocation_list() -> QuerySet[Allocation]:
    """Every allocation with its grant, priority, lead and money spent so far."""
    spent = (
        Spend.objects.filter(allocation=OuterRef("pk"))
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Allocation.objects.select_related("grant", "plan", "lead_organisation")
        .annotate(spent=Subquery(spent))
        .order_by("-grant__year", "grant__name", "project")
    )
