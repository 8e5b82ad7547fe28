"""Figures for the public crime map, the crime statistics and the community screen.

Two sources, kept apart:
- **police.uk crimes** from the intel crime store: already public (anonymised street points,
  month-level dates), so they are counted exactly, by the district (`INTEL_DEFAULT_AREA`'s
  LSOAs) and by each published neighbourhood (the points inside its boundary);
- **reports to the partnership** from the case system, through `cases.selectors.aggregates`
  (bare times and points, never a reference, name, address or description): only ever counted
  here, by neighbourhood, month and type, and published through `suppression.suppress`, so a
  count under `OPENDATA_MINIMUM_COUNT` is shown as "fewer than 5" and no total gives it away.
  A report's point is used only to find its neighbourhood and is never returned.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safer.cases.models import Report
from safer.cases.selectors import aggregates as case_aggregates
from safer.intel import areas, storage
from safer.neighbourhoods import geometry
from safer.neighbourhoods.selectors import neighbourhoods_published
from safer.opendata.suppression import SuppressedTable, suppress

DISTRICT = "district"
ELSEWHERE = "elsewhere"

# police.uk's categories, in the words the public pages use (translated).
CRIME_LABELS = {
    "anti-social-behaviour": _("Anti-social behaviour"),
    "bicycle-theft": _("Bicycle theft"),
    "burglary": _("Burglary"),
    "criminal-damage-arson": _("Criminal damage and arson"),
    "drugs": _("Drugs"),
    "other-crime": _("Other crime"),
    "other-theft": _("Other theft"),
    "possession-of-weapons": _("Possession of weapons"),
    "public-order": _("Public order"),
    "robbery": _("Robbery"),
    "shoplifting": _("Shoplifting"),
    "theft-from-the-person": _("Theft from the person"),
    "vehicle-crime": _("Vehicle crime"),
    "violent-crime": _("Violence and sexual offences"),
}

# The case system's report types, as the public pages name them (translated).
REPORT_LABELS = {
    Report.Type.NOISE: _("Noise"),
    Report.Type.NEIGHBOUR_DISPUTE: _("Neighbour dispute"),
    Report.Type.ROWDY_BEHAVIOUR: _("Rowdy or inconsiderate behaviour"),
    Report.Type.DRUGS: _("Drug dealing or use"),
    Report.Type.VEHICLE_NUISANCE: _("Vehicle nuisance"),
    Report.Type.INTIMIDATION: _("Intimidation or harassment"),
    Report.Type.HATE_MOTIVATED: _("Hate-motivated"),
    Report.Type.LITTERING: _("Littering or fly-tipping"),
    Report.Type.WASTE_ACCUMULATION: _("Accumulation of waste"),
    Report.Type.GRAFFITI: _("Graffiti"),
    Report.Type.ANIMAL_NUISANCE: _("Animal nuisance"),
    Report.Type.OTHER: _("Other"),
}


@dataclass(frozen=True)
class Place:
    """The district or one published neighbourhood, as the public pages list them."""

    key: str  # DISTRICT or the neighbourhood's slug
    name: str
    boundary: list = field(default_factory=list, repr=False)  # [[[lat, lng], ...]] polygons
    centre: tuple[float, float] | None = None


def district_name() -> str:
    return areas.area_resolve(settings.INTEL_DEFAULT_AREA).name


@lru_cache(maxsize=4)
def _district_boundary(area_code: str) -> tuple:
    area = areas.area_resolve(area_code)
    try:
        return tuple(geometry.boundary_from_lsoas(list(area.lsoa_codes)))
    except geometry.GeometryError:
        return ()


def district() -> Place:
    boundary = list(_district_boundary(settings.INTEL_DEFAULT_AREA))
    return Place(
        key=DISTRICT,
        name=district_name(),
        boundary=boundary,
        centre=geometry.centre(boundary) if boundary else None,
    )


def neighbourhood_places() -> list[Place]:
    """Published neighbourhoods with a boundary, by name."""
    return [
        Place(
            key=n.slug,
            name=n.name,
            boundary=n.boundary,
            centre=(n.centre_latitude, n.centre_longitude)
            if n.centre_latitude is not None
            else geometry.centre(n.boundary),
        )
        for n in neighbourhoods_published().only(
            "slug", "name", "boundary", "centre_latitude", "centre_longitude"
        )
        if n.boundary
    ]


def _inside(place: Place, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    polygons = [
        [np.asarray(ring, dtype=float)[:, ::-1] for ring in polygon]
        for polygon in place.boundary
        if polygon
    ]
    if not polygons or not len(lat):
        return np.zeros(len(lat), dtype=bool)
    return areas.points_in_polygons(lng, lat, polygons)


def _assign(places: list[Place], lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Index into `places` of the place holding each point, -1 for none (first place wins)."""
    found = np.full(len(lat), -1, dtype=int)
    for index, place in enumerate(places):
        inside = _inside(place, lat, lng) & (found < 0)
        found[inside] = index
    return found


# --- police.uk crimes ------------------------------------------------------------------------


def crime_months() -> list[str]:
    """Months the store holds, newest first."""
    return list(reversed(storage.stored_months()))


@dataclass
class CrimeMonth:
    """One month of the district's police.uk crimes: counts by place and category, and the
    anonymised street points with their counts by category."""

    month: str
    by_place: dict[str, dict[str, int]]  # place key -> category -> count
    points: list[dict]  # {"lat", "lng", "street", "counts": {category: n}}

    def place_total(self, key: str, category: str = "") -> int:
        counts = self.by_place.get(key, {})
        return counts.get(category, 0) if category else sum(counts.values())


def crime_month(month: str) -> CrimeMonth:
    """The district's crimes of the month from the store (one grouped query)."""
    area = areas.area_resolve(settings.INTEL_DEFAULT_AREA)
    with storage.crimes_connection() as connection:
        scope = areas.area_scope(connection, area)
        rows = connection.execute(
            f"""SELECT latitude, longitude, any_value(location), crime_type, count(*)
            FROM crimes WHERE {scope} AND month = ?
            GROUP BY latitude, longitude, crime_type""",  # noqa: S608 - scope is ours
            [month],
        ).fetchall()
    places = neighbourhood_places()
    by_place: dict[str, dict[str, int]] = {DISTRICT: {}}
    for place in places:
        by_place[place.key] = {}
    located = [r for r in rows if r[0] is not None and r[1] is not None]
    lat = np.array([r[0] for r in located], dtype=float)
    lng = np.array([r[1] for r in located], dtype=float)
    owner = _assign(places, lat, lng)
    points: dict[tuple, dict] = {}
    for row in rows:
        by_place[DISTRICT][row[3]] = by_place[DISTRICT].get(row[3], 0) + row[4]
    for index, (p_lat, p_lng, street, category, count) in enumerate(located):
        if owner[index] >= 0:
            counts = by_place[places[owner[index]].key]
            counts[category] = counts.get(category, 0) + count
        point = points.setdefault(
            (p_lat, p_lng),
            {"lat": round(p_lat, 6), "lng": round(p_lng, 6), "street": street, "counts": {}},
        )
        point["counts"][category] = point["counts"].get(category, 0) + count
    return CrimeMonth(
        month=month,
        by_place=by_place,
        points=sorted(points.values(), key=lambda p: (p["street"] or "", p["lat"], p["lng"])),
    )


def crime_trend(key: str, months: list[str]) -> dict[str, dict[str, int]]:
    """{month: {category: count}} for a place over the months given."""
    return {month: crime_month(month).by_place.get(key, {}) for month in months}


# --- Reports to the partnership (suppressed aggregates) --------------------------------------


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    year, number = int(month[:4]), int(month[5:7])
    start = timezone.make_aware(datetime(year, number, 1))
    end = timezone.make_aware(
        datetime(year + 1, 1, 1) if number == 12 else datetime(year, number + 1, 1)
    )
    return start, end


def report_table(month: str) -> SuppressedTable:
    """Reports to the partnership that occurred in the month, by neighbourhood (rows: each
    published neighbourhood, then everywhere else including reports with no point) and type
    (columns), with small counts suppressed. The only way report counts reach a public page."""
    places = neighbourhood_places()
    start, end = _month_bounds(month)
    keys = [p.key for p in places] + [ELSEWHERE]
    counts = [[0] * len(REPORT_LABELS) for _ in keys]
    for column, report_type in enumerate(REPORT_LABELS):
        points = case_aggregates.report_points_with_dates(start=start, end=end, type=report_type)
        owner = _assign(
            places,
            np.asarray(points.latitude, dtype=float),
            np.asarray(points.longitude, dtype=float),
        )
        for index in owner:
            counts[index if index >= 0 else len(places)][column] += 1
        counts[len(places)][column] += points.without_coordinates
    return suppress(
        row_keys=keys,
        column_keys=[str(t) for t in REPORT_LABELS],
        counts=counts,
        minimum=settings.OPENDATA_MINIMUM_COUNT,
    )


def report_months(limit: int = 12) -> list[str]:
    """The months reports can be shown for: the last `limit` full months (this month is not
    over), newest first."""
    today = timezone.localdate()
    year, month = today.year, today.month
    found = []
    for _step in range(limit):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        found.append(f"{year:04d}-{month:02d}")
    return found
