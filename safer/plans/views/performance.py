"""Indicators, the quarterly performance report and the co-ordinator's dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.core.tagged_pdf import PDF_TYPE
from safer.plans import selectors, services
from safer.plans.access import (
    access_indicator,
    access_plan,
    can_edit_plans,
    can_enter_value,
    require_dashboard_reader,
    require_plans_editor,
    require_plans_reader,
)
from safer.plans.charts import trend_chart
from safer.plans.dashboard import coordinator_dashboard
from safer.plans.forms import (
    IndicatorSettingsForm,
    IndicatorValueForm,
    PeriodForm,
)
from safer.plans.models import ActionPlan
from safer.plans.pdf import performance_pdf
from safer.plans.periods import period_label, period_of

BAD_EXPORT_FORMAT = "Choose csv or xlsx"
IMPORTED = "Imported {plans} plans with {tasks} tasks"


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
