"""Action plan pages: thin views over plans.access, selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer import audit
from safer.core.forms import add_service_errors
from safer.core.tagged_pdf import PDF_TYPE
from safer.plans import annual, selectors, services, transfer
from safer.plans.access import (
    access_allocation,
    access_indicator,
    access_plan,
    access_task,
    can_edit_plans,
    can_enter_value,
    can_record_for_allocation,
    require_dashboard_reader,
    require_plans_editor,
    require_plans_reader,
    updatable_task_ids,
)
from safer.plans.charts import trend_chart
from safer.plans.dashboard import coordinator_dashboard
from safer.plans.forms import (
    AllocationForm,
    GrantForm,
    IndicatorSettingsForm,
    IndicatorValueForm,
    NarrativeForm,
    OutputForm,
    PeriodForm,
    PlanImportForm,
    PlanSettingsForm,
    SpendForm,
    TaskOwnerForm,
    TaskUpdateForm,
    year_check,
)
from safer.plans.models import ActionPlan, ReportNarrative
from safer.plans.pdf import annual_report_pdf, performance_pdf
from safer.plans.periods import period_label, period_of

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


def _period(request, plan: ActionPlan | None = None) -> tuple[PeriodForm, str, bool]:
    """The quarter asked for, or the latest with figures; and whether it was the default."""
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else ""
    return form, period or selectors.performance_default_period(plan), not period


@require_GET
def indicator_detail(request, pk: int):
    indicator = access_indicator(request.user, pk)
    trend = selectors.indicator_trend(indicator)
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "indicator": indicator,
            "definition": selectors.indicator_definition(indicator),
            "trend": trend,
            "chart": trend_chart(
                title=indicator.name, readings=trend, target=selectors.absolute_target(indicator)
            ),
            "value_form": IndicatorValueForm(indicator=indicator)
            if can_enter_value(request.user, indicator)
            else None,
            "can_edit": can_edit_plans(request.user),
        },
    )


@require_POST
def indicator_value(request, pk: int):
    indicator = access_indicator(request.user, pk, write=True)
    form = IndicatorValueForm(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            services.indicator_value_record(
                indicator=indicator,
                period=form.cleaned_data["period"],
                value=form.cleaned_data.get("value"),
                commentary=form.cleaned_data["commentary"],
                entered_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Figure for {form.cleaned_data['period']} saved")
            return redirect("plans:indicator", pk=indicator.pk)
    trend = selectors.indicator_trend(indicator)
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "indicator": indicator,
            "definition": selectors.indicator_definition(indicator),
            "trend": trend,
            "chart": trend_chart(
                title=indicator.name, readings=trend, target=selectors.absolute_target(indicator)
            ),
            "value_form": form,
            "can_edit": can_edit_plans(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_settings(request, pk: int):
    require_plans_editor(request.user)
    indicator = access_indicator(request.user, pk)
    form = IndicatorSettingsForm(
        request.POST if request.method == "POST" else None, instance=indicator
    )
    if request.method == "POST" and form.is_valid():
        fresh = access_indicator(request.user, pk)
        try:
            services.indicator_settings_update(
                indicator=fresh, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Indicator saved")
            return redirect("plans:indicator", pk=pk)
    return render(request, "plans/indicator_settings.html", {"indicator": indicator, "form": form})


def _performance_context(request, plan: ActionPlan | None) -> dict:
    form, period, defaulted = _period(request, plan)
    rows = selectors.performance_report(plan=plan, period=period)
    title = f"Performance: {plan.title}" if plan else "Partnership performance"
    return {
        "crime_month": selectors.crime_store_latest_month(),
        "form": form,
        "period": period,
        "period_label": period_label(period),
        "defaulted": defaulted,
        "rows": rows,
        "plan": plan,
        "title": title,
    }


@require_GET
def performance(request, pk: int | None = None):
    plan = access_plan(request.user, pk) if pk is not None else None
    if plan is None:
        require_plans_reader(request.user)
    return render(request, "plans/performance.html", _performance_context(request, plan))


@require_GET
def dashboard(request):
    """The co-ordinator's dashboard: the quarter asked for (the current one by default) and the
    four before it."""
    require_dashboard_reader(request.user)
    form = PeriodForm(request.GET or None)
    period = (form.cleaned_data.get("period") if form.is_valid() else "") or period_of(
        timezone.localdate()
    )
    return render(
        request,
        "plans/dashboard.html",
        {
            "form": form,
            "period": period,
            "period_label": period_label(period),
            "sections": coordinator_dashboard(period=period),
        },
    )


@require_GET
def performance_download(request, pk: int | None = None):
    plan = access_plan(request.user, pk) if pk is not None else None
    if plan is None:
        require_plans_reader(request.user)
    context = _performance_context(request, plan)
    content = performance_pdf(
        title=context["title"],
        period=context["period"],
        period_label=context["period_label"],
        rows=context["rows"],
    )
    response = HttpResponse(content, content_type=PDF_TYPE)
    name = f"performance-{context['period']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year(year: str) -> str:
    if year_check(year) is None:
        raise Http404
    return year


@require_GET
def annual_report_list(request):
    require_plans_reader(request.user)
    return render(request, "plans/annual_report_list.html", {"years": annual.report_years()})


@require_GET
def annual_report(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    return render(
        request,
        "plans/annual_report.html",
        {
            "report": report,
            "can_edit": can_edit_plans(request.user),
            "large_print": request.GET.get("print") == "large",
        },
    )


@require_GET
def annual_report_download(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    response = HttpResponse(annual_report_pdf(report=report), content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.pdf"'
    return response


@require_GET
def annual_report_text(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    return render(
        request,
        "plans/annual_report.txt",
        {"report": report},
        content_type="text/plain; charset=utf-8",
    )


@require_http_methods(["GET", "POST"])
def narrative_edit(request, year: str, section: str):
    require_plans_editor(request.user)
    year = _year(year)
    if section not in ReportNarrative.Section.values:
        raise Http404
    current = selectors.narratives(year).get(section, "")
    form = NarrativeForm(
        request.POST if request.method == "POST" else None, initial={"text": current}
    )
    if request.method == "POST" and form.is_valid():
        services.narrative_save(
            year=year, section=section, text=form.cleaned_data["text"], updated_by=request.user
        )
        messages.success(request, "Narrative saved")
        report_url = reverse("plans:annual_report", kwargs={"year": year})
        return redirect(f"{report_url}#section-{section}")
    return render(
        request,
        "plans/narrative_edit.html",
        {
            "form": form,
            "year": year,
            "section": section,
            "section_label": ReportNarrative.Section(section).label,
        },
    )


# --- Funding ------------------------------------------------------------------------------------


def _funding_page(request, *, grant_form=None, allocation_form=None, status=200):
    can_edit = can_edit_plans(request.user)
    return render(
        request,
        "plans/funding.html",
        {
            "grants": selectors.grant_list(),
            "allocations": selectors.allocation_list(),
            "can_edit": can_edit,
            "grant_form": grant_form or (GrantForm() if can_edit else None),
            "allocation_form": allocation_form or (AllocationForm() if can_edit else None),
        },
        status=status,
    )


@require_GET
def funding(request):
    require_plans_reader(request.user)
    return _funding_page(request)


@require_POST
def grant_add(request):
    require_plans_editor(request.user)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            grant = services.grant_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Grant {grant.name} added")
            return redirect("plans:funding")
    return _funding_page(request, grant_form=form)


@require_POST
def allocation_add(request):
    require_plans_editor(request.user)
    form = AllocationForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            allocation = services.allocation_create(
                grant=values.pop("grant"),
                indicators=values.pop("indicators"),
                allocated_by=request.user,
                **values,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"£{allocation.amount:,} allocated to {allocation.project}")
            return redirect("plans:allocation", pk=allocation.pk)
    return _funding_page(request, allocation_form=form)


def _allocation_page(request, allocation, *, spend_form=None, output_form=None):
    can_record = can_record_for_allocation(request.user, allocation)
    return render(
        request,
        "plans/allocation_detail.html",
        {
            "allocation": allocation,
            "spends": allocation.spends.select_related("entered_by"),
            "outputs": allocation.outputs.select_related("entered_by", "indicator"),
            "spent": sum(s.amount for s in allocation.spends.all()),
            "indicators": allocation.indicators.all(),
            "can_record": can_record,
            "spend_form": spend_form or (SpendForm() if can_record else None),
            "output_form": output_form
            or (OutputForm(allocation=allocation) if can_record else None),
        },
    )


@require_GET
def allocation_detail(request, pk: int):
    return _allocation_page(request, access_allocation(request.user, pk))


@require_POST
def spend_add(request, pk: int):
    allocation = access_allocation(request.user, pk, write=True)
    form = SpendForm(request.POST)
    if form.is_valid():
        try:
            services.spend_record(
                allocation=allocation, entered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Spend recorded")
            return redirect("plans:allocation", pk=pk)
    return _allocation_page(request, allocation, spend_form=form)


@require_POST
def output_add(request, pk: int):
    allocation = access_allocation(request.user, pk, write=True)
    form = OutputForm(request.POST, allocation=allocation)
    if form.is_valid():
        try:
            services.output_record(
                allocation=allocation, entered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Output recorded")
            return redirect("plans:allocation", pk=pk)
    return _allocation_page(request, allocation, output_form=form)
