"""Action plans: the list, a plan, its tasks and their updates, import and export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer import audit
from safer.plans import selectors, services, transfer
from safer.plans.access import (
    access_plan,
    access_task,
    can_edit_plans,
    require_plans_editor,
    require_plans_reader,
    updatable_task_ids,
)
from safer.plans.forms import (
    PlanImportForm,
    PlanSettingsForm,
    TaskOwnerForm,
    TaskUpdateForm,
)

BAD_EXPORT_FORMAT = "Choose csv or xlsx"
IMPORTED = "Imported {plans} plans with {tasks} tasks"


@require_GET
def plan_list(request):
    require_plans_reader(request.user)
    follow = selectors.follow_up()
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list(),
            "overdue_count": len(follow.overdue),
            "undetermined_count": len(follow.undetermined) + len(follow.targets_undetermined),
            "can_edit": can_edit_plans(request.user),
            "partnership_indicators": selectors.partnership_indicators(),
        },
    )


@require_GET
def plan_detail(request, pk: int):
    plan = access_plan(request.user, pk)
    updatable = updatable_task_ids(request.user, plan)
    blocks = selectors.plan_layout(plan)
    for block in blocks:
        for row in block.rows:
            row.can_update = updatable is None or row.task.pk in updatable
    can_edit = can_edit_plans(request.user)
    settings_form = (
        PlanSettingsForm(initial={"period": plan.period, "rolling_to": plan.rolling_to})
        if can_edit
        else None
    )
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "blocks": blocks, "can_edit": can_edit, "settings_form": settings_form},
    )


@require_GET
def plan_export(request):
    """Plans as CSV or XLSX in the import columns: ?format=csv|xlsx and optionally &plan=id."""
    require_plans_reader(request.user)
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404(BAD_EXPORT_FORMAT)
    plan = None
    if request.GET.get("plan"):
        try:
            plan = access_plan(request.user, int(request.GET["plan"]))
        except ValueError:
            raise Http404 from None
    rows = transfer.plan_rows(selectors.plans_for_export(plan))
    audit.record(
        actor=request.user,
        action="plan.exported",
        target=plan,
        changes={"format": file_format, "rows": len(rows)},
    )
    name = f"action-plan-{plan.pk}" if plan else "action-plans"
    if file_format == "csv":
        response = HttpResponse(transfer.csv_write(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(transfer.xlsx_write(rows), content_type=transfer.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_import(request):
    require_plans_editor(request.user)
    posted = request.method == "POST"
    form = PlanImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "plans/plan_import.html", {"form": form})
    upload = form.cleaned_data["file"]
    report = services.plan_file_import(
        content=upload.read(),
        filename=upload.name,
        imported_by=request.user,
        existing="replace" if form.cleaned_data["replace"] else "error",
    )
    if report.ok:
        messages.success(
            request,
            IMPORTED.format(plans=len(report.created) + len(report.replaced), tasks=report.tasks),
        )
    return render(
        request,
        "plans/plan_import.html",
        {"form": PlanImportForm() if report.ok else form, "report": report},
    )


@require_POST
def plan_settings(request, pk: int):
    require_plans_editor(request.user)
    plan = access_plan(request.user, pk)
    form = PlanSettingsForm(request.POST)
    if form.is_valid():
        services.plan_settings_update(plan=plan, updated_by=request.user, **form.cleaned_data)
        messages.success(request, "Plan period saved")
    return redirect(plan.get_absolute_url())


@require_POST
def task_owner(request, pk: int):
    require_plans_editor(request.user)
    task = access_task(request.user, pk)
    form = TaskOwnerForm(request.POST, task=task)
    if form.is_valid():
        services.task_owner_set(task=task, owner=form.cleaned_data["owner"], set_by=request.user)
        messages.success(request, "Owner saved")
    return redirect("plans:task_update", pk=task.pk)


@require_GET
def follow_up(request):
    require_plans_reader(request.user)
    return render(request, "plans/follow_up.html", {"follow": selectors.follow_up()})


@require_http_methods(["GET", "POST"])
def task_update(request, pk: int):
    task = access_task(request.user, pk, write=True)
    form = TaskUpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.task_update_record(task=task, updated_by=request.user, **form.cleaned_data)
        messages.success(request, "Progress recorded")
        return redirect(f"{task.plan.get_absolute_url()}#task-{task.pk}")
    owner_form = (
        TaskOwnerForm(task=task, initial={"owner": task.owner_id})
        if can_edit_plans(request.user)
        else None
    )
    return render(
        request,
        "plans/task_update.html",
        {
            "task": task,
            "form": form,
            "owner_form": owner_form,
            "updates": task.updates.select_related("updated_by"),
        },
    )
