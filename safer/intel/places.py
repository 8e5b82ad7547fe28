"""Names on the map: the district's towns and villages (committed with their source, see
data/ATTRIBUTION.md), a name for any grid cell (its commonest police.uk street, else its LSOA),
and crimes counted by the partnership's own areas (wards, neighbourhoods) for the choropleth.

Maps have no tile server by default, so these names are what lets a reader tell where a hot
spot is.
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import numpy as np

from safer.intel import storage
from safer.intel.areas import (
    DATA,
    Area,
    area_outlines,
    area_scope,
    bounding_box,
    lsoas,
    points_in_polygons,
    polygons_of,
)
from safer.intel.grid import Grid, polygons_area_m2, to_bng, to_wgs84
from safer.intel.models import CustomArea

PLACES_FILE = DATA / "places.csv"
STREET_PREFIX = "On or near "
NEAR_PLACE_M = 3000  # a cell's name gains the nearest town or village within this distance
MAX_CHOROPLETH_AREAS = 300


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # town or village
    la_code: str
    longitude: float
    latitude: float


@cache
def places() -> tuple[Place, ...]:
    """Every committed town and village."""
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Place(r["name"], r["kind"], r["la_code"], float(r["longitude"]), float(r["latitude"]))
            for r in csv.DictReader(handle)
        )


def places_for(area: Area) -> list[Place]:
    """The towns and villages to label on an area's map: its local authority's (an LSOA's is
    its authority's), those within a custom area's bounds, or all of them."""
    if area.kind == "la":
        return [p for p in places() if p.la_code == area.code]
    if area.kind == "lsoa":
        la = lsoas()[area.code].la_code
        return [p for p in places() if p.la_code == la]
    if area.kind == "custom":
        rings = polygons_of(area.geometry)
        if not rings:
            return []
        lon_lo, lat_lo, lon_hi, lat_hi = bounding_box(rings)
        margin = 0.02
        return [
            p
            for p in places()
            if lon_lo - margin <= p.longitude <= lon_hi + margin
            and lat_lo - margin <= p.latitude <= lat_hi + margin
        ]
    return list(places())


def place_labels(area: Area) -> list[list]:
    """[latitude, longitude, name, kind] for the map's text labels."""
    return [[p.latitude, p.longitude, p.name, p.kind] for p in places_for(area)]


def nearest_place(x: float, y: float, candidates: list[Place]) -> str | None:
    """The nearest town or village to a BNG point, if one is within NEAR_PLACE_M."""
    if not candidates:
        return None
    px, py = to_bng([p.longitude for p in candidates], [p.latitude for p in candidates])
    distance = np.hypot(px - x, py - y)
    k = int(np.argmin(distance))
    return candidates[k].name if distance[k] <= NEAR_PLACE_M else None


def street_name(location: str) -> str:
    """police.uk's "On or near Bridge Street" as "Bridge Street"."""
    return location[len(STREET_PREFIX) :] if location.startswith(STREET_PREFIX) else location


def cell_names(
    *,
    area: Area,
    grid: Grid,
    cells: list[tuple[int, int]],
    types: tuple[str, ...],
    month_from: str,
    month_to: str,
) -> dict[tuple[int, int], str]:
    """A name for each (row, column) cell: the commonest street among its crimes of the types in
    the period (else among all its crimes), else the LSOA its centre is in, with the nearest
    town or village; "easting, northing" of its corner when nothing else is known."""
    if not cells:
        return {}
    wanted = set(cells)
    by_type: dict[tuple[int, int], Counter] = defaultdict(Counter)
    by_any: dict[tuple[int, int], Counter] = defaultdict(Counter)
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT longitude, latitude, location,
                   count(*) FILTER (crime_type IN (SELECT unnest(?::VARCHAR[]))) AS n_type,
                   count(*) AS n_all
            FROM crimes
            WHERE {scope} AND longitude IS NOT NULL AND location IS NOT NULL
              AND month >= ? AND month <= ?
            GROUP BY ALL""",  # noqa: S608 - the scope is ours, values are parameters
            [list(types), month_from, month_to],
        ).fetchall()
    if rows:
        x, y = to_bng([r[0] for r in rows], [r[1] for r in rows])
        row_of, col_of, inside = grid.cell_of(x, y)
        for k, (_, _, location, n_type, n_all) in enumerate(rows):
            key = (int(row_of[k]), int(col_of[k]))
            if inside[k] and key in wanted:
                name = street_name(location)
                if n_type:
                    by_type[key][name] += n_type
                by_any[key][name] += n_all
    nearby = places_for(area)
    centres = {
        (r, c): (grid.x0 + (c + 0.5) * grid.cell, grid.y0 + (r + 0.5) * grid.cell) for r, c in cells
    }
    streets = {
        key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        for key in cells
        if (counts := by_type.get(key) or by_any.get(key))
    }
    unnamed = [key for key in cells if key not in streets]
    in_lsoa = dict(zip(unnamed, _lsoas_at([centres[key] for key in unnamed], area), strict=True))
    names = {}
    for key in cells:
        cx, cy = centres[key]
        name = streets.get(key) or in_lsoa.get(key)
        town = nearest_place(cx, cy, nearby)
        if name and town and town != name:
            name = f"{name}, {town}"
        r, c = key
        corner = f"cell at {grid.x0 + c * grid.cell:.0f}, {grid.y0 + r * grid.cell:.0f}"
        names[key] = name or town or corner
    return names


def _lsoas_at(points: list[tuple[float, float]], area: Area) -> list[str | None]:
    """The name of the LSOA outline each BNG point lies in (None outside them all): each
    outline is tested once against every point."""
    found: list[str | None] = [None] * len(points)
    if not points or area.kind == "custom":
        return found
    lon, lat = to_wgs84(np.array([x for x, _ in points]), np.array([y for _, y in points]))
    for feature in area_outlines(area):
        inside = points_in_polygons(lon, lat, polygons_of(feature["geometry"]))
        for k in np.flatnonzero(inside):
            found[k] = found[k] or feature["properties"]["name"]
    return found


# Crimes by the partnership's own areas, for the choropleth


def area_kinds() -> list[str]:
    """The kinds of custom area uploaded (ward, neighbourhood ...), for the map's choice."""
    return sorted({k for k in CustomArea.objects.values_list("kind", flat=True) if k})


def custom_area_counts(
    *, area: Area, kind: str, types: tuple[str, ...], month_from: str, month_to: str
) -> list[dict]:
    """Crimes of the types in the area and period falling in each custom area of a kind (a
    ward, a neighbourhood), with its size and crimes per km²; only areas the crimes or the
    area's outlines reach are listed."""
    customs = list(
        CustomArea.objects.filter(kind=kind).order_by("name", "pk")[:MAX_CHOROPLETH_AREAS]
    )
    if not customs:
        return []
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT longitude, latitude, count(*) FROM crimes
            WHERE {scope} AND longitude IS NOT NULL AND month >= ? AND month <= ?
              AND crime_type IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY ALL""",  # noqa: S608
            [month_from, month_to, list(types)],
        ).fetchall()
    lon = np.array([r[0] for r in rows], dtype=float)
    lat = np.array([r[1] for r in rows], dtype=float)
    n = np.array([r[2] for r in rows], dtype=float)
    reach = _bounds(area, lon, lat)
    found = []
    for custom in customs:
        polygons = polygons_of(custom.geometry)
        if not polygons or not _overlaps(bounding_box(polygons), reach):
            continue
        inside = points_in_polygons(lon, lat, polygons) if lon.size else np.zeros(0, dtype=bool)
        bng = [[np.column_stack(to_bng(r[:, 0], r[:, 1])) for r in p] for p in polygons]
        km2 = polygons_area_m2(bng) / 1e6
        count = int(n[inside].sum())
        found.append(
            {
                "id": custom.pk,
                "name": custom.name,
                "count": count,
                "km2": round(km2, 2),
                "per_km2": round(count / km2, 1) if km2 > 0 else None,
                "geometry": custom.geometry,
            }
        )
    return found


def _bounds(
    area: Area, lon: np.ndarray, lat: np.ndarray
) -> tuple[float, float, float, float] | None:
    boxes = []
    if lon.size:
        boxes.append((lon.min(), lat.min(), lon.max(), lat.max()))
    outlines = [p for f in area_outlines(area) for p in polygons_of(f["geometry"])]
    if outlines:
        boxes.append(bounding_box(outlines))
    if not boxes:
        return None
    box = np.array(boxes)
    return (box[:, 0].min(), box[:, 1].min(), box[:, 2].max(), box[:, 3].max())


def _overlaps(a, b) -> bool:
    if b is None:
        return False
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])
