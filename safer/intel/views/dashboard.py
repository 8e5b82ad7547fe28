"""The hub's dashboard of crime figures against targets, and its downloads."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safer.intel import conclusions, hotspots, selectors, storage
from safer.intel.charts import bar_chart
from safer.intel.views.common import (
    DOWNLOADS,
    NO_DATA,
    PARTNERSHIP_TARGETS,
    _analyst,
    _csv_response,
    _filters,
)
from safer.intel.views.predictions import _backtest_rows


@require_http_methods(["GET"])
@storage.reads_one_connection
def dashboard(request):
    _analyst(request)
    form, f = _filters(request)
    context = {
        "form": form,
        "no_data": not storage.stored_months(),
        "query": request.GET.urlencode(),
    }
    if f:
        area, crime_type = f["area"], f["crime_type"]
        span = dict(month_from=f["month_from"], month_to=f["month_to"])
        monthly = selectors.crime_counts(area=area, crime_type=crime_type, **span)
        rolling = selectors.rolling_12_months(area=area, crime_type=crime_type, **span)
        comparisons = _comparisons(f)
        table = selectors.counts_by_type_and_month(area=area, **span)
        outcomes = selectors.outcome_rates(area=area, crime_type=crime_type, **span)
        recorded = selectors.outcomes_recorded(area=area, **span)
        context.update(
            area=area,
            crime_type_label=selectors.crime_type_label(crime_type),
            months=monthly,
            chart=bar_chart(
                title=f"{selectors.crime_type_label(crime_type)} by month",
                items=[(selectors.month_label(m), n) for m, n in monthly.items],
            ),
            table=table,
            comparisons=comparisons,
            comparison_sentences=[conclusions.comparison_sentence(c) for c in comparisons],
            monthly_rows=[(r.month, dict(monthly.items).get(r.month, 0), r) for r in rolling],
            monthly_sentence=conclusions.monthly_sentence(monthly.items, rolling),
            types_sentence=conclusions.types_sentence(table, groups=selectors.GROUPS),
            outcomes=outcomes,
            outcomes_sentence=conclusions.outcomes_sentence(outcomes),
            outcomes_recorded=recorded,
            outcomes_given_sentence=(
                conclusions.outcomes_given_sentence(recorded) if recorded else ""
            ),
            imports=selectors.import_list(limit=5),
        )
    return render(request, "intel/dashboard.html", context)


def _comparisons(f: dict) -> list[selectors.PeriodComparison]:
    """The chosen crime type against its target, then the partnership's own targets."""
    wanted = dict([(f["crime_type"], f["target"])])
    for crime_type, target in PARTNERSHIP_TARGETS:
        wanted.setdefault(crime_type, target)
    return selectors.period_comparisons(
        area=f["area"],
        wanted=list(wanted.items()),
        month_from=f["month_from"],
        month_to=f["month_to"],
    )


@require_http_methods(["GET"])
@storage.reads_one_connection
def download(request, table: str):
    _analyst(request)
    if table not in DOWNLOADS:
        raise Http404
    if table == "backtest":
        header, rows = _backtest_rows(request)
    else:
        _, f = _filters(request)
        if f is None:
            raise Http404(NO_DATA)
        header, rows = _table_rows(table, f)
    return _csv_response(table, header, rows)


def _table_rows(table: str, f: dict) -> tuple[list[str], list[list]]:
    area, crime_type = f["area"], f["crime_type"]
    span = dict(month_from=f["month_from"], month_to=f["month_to"])
    if table == "counts":
        data = selectors.counts_by_type_and_month(area=area, **span)
        return (
            ["crime_type", "label", *data.months, "total"],
            [[slug, label, *counts, total] for slug, label, counts, total in data.rows],
        )
    if table == "rolling":
        data = selectors.rolling_12_months(area=area, crime_type=crime_type, **span)
        return (
            ["month", "crimes_in_12_months_to_month", "months_with_data"],
            [[r.month, r.count, r.months_with_data] for r in data],
        )
    if table == "comparison":
        return (
            [
                "crime_type",
                "months",
                "current",
                "previous",
                "change_pct",
                "target_pct",
                "met",
                "rag",
            ],
            [
                [
                    c.crime_type,
                    f"{c.months[0]}..{c.months[-1]}",
                    c.status.current,
                    c.status.previous,
                    None if c.status.change_pct is None else round(c.status.change_pct, 1),
                    c.status.target_pct,
                    c.status.met,
                    c.status.rag,
                ]
                for c in _comparisons(f)
            ],
        )
    if table == "outcomes":
        data = selectors.outcome_rates(area=area, crime_type=crime_type, **span)
        return (
            ["outcome", "crimes", "share_pct", "counts_as_detected"],
            [[o, n, round(s, 2), o in selectors.DETECTED_OUTCOMES] for o, n, s in data.rows],
        )
    if table == "lsoa":
        data = selectors.lsoa_rates(area=area, crime_type=crime_type, **span)
        return (
            ["lsoa_code", "lsoa_name", "crimes", "population_2011", "per_1000_residents"],
            [[r["code"], r["name"], r["count"], r["population"], r["rate"]] for r in data],
        )
    data = hotspots.repeat_locations(
        area=area, types=selectors.crime_type_types(crime_type), **span, limit=100
    )
    return (
        ["location", "lsoa_name", "longitude", "latitude", "crimes", "months"],
        [
            [r["location"], r["lsoa_name"], r["longitude"], r["latitude"], r["count"], r["months"]]
            for r in data
        ],
    )
