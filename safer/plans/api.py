"""Action plan endpoints: the same access rules and selectors as the pages."""

from datetime import datetime
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.plans import selectors, services
from safer.plans.access import (
    access_indicator,
    access_plan,
    access_task,
    require_dashboard_reader,
    require_plans_reader,
)
from safer.plans.dashboard import coordinator_dashboard
from safer.plans.periods import period_of

router = Router(tags=["plans"])


class PlanSummaryOut(Schema):
    id: int
    title: str
    tasks_count: int


class PlanListOut(Schema):
    items: list[PlanSummaryOut]
    count: int


class TaskOut(Schema):
    id: int
    heading: str
    task: str
    timescale: str
    timescale_kind: str
    due_on: str | None
    overdue: bool
    partners: str
    partner_organisations: list[str]
    indicator: str
    target: str
    target_timescale: str
    latest_rag: str | None


class PlanOut(Schema):
    id: int
    title: str
    theme: str
    corporate_priority: str
    key_priority: str
    period: str
    rolling_to: str
    tasks: list[TaskOut]


class LatestOut(Schema):
    period: str
    value: float | None
    rag: str


class IndicatorOut(Schema):
    id: int
    name: str
    definition: str
    source: str
    baseline: float | None
    target: str
    target_value: float | None
    target_kind: str
    direction: str
    latest: LatestOut | None


@router.get(
    "/plans",
    response={200: PlanListOut, **errors(403)},
    summary="Action plans with their number of tasks",
)
def plan_list(request):
    require_plans_reader(request.user)
    plans = list(selectors.plan_list())
    return {
        "items": [{"id": p.pk, "title": p.title, "tasks_count": p.tasks_count} for p in plans],
        "count": len(plans),
    }


@router.get(
    "/plans/{plan_id}",
    response={200: PlanOut, **errors(403, 404, 422)},
    summary="One action plan with its tasks",
)
def plan_detail(request, plan_id: int):
    """Tasks in the plan's order; a task with several indicators lists the first one."""
    plan = access_plan(request.user, plan_id)
    tasks = []
    for block in selectors.plan_layout(plan):
        for row in block.rows:
            first = row.indicators[0] if row.indicators else None
            tasks.append(
                {
                    "id": row.task.pk,
                    "heading": block.heading.title,
                    "task": row.task.text,
                    "timescale": row.task.timescale,
                    "timescale_kind": row.task.timescale_kind,
                    "due_on": row.task.due_on.isoformat() if row.task.due_on else None,
                    "overdue": row.overdue,
                    "partners": row.task.partners_text,
                    "partner_organisations": [o.name for o in row.partners],
                    "indicator": first.name if first else "",
                    "target": first.target_text if first else "",
                    "target_timescale": first.target_timescale if first else "",
                    "latest_rag": row.latest.rag if row.latest else None,
                }
            )
    theme, corporate = plan.theme, plan.corporate_priority
    return {
        "id": plan.pk,
        "title": plan.title,
        "theme": theme.title if theme else "",
        "corporate_priority": corporate.title if corporate else "",
        "key_priority": plan.key_priority.title,
        "period": plan.period,
        "rolling_to": plan.rolling_to,
        "tasks": tasks,
    }


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, **errors(403, 404, 422)},
    summary="One indicator",
)
def indicator_detail(request, indicator_id: int):
    """The indicator with its definition, target and newest figure (entered or measured live)."""
    indicator = access_indicator(request.user, indicator_id)
    latest = selectors.indicator_latest(indicator)
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "definition": selectors.indicator_definition(indicator),
        "source": indicator.source,
        "baseline": float(indicator.baseline) if indicator.baseline is not None else None,
        "target": indicator.target_text
        or (str(indicator.target_value) if indicator.target_value is not None else ""),
        "target_value": float(indicator.target_value)
        if indicator.target_value is not None
        else None,
        "target_kind": indicator.target_kind,
        "direction": indicator.direction,
        "latest": {"period": latest.period, "value": latest.value, "rag": latest.rag}
        if latest
        else None,
    }


class TaskUpdateIn(InputSchema):
    rag: Literal["red", "amber", "green"]
    commentary: str = Field(min_length=1, max_length=5000)
    complete: bool = False


class TaskUpdateOut(Schema):
    id: int
    task_id: int
    rag: str
    complete: bool
    commentary: str
    updated_by: str
    updated_at: datetime


def _update_out(update) -> dict:
    return {
        "id": update.pk,
        "task_id": update.task_id,
        "rag": update.rag,
        "complete": update.complete,
        "commentary": update.commentary,
        "updated_by": update.updated_by.get_username(),
        "updated_at": update.updated_at,
    }


@router.get(
    "/tasks/{task_id}/updates",
    response={200: list[TaskUpdateOut], **errors(403, 404, 422)},
    summary="A task's progress updates",
)
def task_updates(request, task_id: int):
    """Newest first."""
    task = access_task(request.user, task_id)
    return [_update_out(u) for u in task.updates.select_related("updated_by")]


@router.post(
    "/tasks/{task_id}/updates",
    response={201: TaskUpdateOut, **errors(400, 403, 404, 413, 422)},
    summary="Record a task's progress (co-ordinators and the task's partners)",
)
def task_update_create(request, task_id: int, payload: TaskUpdateIn):
    task = access_task(request.user, task_id, write=True)
    update = services.task_update_record(
        task=task,
        rag=payload.rag,
        commentary=payload.commentary,
        complete=payload.complete,
        updated_by=request.user,
    )
    return Status(201, _update_out(update))


class DashboardQuery(InputSchema):
    period: str | None = Field(
        None, pattern=r"^\d{4}-Q[1-4]$", description="A quarter like 2026-Q3 (default: this one)"
    )


class QuarterFigureOut(Schema):
    period: str
    value: float | None


class DashboardMeasureOut(Schema):
    key: str
    label: str
    definition: str
    unit: str
    direction: Literal["higher", "lower"]
    figures: list[QuarterFigureOut]
    change_on_last_quarter: float | None = Field(description="%, null without a comparison")
    change_on_last_year: float | None = Field(description="%, null without a comparison")


class DashboardSectionOut(Schema):
    heading: str
    measures: list[DashboardMeasureOut]


class DashboardOut(Schema):
    period: str
    sections: list[DashboardSectionOut]


@router.get(
    "/dashboard",
    response={200: DashboardOut, **errors(403, 422)},
    summary="The co-ordinator's dashboard: partnership-wide measures for five quarters",
)
def dashboard(request, query: Query[DashboardQuery]):
    """Counts and shares only, for co-ordinators and analysts, as on the dashboard page."""
    require_dashboard_reader(request.user)
    period = query.period or period_of(timezone.localdate())
    return {"period": period, "sections": coordinator_dashboard(period=period)}
