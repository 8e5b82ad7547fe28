"""Writes to action plans: imports, task progress, indicator figures and targets, report words.

Every write is atomic, validated and audited inside its transaction.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum

from safer import audit
from safer.accounts.models import User
from safer.plans import transfer
from safer.plans.models import (
    ActionPlan,
    Allocation,
    Grant,
    Heading,
    Indicator,
    IndicatorValue,
    Objective,
    Output,
    ReportNarrative,
    Spend,
    Task,
    TaskUpdate,
)
from safer.plans.periods import period_check
from safer.plans.timescales import timescale_parse

PLAN_EXISTS = "Plan '{plan}' ({key_priority}) already exists: import with replace to update it"
BAD_EXISTING = "existing must be error, skip or replace"
LIVE_NEEDS_MEASURE = "Choose the measure a live indicator reads"
UNKNOWN_MEASURE = "Unknown measure"
TARGET_NEEDS_KIND = "Say whether the target is a value to reach or a percentage change"
MANUAL_NEEDS_VALUE = "Enter the figure for this period"
PERCENT_TARGET = re.compile(r"(\d+(?:\.\d+)?)\s*%")


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tasks: int = 0
    indicators: int = 0
    errors: list[str] = field(default_factory=list)
    unknown_partners: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    """Raised inside the import transaction to undo every row of the file."""


def _objective(level: str, title: str, parent: Objective | None) -> Objective | None:
    if not title:
        return parent
    objective, _ = Objective.objects.get_or_create(level=level, title=title, parent=parent)
    return objective


def _indicator_fields(spec: transfer.IndicatorSpec) -> dict:
    fields = {
        "name": spec.name,
        "target_text": spec.target,
        "target_timescale": spec.target_timescale,
    }
    match = PERCENT_TARGET.fullmatch(spec.target)
    if match:
        fields |= {
            "target_kind": Indicator.TargetKind.ABSOLUTE,
            "target_value": Decimal(match.group(1)),
            "direction": Indicator.Direction.HIGHER,
            "unit": "%",
        }
    return fields


def _task_fields(spec: transfer.TaskSpec, heading: Heading, order: int) -> dict:
    timescale = timescale_parse(spec.timescale)
    return {
        "heading": heading,
        "text": spec.text,
        "timescale": spec.timescale,
        "timescale_kind": timescale.kind,
        "due_on": timescale.due_on,
        "partners_text": spec.partners_text,
        "order": order,
    }


def _plan_fill(plan: ActionPlan, spec: transfer.PlanSpec) -> tuple[int, int]:
    """Make a plan's headings, tasks and indicators those of the file, keeping matched tasks
    (and so their progress updates) and matched indicators (and their figures)."""
    existing: dict[tuple[str, str], list[Task]] = {}
    for task in plan.tasks.select_related("heading").order_by("order", "pk"):
        existing.setdefault((task.heading.title, task.text), []).append(task)
    headings = {h.title: h for h in plan.headings.all()}
    kept_headings, order, tasks, indicators = set(), 0, 0, 0
    for heading_order, heading_spec in enumerate(spec.headings):
        heading = headings.get(heading_spec.title)
        if heading is None:
            heading = Heading.objects.create(
                plan=plan, title=heading_spec.title, order=heading_order
            )
        elif heading.order != heading_order:
            heading.order = heading_order
            heading.save(update_fields=["order"])
        kept_headings.add(heading.pk)
        for task_spec in heading_spec.tasks:
            matches = existing.get((heading_spec.title, task_spec.text)) or []
            task = matches.pop(0) if matches else Task(plan=plan)
            for name, value in _task_fields(task_spec, heading, order).items():
                setattr(task, name, value)
            task.full_clean()
            task.save()
            task.partners.set(task_spec.organisations)
            order += 1
            tasks += 1
            current = list(task.indicators.order_by("order", "pk"))
            for position, indicator_spec in enumerate(task_spec.indicators):
                if position < len(current):
                    indicator = current[position]
                    indicator.name = indicator_spec.name
                    indicator.target_text = indicator_spec.target
                    indicator.target_timescale = indicator_spec.target_timescale
                else:
                    indicator = Indicator(task=task, plan=plan, **_indicator_fields(indicator_spec))
                indicator.order = position
                indicator.full_clean()
                indicator.save()
                indicators += 1
            for extra in current[len(task_spec.indicators) :]:
                extra.delete()
    for leftovers in existing.values():
        for task in leftovers:
            task.delete()
    plan.headings.exclude(pk__in=kept_headings).delete()
    return tasks, indicators


@transaction.atomic
def plan_file_import(
    *, content: bytes, filename: str, imported_by: User | None, existing: str = "error"
) -> ImportReport:
    """Import every plan of a CSV or XLSX file, or none of them; each plan imported is audited.

    `existing` decides what happens to a plan already held: "error" refuses the file, "skip"
    leaves the plan as it is, "replace" makes it match the file (keeping matched tasks' updates).
    """
    if existing not in ("error", "skip", "replace"):
        raise ValueError(BAD_EXISTING)
    report = ImportReport()
    rows, problems = transfer.rows_read(content=content, filename=filename)
    if problems:
        report.errors = problems
        return report
    parsed = transfer.rows_parse(rows)
    report.unknown_partners = parsed.unknown_partners
    if parsed.errors:
        report.errors = parsed.errors
        return report
    try:
        with transaction.atomic():
            next_order = (ActionPlan.objects.aggregate(m=Max("order"))["m"] or 0) + 1
            for spec in parsed.plans:
                theme = _objective(Objective.Level.THEME, spec.theme, None)
                corporate = _objective(
                    Objective.Level.CORPORATE_PRIORITY, spec.corporate_priority, theme
                )
                key = _objective(Objective.Level.KEY_PRIORITY, spec.key_priority, corporate)
                plan = ActionPlan.objects.filter(title=spec.title, key_priority=key).first()
                if plan is not None and existing == "skip":
                    report.skipped.append(spec.title)
                    continue
                if plan is not None and existing == "error":
                    report.errors.append(
                        PLAN_EXISTS.format(plan=spec.title, key_priority=spec.key_priority)
                    )
                    continue
                replacing = plan is not None
                if plan is None:
                    plan = ActionPlan(title=spec.title, key_priority=key, order=next_order)
                    next_order += 1
                    plan.full_clean()
                    plan.save()
                tasks, indicators = _plan_fill(plan, spec)
                report.tasks += tasks
                report.indicators += indicators
                (report.replaced if replacing else report.created).append(spec.title)
                audit.record(
                    actor=imported_by,
                    action="plan.replaced" if replacing else "plan.imported",
                    target=plan,
                    target_label=f"Action plan {plan.title}"[:200],
                    changes={"file": filename, "tasks": tasks, "indicators": indicators},
                )
            if report.errors:
                raise _Refused
    except _Refused:
        report.created, report.replaced, report.tasks, report.indicators = [], [], 0, 0
    return report


@transaction.atomic
def task_update_record(
    *, task: Task, rag: str, commentary: str, complete: bool, updated_by: User
) -> TaskUpdate:
    """Record a task's progress (RAG and commentary) as the newest update; audited."""
    update = TaskUpdate(
        task=task, rag=rag, commentary=commentary, complete=complete, updated_by=updated_by
    )
    update.full_clean()
    update.save()
    audit.record(
        actor=updated_by,
        action="plan.task_updated",
        target=task,
        target_label=f"Task {task.pk} of {task.plan.title}"[:200],
        changes={"rag": rag, "complete": complete},
    )
    return update


@transaction.atomic
def plan_settings_update(
    *, plan: ActionPlan, updated_by: User, period: str, rolling_to: str
) -> ActionPlan:
    """Set the period a plan covers and the year it rolls to (co-ordinators); audited."""
    changes = {"period": [plan.period, period], "rolling_to": [plan.rolling_to, rolling_to]}
    plan.period, plan.rolling_to = period, rolling_to
    plan.full_clean()
    plan.save(update_fields=["period", "rolling_to", "updated_at"])
    audit.record(
        actor=updated_by,
        action="plan.settings_changed",
        target=plan,
        target_label=f"Action plan {plan.title}"[:200],
        changes=changes,
    )
    return plan


@transaction.atomic
def task_owner_set(*, task: Task, owner: User | None, set_by: User) -> Task:
    """Name (or clear) the person who owns a task (co-ordinators); audited."""
    old = task.owner_id
    task.owner = owner
    task.save(update_fields=["owner", "updated_at"])
    audit.record(
        actor=set_by,
        action="plan.task_owner_set",
        target=task,
        target_label=f"Task {task.pk} of {task.plan.title}"[:200],
        changes={"owner": [old, owner.pk if owner else None]},
    )
    return task


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal | None,
    commentary: str,
    entered_by: User,
) -> IndicatorValue:
    """Enter (or correct) an indicator's figure for a quarter, with commentary; audited."""
    period = period_check(period)
    if value is None and not indicator.is_live:
        raise ValidationError({"value": MANUAL_NEEDS_VALUE})
    entry = IndicatorValue.objects.filter(indicator=indicator, period=period).first()
    old = None if entry is None else [str(entry.value), entry.commentary]
    if entry is None:
        entry = IndicatorValue(indicator=indicator, period=period, entered_by=entered_by)
    entry.value, entry.commentary, entry.entered_by = value, commentary, entered_by
    entry.full_clean()
    entry.save()
    audit.record(
        actor=entered_by,
        action="plan.indicator_value_entered",
        target=indicator,
        target_label=f"Indicator {indicator.pk}",
        changes={"period": period, "value": [old[0] if old else None, str(value)]},
    )
    return entry


INDICATOR_SETTINGS = (
    "name",
    "definition",
    "source",
    "measure_key",
    "baseline",
    "baseline_period",
    "target_kind",
    "target_value",
    "direction",
    "unit",
    "period",
    "frequency",
    "owner",
)


def _indicator_check(indicator: Indicator) -> None:
    from safer.plans.measures import measure_get

    if indicator.is_live:
        if not indicator.measure_key:
            raise ValidationError({"measure_key": LIVE_NEEDS_MEASURE})
        measure = measure_get(indicator.measure_key)
        if measure is None or measure.source != indicator.source:
            raise ValidationError({"measure_key": UNKNOWN_MEASURE})
    if indicator.target_value is not None and not indicator.target_kind:
        raise ValidationError({"target_kind": TARGET_NEEDS_KIND})


@transaction.atomic
def indicator_settings_update(*, indicator: Indicator, updated_by: User, **values) -> Indicator:
    """Change how an indicator is measured and targeted (co-ordinators); audited."""
    changes = {}
    for name, value in values.items():
        if name not in INDICATOR_SETTINGS:
            raise ValueError(name)
        old = getattr(indicator, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value)]
            setattr(indicator, name, value)
    _indicator_check(indicator)
    indicator.full_clean()
    indicator.save()
    if changes:
        audit.record(
            actor=updated_by,
            action="plan.indicator_changed",
            target=indicator,
            target_label=f"Indicator {indicator.pk}",
            changes=changes,
        )
    return indicator


@transaction.atomic
def indicator_create(*, created_by: User | None, **values) -> Indicator:
    """Add an indicator (a partnership-wide one when it has no plan or task); audited."""
    indicator = Indicator(**values)
    _indicator_check(indicator)
    indicator.full_clean()
    indicator.save()
    audit.record(
        actor=created_by,
        action="plan.indicator_created",
        target=indicator,
        target_label=f"Indicator {indicator.pk}",
        changes={"name": indicator.name[:100], "source": indicator.source},
    )
    return indicator


@transaction.atomic
def narrative_save(*, year: str, section: str, text: str, updated_by: User) -> ReportNarrative:
    """Save the words of one section of a year's report and rolling plan; audited."""
    narrative = ReportNarrative.objects.filter(year=year, section=section).first()
    if narrative is None:
        narrative = ReportNarrative(year=year, section=section)
    old = narrative.text
    narrative.text, narrative.updated_by = text, updated_by
    narrative.full_clean()
    narrative.save()
    audit.record(
        actor=updated_by,
        action="plan.narrative_saved",
        target=narrative,
        target_label=f"Annual report {year} {narrative.get_section_display()}",
        changes={"length": [len(old), len(text)]},
    )
    return narrative


# --- Funding ------------------------------------------------------------------------------------

OVER_ALLOCATED = "This would allocate £{over} more than is left of the grant (£{left})"
OVERSPENT = "This would spend £{over} more than is left of the allocation (£{left})"
NOT_POSITIVE = "Enter an amount greater than zero"


def _positive(amount: Decimal) -> None:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": NOT_POSITIVE})


def _within(amount: Decimal, *, budget: Decimal, used, message: str) -> None:
    """Refuse an amount above what is left of a budget (`used` is the queryset already drawn)."""
    _positive(amount)
    left = budget - (used.aggregate(total=Sum("amount"))["total"] or Decimal(0))
    if amount > left:
        raise ValidationError({"amount": message.format(over=amount - left, left=left)})


@transaction.atomic
def grant_create(*, created_by: User, **values) -> Grant:
    """Record a grant the partnership receives; audited."""
    grant = Grant(**values)
    _positive(grant.amount)
    grant.full_clean()
    grant.save()
    audit.record(
        actor=created_by,
        action="plan.grant_created",
        target=grant,
        target_label=f"Grant {grant}"[:200],
        changes={"amount": str(grant.amount), "year": grant.year},
    )
    return grant


@transaction.atomic
def allocation_create(*, grant: Grant, allocated_by: User, indicators=(), **values) -> Allocation:
    """Allocate part of a grant to a project under a priority; never more than the grant."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    allocation = Allocation(grant=grant, **values)
    _within(allocation.amount, budget=grant.amount, used=grant.allocations, message=OVER_ALLOCATED)
    allocation.full_clean()
    allocation.save()
    allocation.indicators.set(indicators)
    audit.record(
        actor=allocated_by,
        action="plan.allocation_created",
        target=allocation,
        target_label=f"Allocation {allocation.project}"[:200],
        changes={"grant": grant.pk, "amount": str(allocation.amount)},
    )
    return allocation


@transaction.atomic
def spend_record(*, allocation: Allocation, entered_by: User, **values) -> Spend:
    """Record money spent from an allocation; never more than was allocated."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    spend = Spend(allocation=allocation, entered_by=entered_by, **values)
    _within(spend.amount, budget=allocation.amount, used=allocation.spends, message=OVERSPENT)
    spend.full_clean()
    spend.save()
    audit.record(
        actor=entered_by,
        action="plan.spend_recorded",
        target=allocation,
        target_label=f"Allocation {allocation.project}"[:200],
        changes={"amount": str(spend.amount), "spent_on": spend.spent_on},
    )
    return spend


@transaction.atomic
def output_record(*, allocation: Allocation, entered_by: User, **values) -> Output:
    """Record what a funded project delivered in a quarter; audited."""
    output = Output(allocation=allocation, entered_by=entered_by, **values)
    output.period = period_check(output.period)
    output.full_clean()
    output.save()
    audit.record(
        actor=entered_by,
        action="plan.output_recorded",
        target=allocation,
        target_label=f"Allocation {allocation.project}"[:200],
        changes={"period": output.period, "quantity": str(output.quantity)},
    )
    return output
