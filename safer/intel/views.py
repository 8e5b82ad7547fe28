"""Intelligence hub pages: thin views over the selectors, hotspot and prediction modules.

Every page needs the analytics capability (analysts and co-ordinators). Each chart comes with
its table and a CSV download of the same figures.
"""

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safer.core import csv_export
from safer.intel import case_measures, hotspots, predict, selectors, storage
from safer.intel.areas import area_outlines, area_resolve
from safer.intel.case_forms import AsbForm, NearRepeatForm
from safer.intel.charts import bar_chart
from safer.intel.forms import CrimeUploadForm, CustomAreaForm, MeasuresForm, PredictionForm
from safer.intel.grid import area_events, to_wgs84
from safer.intel.models import CustomArea
from safer.intel.services import crime_upload_import, custom_area_create
from safer.partners.access import require_capability
from safer.partners.roles import Capability

# Targets from seed 000: serious acquisitive crime -5%, violence against the person -12%.
PARTNERSHIP_TARGETS = (
    (selectors.ALL_CRIME, None),
    (selectors.SERIOUS_ACQUISITIVE, -5.0),
    ("violent-crime", -12.0),
    ("anti-social-behaviour", None),
)
KDE_BANDWIDTH_M = 300.0
GI_DISTANCE_M = 400.0
DOWNLOADS = ("counts", "rolling", "comparison", "outcomes", "lsoa", "repeats", "backtest")
NO_DATA = "No crime data have been imported yet."


def _analyst(request) -> None:
    require_capability(request.user, Capability.VIEW_ANALYTICS)


def _filters(request) -> tuple[MeasuresForm, dict | None]:
    form = MeasuresForm(request.GET)
    if not storage.stored_months() or not form.is_valid():
        return form, None
    data = form.cleaned_data
    target = data.get("target")
    return form, {
        "area": area_resolve(data["area"]),
        "crime_type": data["crime_type"],
        "month_from": data["month_from"],
        "month_to": data["month_to"],
        "target": float(target) if target is not None else None,
    }


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
        context.update(
            area=area,
            crime_type_label=selectors.crime_type_label(crime_type),
            months=monthly,
            chart=bar_chart(
                title=f"{selectors.crime_type_label(crime_type)} by month",
                items=[(selectors.month_label(m), n) for m, n in monthly.items],
            ),
            table=selectors.counts_by_type_and_month(area=area, **span),
            comparisons=_comparisons(f),
            monthly_rows=[
                (r.month, dict(monthly.items).get(r.month, 0), r)
                for r in selectors.rolling_12_months(area=area, crime_type=crime_type, **span)
            ],
            outcomes=selectors.outcome_rates(area=area, crime_type=crime_type, **span),
            outcomes_recorded=selectors.outcomes_recorded(area=area, **span),
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


@require_http_methods(["GET"])
@storage.reads_one_connection
def crime_map(request):
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
        rates = selectors.lsoa_rates(area=area, crime_type=crime_type, **span)
        by_code = {r["code"]: r for r in rates}
        outlines = []
        for feature in area_outlines(area):
            rate = by_code.get(feature["properties"]["code"], {})
            outlines.append(
                feature
                | {
                    "properties": feature["properties"]
                    | {"count": rate.get("count", 0), "rate": rate.get("rate")}
                }
            )
        points = hotspots.repeat_locations(
            area=area, types=selectors.crime_type_types(crime_type), **span, limit=2000
        )
        context.update(
            area=area,
            crime_type_label=selectors.crime_type_label(crime_type),
            rates=sorted(rates, key=lambda r: -(r["rate"] or 0)),
            map_data=_map_data(outlines=outlines, points=points),
        )
    return render(request, "intel/map.html", context)


def _map_data(*, outlines: list[dict], points=(), cells=None, cell_label: str = "") -> dict:
    return {
        "tile_url": settings.INTEL_TILE_URL,
        "tile_attribution": settings.INTEL_TILE_ATTRIBUTION,
        "outlines": {"type": "FeatureCollection", "features": outlines},
        "points": [[p["latitude"], p["longitude"], p["count"], p["location"]] for p in points],
        "cells": cells or [],
        "cell_label": cell_label,
    }


def _cell_polygons(grid, values: np.ndarray, keep: np.ndarray) -> list[list]:
    """[[lat, lon] x 4 corners, value] for the kept cells, for drawing on the map."""
    rows, cols = np.nonzero(keep)
    x0 = grid.x0 + cols * grid.cell
    y0 = grid.y0 + rows * grid.cell
    corners = [
        (x0, y0),
        (x0 + grid.cell, y0),
        (x0 + grid.cell, y0 + grid.cell),
        (x0, y0 + grid.cell),
    ]
    converted = [to_wgs84(cx, cy) for cx, cy in corners]
    out = []
    for k in range(rows.size):
        ring = [[round(float(lat[k]), 6), round(float(lon[k]), 6)] for lon, lat in converted]
        out.append([ring, round(float(values[rows[k], cols[k]]), 4)])
    return out


def _hotspot_context(f: dict) -> dict:
    """Density surface, Gi* and repeat locations; ValueError if the area has no located crime."""
    area, crime_type = f["area"], f["crime_type"]
    span = dict(month_from=f["month_from"], month_to=f["month_to"])
    events = area_events(area=area, types=selectors.crime_type_types(crime_type))
    chosen = (events.months >= f["month_from"]) & (events.months <= f["month_to"])
    grid = events.grid
    counts = grid.counts(events.x[chosen], events.y[chosen])
    surface = hotspots.kde_surface(grid, counts, bandwidth_m=KDE_BANDWIDTH_M)
    gi = hotspots.gi_star(grid, counts, distance_m=GI_DISTANCE_M)
    top = surface >= np.quantile(surface[grid.mask], 0.95) if grid.n_cells else surface > 0
    keep = grid.mask & (top & (surface > 0))
    hot_cells = [
        {
            "x": grid.x0 + c * grid.cell,
            "y": grid.y0 + r * grid.cell,
            "z": round(float(gi.z[r, c]), 2),
            "crimes": int(counts[r, c]),
        }
        for r, c in zip(*np.nonzero(gi.hot), strict=True)
    ]
    return dict(
        area=area,
        crime_type_label=selectors.crime_type_label(crime_type),
        bandwidth=KDE_BANDWIDTH_M,
        cell=grid.cell,
        gi_distance=GI_DISTANCE_M,
        gi_hot=sorted(hot_cells, key=lambda c: -c["z"])[:50],
        gi_hot_count=int(gi.hot.sum()),
        gi_cold_count=int(gi.cold.sum()),
        n_cells=grid.n_cells,
        repeats=hotspots.repeat_locations(
            area=area, types=selectors.crime_type_types(crime_type), **span
        ),
        map_data=_map_data(
            outlines=area_outlines(area),
            cells=_cell_polygons(grid, surface, keep),
            cell_label="crimes per km²",
        ),
    )


def _map_page(request, form, inputs, build, template: str):
    """A map page: the filter form, then the map built from valid inputs or the problem found."""
    context = {
        "form": form,
        "no_data": not storage.stored_months(),
        "query": request.GET.urlencode(),
    }
    if inputs:
        try:
            context.update(build(inputs))
        except ValueError as error:
            context["problem"] = str(error)
    return render(request, template, context)


@require_http_methods(["GET"])
@storage.reads_one_connection
def hotspot_map(request):
    _analyst(request)
    form, f = _filters(request)
    return _map_page(request, form, f, _hotspot_context, "intel/hotspots.html")


def _prediction_inputs(request):
    form = PredictionForm(request.GET)
    if not storage.stored_months() or not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, {
        "area": area_resolve(data["area"]),
        "crime_type": data["crime_type"],
        "month": data["month"],
        "method": None if data["method"] == "best" else data["method"],
    }


def _prediction_context(p: dict) -> dict:
    """The chosen method's top cells and the backtest; ValueError if the area has no crime."""
    result = predict.prediction_for(
        area=p["area"], crime_type=p["crime_type"], month=p["month"], method=p["method"]
    )
    grid = result.grid
    scores = result.scores
    flat = scores[grid.mask]
    k = max(1, round(0.05 * flat.size))
    threshold = np.sort(flat)[::-1][k - 1] if flat.size else 0
    keep = grid.mask & (scores >= threshold) & (scores > 0)
    chosen = next((r for r in result.backtest if r.method == result.method), None)
    return dict(
        area=p["area"],
        crime_type_label=selectors.crime_type_label(p["crime_type"]),
        result=result,
        method_label=predict.METHOD_LABELS[result.method],
        chosen=chosen,
        backtest=result.backtest,
        fractions=predict.FRACTIONS,
        cells_shown=int(keep.sum()),
        map_data=_map_data(
            outlines=area_outlines(p["area"]),
            cells=_cell_polygons(grid, scores, keep),
            cell_label="score",
        ),
    )


@require_http_methods(["GET"])
@storage.reads_one_connection
def prediction_map(request):
    _analyst(request)
    form, p = _prediction_inputs(request)
    return _map_page(request, form, p, _prediction_context, "intel/predictions.html")


def _backtest_rows(request) -> tuple[list[str], list[list]]:
    _, p = _prediction_inputs(request)
    if p is None:
        raise Http404(NO_DATA)
    try:
        result = predict.prediction_for(
            area=p["area"], crime_type=p["crime_type"], month=p["month"], method=p["method"]
        )
    except ValueError as error:
        raise Http404(str(error)) from None
    header = [
        "method",
        "months",
        *(f"hit_rate_{f:.0%}" for f in predict.FRACTIONS),
        *(f"pai_{f:.0%}" for f in predict.FRACTIONS),
    ]
    rows = [
        [
            r.method,
            r.months,
            *(round(r.hit_rate[f], 4) for f in predict.FRACTIONS),
            *(round(r.pai[f], 3) for f in predict.FRACTIONS),
        ]
        for r in result.backtest
    ]
    return header, rows


@require_http_methods(["GET"])
def imports(request):
    _analyst(request)
    return _imports_page(request, CrimeUploadForm())


def _imports_page(request, form, *, status: int = 200):
    context = {
        "form": form,
        "imports": selectors.import_list(),
        "max_mb": settings.INTEL_UPLOAD_MAX_MB,
    }
    return render(request, "intel/imports.html", context, status=status)


@require_POST
def import_upload(request):
    _analyst(request)
    form = CrimeUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _imports_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        summary = crime_upload_import(upload=upload, imported_by=request.user)
    except ValidationError as error:
        form.add_error("file", error)
        return _imports_page(request, form, status=400)
    stored, rejected = summary.total("rows_stored"), len(summary.rejected_files)
    if rejected:
        messages.error(request, f"{rejected} file(s) rejected: nothing was stored from them")
    else:
        messages.success(
            request,
            f"{upload.name}: read {summary.total('rows_read')}, stored {stored}, "
            f"duplicated {summary.total('rows_duplicated')}",
        )
    return redirect("intel:imports")


def _areas_page(request, form: CustomAreaForm, *, status: int = 200):
    return render(
        request,
        "intel/areas.html",
        {"form": form, "areas": CustomArea.objects.select_related("created_by")},
        status=status,
    )


@require_http_methods(["GET"])
def areas(request):
    _analyst(request)
    return _areas_page(request, CustomAreaForm())


@require_POST
def area_create(request):
    _analyst(request)
    form = CustomAreaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _areas_page(request, form, status=400)
    area = custom_area_create(
        name=form.cleaned_data["name"],
        kind=form.cleaned_data["kind"],
        geometry=form.cleaned_data["geometry"],
        created_by=request.user,
    )
    messages.success(request, f"Area {area.name} added: choose it as the area on any page")
    return redirect("intel:areas")


def _csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intel-{name}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


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
