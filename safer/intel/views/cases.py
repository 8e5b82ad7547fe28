"""The case system's ASB reports (or an imported incident log) beside the crime data: times
of day and week, and near repeats."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safer.intel import case_measures, conclusions, selectors
from safer.intel.areas import area_resolve
from safer.intel.case_forms import AsbForm, NearRepeatForm
from safer.intel.charts import bar_chart
from safer.intel.views.common import NO_DATA, _analyst, _csv_response


def _case_page_context(request, form) -> dict:
    """What every page built on case reports starts from; no months means no reports yet."""
    return {
        "form": form,
        "query": request.GET.urlencode(),
        "no_data": not form.fields["month_from"].choices,
    }


def _asb_inputs(request) -> tuple[AsbForm, dict | None]:
    form = AsbForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, data | {"area": area_resolve(data["area"])}


@require_http_methods(["GET"])
def asb(request):
    """Case-system ASB reports (or an imported log's incidents) beside police.uk ASB, with their
    hour and weekday profiles."""
    _analyst(request)
    form, f = _asb_inputs(request)
    context = _case_page_context(request, form)
    if f:
        figures = case_measures.asb_figures(**f)
        profile = figures.profile
        noun = "incidents" if figures.mapping else "reports"
        context.update(
            area=f["area"],
            figures=figures,
            month_chart=bar_chart(
                title=f"{figures.title} by month",
                items=[(selectors.month_label(m.month), m.reports) for m in figures.months],
            ),
            police_chart=bar_chart(
                title="police.uk anti-social behaviour by month",
                items=[(selectors.month_label(m.month), m.police or 0) for m in figures.months],
            ),
            hour_chart=bar_chart(
                title=f"{figures.title} by hour of day",
                items=[(f"{h:02d}", n) for h, n in enumerate(profile.by_hour)],
            ),
            hours=[(case_measures.hour_label(h), n) for h, n in enumerate(profile.by_hour)],
            weekday_chart=bar_chart(
                title=f"{figures.title} by day of the week",
                items=list(zip(case_measures.WEEKDAY_NAMES, profile.by_weekday, strict=True)),
            ),
            weekdays=list(zip(case_measures.WEEKDAY_NAMES, profile.by_weekday, strict=True)),
            grid=list(zip(case_measures.WEEKDAY_NAMES, profile.grid, strict=True)),
            hour_numbers=[f"{h:02d}" for h in range(24)],
            months_sentence=conclusions.asb_months_sentence(figures.months, noun=noun),
            hours_sentence=conclusions.busiest_sentence(
                [case_measures.hour_label(h) for h in range(24)],
                profile.by_hour,
                what="hour",
                noun=noun,
            ),
            weekdays_sentence=conclusions.busiest_sentence(
                case_measures.WEEKDAY_NAMES, profile.by_weekday, what="day", noun=noun
            ),
            grid_sentence=conclusions.grid_sentence(
                case_measures.WEEKDAY_NAMES, profile.grid, noun=noun
            ),
        )
    return render(request, "intel/asb.html", context)


@require_http_methods(["GET"])
def asb_download(request, table: str):
    _analyst(request)
    if table not in case_measures.ASB_TABLES:
        raise Http404
    _, f = _asb_inputs(request)
    if f is None:
        raise Http404(NO_DATA)
    header, rows = case_measures.asb_table(case_measures.asb_figures(**f), table)
    return _csv_response(f"asb-{table}", header, rows)


def _near_repeat_inputs(request) -> tuple[NearRepeatForm, dict | None]:
    form = NearRepeatForm(request.GET)
    return form, (form.cleaned_data if form.is_valid() else None)


@require_http_methods(["GET"])
def near_repeats(request):
    """The Knox test on case reports or an imported log, with exact dates and coordinates."""
    _analyst(request)
    form, f = _near_repeat_inputs(request)
    context = _case_page_context(request, form) | {
        "max_events": case_measures.MAX_KNOX_EVENTS,
        "max_simulations": case_measures.MAX_SIMULATIONS,
    }
    if f:
        try:
            context["near"] = case_measures.near_repeats(**f)
            context["knox_sentence"] = conclusions.knox_sentence(context["near"])
        except ValueError as error:
            context["problem"] = str(error)
    return render(request, "intel/near_repeats.html", context)


@require_http_methods(["GET"])
def near_repeats_download(request):
    _analyst(request)
    _, f = _near_repeat_inputs(request)
    if f is None:
        raise Http404(NO_DATA)
    try:
        result = case_measures.near_repeats(**f)
    except ValueError as error:
        raise Http404(str(error)) from None
    return _csv_response("near-repeats", *result.table())
