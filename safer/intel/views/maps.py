"""Maps: crimes, hot spots and predictions, each with its table and backtest."""

import numpy as np
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safer.intel import hotspots, predict, selectors, storage
from safer.intel.areas import area_outlines, area_resolve
from safer.intel.forms import PredictionForm
from safer.intel.grid import area_events, to_wgs84
from safer.intel.views.common import GI_DISTANCE_M, KDE_BANDWIDTH_M, NO_DATA, _analyst, _filters


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
