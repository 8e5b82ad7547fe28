"""Maps: crimes (by LSOA or by the partnership's own areas) and hot spots, each with its table
and its conclusions in words. Predictions are in views/predictions.py."""

import numpy as np
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safer.intel import conclusions, hotspots, places, selectors, storage
from safer.intel.areas import area_outlines
from safer.intel.forms import CrimeMapForm, HotspotForm
from safer.intel.grid import area_events, to_wgs84
from safer.intel.views.common import GI_DISTANCE_M, KDE_BANDWIDTH_M, _analyst, _filters

FLAGGED_SHARE = 0.05  # the densest or highest-scoring 5% of the area's cells
TABLE_ROWS = 50


@require_http_methods(["GET"])
@storage.reads_one_connection
def crime_map(request):
    _analyst(request)
    form, f = _filters(request, CrimeMapForm)
    context = {
        "form": form,
        "no_data": not storage.stored_months(),
        "query": request.GET.urlencode(),
    }
    if f:
        context.update(_crime_map_context(f))
    return render(request, "intel/map.html", context)


def _crime_map_context(f: dict) -> dict:
    area, crime_type = f["area"], f["crime_type"]
    span = dict(month_from=f["month_from"], month_to=f["month_to"])
    types = selectors.crime_type_types(crime_type)
    points = hotspots.repeat_locations(area=area, types=types, **span, limit=2000)
    context = dict(area=area, crime_type_label=selectors.crime_type_label(crime_type))
    if f["shade_by"]:
        rows = places.custom_area_counts(area=area, kind=f["shade_by"], types=types, **span)
        outlines = [
            {
                "type": "Feature",
                "properties": {
                    "code": str(r["id"]),
                    "name": r["name"],
                    "value": r["per_km2"],
                    "text": f"{r['name']}: {r['count']:,} crimes, "
                    + (f"{r['per_km2']:,} per km²" if r["per_km2"] is not None else "no size"),
                },
                "geometry": r["geometry"],
            }
            for r in rows
        ]
        context.update(
            shade_kind=f["shade_by"],
            custom_rates=sorted(rows, key=lambda r: (-r["count"], r["name"])),
            sentence=conclusions.areas_sentence(rows, f["shade_by"]),
            map_data=_map_data(
                area=area,
                outlines=outlines,
                outline_title="Crimes per km²",
                points=points,
            ),
        )
        return context
    rates = selectors.lsoa_rates(area=area, crime_type=crime_type, **span)
    by_code = {r["code"]: r for r in rates}
    outlines = []
    for feature in area_outlines(area):
        p = feature["properties"]
        rate = by_code.get(p["code"], {})
        count, value = rate.get("count", 0), rate.get("rate")
        text = f"{p['name']} ({p['code']}): {count:,} crimes" + (
            f", {value} per 1,000 residents" if value is not None else ""
        )
        outlines.append(feature | {"properties": p | {"value": value, "text": text}})
    context.update(
        rates=sorted(rates, key=lambda r: -(r["rate"] or 0)),
        sentence=conclusions.lsoa_sentence(rates),
        map_data=_map_data(
            area=area,
            outlines=outlines,
            outline_title="Crimes per 1,000 residents",
            points=points,
        ),
    )
    return context


def _map_data(
    *,
    area,
    outlines: list[dict],
    outline_title: str = "",
    points=(),
    cells=None,
    cell_label: str = "",
    hot_cells=None,
) -> dict:
    """What map.js draws. Every text in it is drawn as text, never as markup."""
    return {
        "tile_url": settings.INTEL_TILE_URL,
        "tile_attribution": settings.INTEL_TILE_ATTRIBUTION,
        "outlines": {"type": "FeatureCollection", "features": outlines},
        "outline_title": outline_title,
        "points": [[p["latitude"], p["longitude"], p["count"], p["location"]] for p in points],
        "cells": cells or [],
        "cell_label": cell_label,
        "hot_cells": hot_cells or [],
        "labels": places.place_labels(area),
    }


def cell_rings(grid, cells: list[tuple[int, int]]) -> list[list[list[float]]]:
    """[[lat, lon] x 4 corners] for each (row, column) cell, for drawing on the map."""
    if not cells:
        return []
    rows = np.array([r for r, _ in cells])
    cols = np.array([c for _, c in cells])
    x0 = grid.x0 + cols * grid.cell
    y0 = grid.y0 + rows * grid.cell
    corners = [
        (x0, y0),
        (x0 + grid.cell, y0),
        (x0 + grid.cell, y0 + grid.cell),
        (x0, y0 + grid.cell),
    ]
    converted = [to_wgs84(cx, cy) for cx, cy in corners]
    return [
        [[round(float(lat[k]), 6), round(float(lon[k]), 6)] for lon, lat in converted]
        for k in range(rows.size)
    ]


def top_cells(values: np.ndarray, mask: np.ndarray, share: float = FLAGGED_SHARE) -> np.ndarray:
    """The area's cells at or above the value of its top `share` (at least one), above zero."""
    flat = values[mask]
    if not flat.size:
        return np.zeros(mask.shape, dtype=bool)
    k = max(1, round(share * flat.size))
    threshold = np.sort(flat)[::-1][k - 1]
    return mask & (values >= threshold) & (values > 0)


def _hotspot_context(f: dict) -> dict:
    """Density surface, Gi* and repeat locations, named and in words; ValueError if the area
    has no located crime."""
    area, crime_type = f["area"], f["crime_type"]
    span = dict(month_from=f["month_from"], month_to=f["month_to"])
    types = selectors.crime_type_types(crime_type)
    events = area_events(area=area, types=types, cell=f.get("cell_size"))
    chosen = (events.months >= f["month_from"]) & (events.months <= f["month_to"])
    grid = events.grid
    counts = grid.counts(events.x[chosen], events.y[chosen])
    surface = hotspots.kde_surface(grid, counts, bandwidth_m=KDE_BANDWIDTH_M)
    gi = hotspots.gi_star(grid, counts, distance_m=GI_DISTANCE_M)
    keep = top_cells(surface, grid.mask)
    dense = sorted(zip(*np.nonzero(keep), strict=True), key=lambda rc: -surface[rc])
    hot = sorted(zip(*np.nonzero(gi.hot), strict=True), key=lambda rc: -gi.z[rc])
    names = places.cell_names(
        area=area,
        grid=grid,
        cells=[(int(r), int(c)) for r, c in {*dense, *hot[:TABLE_ROWS]}],
        types=types,
        **span,
    )

    def figures(r: int, c: int) -> dict:
        return {
            "name": names.get((r, c), ""),
            "x": grid.x0 + c * grid.cell,
            "y": grid.y0 + r * grid.cell,
            "crimes": int(counts[r, c]),
            "density": round(float(surface[r, c]), 1),
            "z": round(float(gi.z[r, c]), 2),
            "hot": bool(gi.hot[r, c]),
        }

    dense_cells = [figures(int(r), int(c)) for r, c in dense]
    hot_cells = [figures(int(r), int(c)) for r, c in hot[:TABLE_ROWS]]
    total = int(counts[grid.mask].sum())
    repeats = hotspots.repeat_locations(area=area, types=types, **span)
    return dict(
        area=area,
        crime_type_label=selectors.crime_type_label(crime_type),
        bandwidth=KDE_BANDWIDTH_M,
        cell=grid.cell,
        cell_chosen=f.get("cell_size") is not None,
        flagged_cells=len(dense_cells),
        gi_distance=GI_DISTANCE_M,
        gi_hot=hot_cells,
        gi_hot_count=int(gi.hot.sum()),
        gi_cold_count=int(gi.cold.sum()),
        n_cells=grid.n_cells,
        dense_cells=dense_cells[:TABLE_ROWS],
        repeats=repeats,
        density_sentence=conclusions.density_sentence(
            flagged=len(dense_cells),
            cells=grid.n_cells,
            cell_m=grid.cell,
            held=int(counts[keep].sum()),
            total=total,
        ),
        gi_sentence=conclusions.gi_sentence(
            hot=hot_cells,
            hot_count=int(gi.hot.sum()),
            cold_count=int(gi.cold.sum()),
            q=gi.q,
        ),
        repeats_sentence=conclusions.repeats_sentence(repeats, total),
        map_data=_map_data(
            area=area,
            outlines=area_outlines(area),
            cells=[
                [ring, cell["density"], _cell_lines(cell, grid.cell)]
                for ring, cell in zip(cell_rings(grid, dense), dense_cells, strict=True)
            ],
            cell_label="crimes per km²",
            hot_cells=[
                [ring, _cell_lines(cell, grid.cell)]
                for ring, cell in zip(cell_rings(grid, hot[:TABLE_ROWS]), hot_cells, strict=True)
            ],
        ),
    )


def _cell_lines(cell: dict, size: float) -> list[str]:
    """The figures a click on a hot spot cell shows, one line each."""
    lines = [
        cell["name"],
        f"Cell of {size:.0f} m at {cell['x']:.0f}, {cell['y']:.0f} (south-west corner)",
        f"Crimes in the period: {cell['crimes']:,}",
        f"Density: {cell['density']:,} crimes per km²",
        f"Gi* z-score: {cell['z']}"
        + (" (significant hot spot)" if cell["hot"] else " (not a significant hot spot)"),
    ]
    return lines


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
    form, f = _filters(request, HotspotForm)
    return _map_page(request, form, f, _hotspot_context, "intel/hotspots.html")
