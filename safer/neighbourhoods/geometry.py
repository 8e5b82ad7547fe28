"""Neighbourhood outlines: reading an uploaded GeoJSON file, building one from LSOAs, the point
in polygon test, the centre, and the single list of points police.uk's boundary call gives.

A boundary is stored as the model says: a list of polygons, each a list of rings, each ring a
list of [latitude, longitude] pairs, the first ring the outside and any others holes. GeoJSON
(and the LSOA outlines) give [longitude, latitude]; everything here turns them round once, on
the way in.
"""

import itertools
import json
import math

import numpy as np

from safer.intel import areas

MAX_POINTS = 100_000  # a neighbourhood is a few thousand points at most; this is far above
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """The outline cannot be used; the message says what is wrong and where."""


# --- Reading GeoJSON ---------------------------------------------------------------------


def boundary_from_geojson(raw: bytes) -> list:
    """A boundary from the bytes of a GeoJSON Polygon, MultiPolygon, Feature or
    FeatureCollection (of Polygon and MultiPolygon features)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise GeometryError("The file is not text in UTF-8, so it cannot be GeoJSON") from error
    except json.JSONDecodeError as error:
        raise GeometryError(
            f"The file is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from error
    return boundary_from_object(data)


def boundary_from_object(data) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise GeometryError('The file is not GeoJSON: it needs a "type" at the top level')
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise GeometryError("The FeatureCollection has no features")
        polygons = []
        for number, feature in enumerate(features, start=1):
            polygons.extend(_feature(feature, f"feature {number}: "))
    elif kind == "Feature":
        polygons = _feature(data, "")
    elif kind in GEOMETRY_TYPES:
        polygons = _geometry(data, "")
    else:
        raise GeometryError(
            f"The file holds a {kind[:40]}; use a Polygon, MultiPolygon, Feature or "
            "FeatureCollection"
        )
    if sum(len(ring) for polygon in polygons for ring in polygon) > MAX_POINTS:
        raise GeometryError(f"The outline has more than {MAX_POINTS:,} points; simplify it first")
    return polygons


def _feature(feature, where: str) -> list:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _error(f"{where}this is not a Feature object")
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise _error(f"{where}the feature has no geometry")
    return _geometry(geometry, where)


def _geometry(geometry: dict, where: str) -> list:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in GEOMETRY_TYPES:
        raise _error(f"{where}the geometry is a {str(kind)[:40]}, not a Polygon or MultiPolygon")
    if not isinstance(coordinates, list) or not coordinates:
        raise _error(f"{where}the {kind} has no coordinates")
    if kind == "Polygon":
        return [_polygon(coordinates, f"{where}polygon 1")]
    return [
        _polygon(polygon, f"{where}polygon {number}")
        for number, polygon in enumerate(coordinates, start=1)
    ]


def _polygon(rings, where: str) -> list:
    if not isinstance(rings, list) or not rings:
        raise _error(f"{where} has no rings")
    return [_ring(ring, f"ring {number} of {where}") for number, ring in enumerate(rings, start=1)]


def _ring(ring, where: str) -> list:
    if not isinstance(ring, list):
        raise _error(f"{where} is not a list of points")
    points = []
    for number, position in enumerate(ring, start=1):
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(_is_number(v) for v in position[:2])
        ):
            raise _error(
                f"point {number} of {where} is not a [longitude, latitude] pair of numbers"
            )
        lng, lat = float(position[0]), float(position[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise _error(
                f"point {number} of {where} is outside the world ({position[0]}, {position[1]}): "
                "GeoJSON gives longitude first, in degrees (WGS 84)"
            )
        points.append([lat, lng])
    if len(points) < 4:
        raise _error(
            f"{where} has {len(points)} points; a ring needs at least 4 (the last the same as the "
            "first)"
        )
    if points[0] != points[-1]:
        raise _error(f"{where} is not closed: its last point must be the same as its first")
    return points


def _error(message: str) -> GeometryError:
    """An error whose message starts with a capital, however the place in it was named."""
    return GeometryError(message[:1].upper() + message[1:])


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- From LSOAs --------------------------------------------------------------------------


def boundary_from_lsoas(codes: list[str]) -> list:
    """The outline of a set of LSOAs from the outlines held (the committed Cherwell set and any
    loaded into the intel store), dissolved into one outline where they share edges. Unknown
    codes are an error naming them."""
    known = areas.outlines()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise GeometryError(
            "No outline is held for "
            + ", ".join(unknown[:20])
            + (" and more" if unknown[20:] else "")
        )
    polygons = []
    for code in codes:
        polygons.extend(boundary_from_object(known[code]["geometry"]))
    return dissolve(polygons)


def dissolve(polygons: list) -> list:
    """Polygons that share edges merged into one: edges that two polygons share (the same two
    points, opposite ways round) cancel, and what is left is joined up into rings again.

    Adjacent ONS outlines share their vertices exactly, so this is enough to join them; where
    they do not, the polygons stay as they are (still a correct outline, drawn in parts)."""
    edges: dict[tuple, int] = {}
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            points = [tuple(p) for p in ring[:-1]]
            # Outside rings anticlockwise, holes clockwise, so a shared edge runs both ways.
            if (_signed_area(points) > 0) != (index == 0):
                points.reverse()
            for a, b in zip(points, points[1:] + points[:1], strict=True):
                if a == b:
                    continue
                if (b, a) in edges:
                    edges[(b, a)] -= 1
                    if not edges[(b, a)]:
                        del edges[(b, a)]
                else:
                    edges[(a, b)] = edges.get((a, b), 0) + 1
    onwards: dict[tuple, list] = {}
    for (a, b), count in edges.items():
        onwards.setdefault(a, []).extend([b] * count)
    rings = []
    while onwards:
        start = next(iter(onwards))
        ring = [start]
        point = start
        while True:
            following = onwards[point]
            nxt = following.pop()
            if not following:
                del onwards[point]
            if nxt == start:
                break
            if nxt not in onwards:  # an open chain: the outlines do not meet cleanly
                return polygons
            ring.append(nxt)
            point = nxt
        if len(ring) >= 3:
            rings.append(ring)
    outers = [r for r in rings if _signed_area(r) > 0]
    holes = [r for r in rings if _signed_area(r) <= 0]
    merged = [[outer] for outer in sorted(outers, key=lambda r: -abs(_signed_area(r)))]
    for hole in holes:
        for polygon in sorted(merged, key=lambda p: abs(_signed_area(p[0]))):
            if _ring_contains(polygon[0], hole[0]):
                polygon.append(hole)
                break
    return [[[list(p) for p in ring + ring[:1]] for ring in polygon] for polygon in merged]


def _signed_area(points: list) -> float:
    """Shoelace area in degrees²; positive when anticlockwise on a map (points are lat, lng)."""
    total = 0.0
    for (lat1, lng1), (lat2, lng2) in zip(points, points[1:] + points[:1], strict=True):
        total += lng1 * lat2 - lng2 * lat1
    return total / 2


def _ring_contains(ring: list, point) -> bool:
    inside = areas.points_in_polygons(
        np.array([point[1]]), np.array([point[0]]), [[_lng_lat(ring)]]
    )
    return bool(inside[0])


# --- Questions about a boundary ----------------------------------------------------------


def _lng_lat(ring: list) -> np.ndarray:
    return np.asarray(ring, dtype=float)[:, ::-1]


def contains(boundary: list, lat: float, lng: float) -> bool:
    """Whether the point is inside the boundary (on a hole, it is not)."""
    polygons = [[_lng_lat(ring) for ring in polygon] for polygon in boundary if polygon]
    if not polygons:
        return False
    return bool(areas.points_in_polygons(np.array([lng]), np.array([lat]), polygons)[0])


def centre(boundary: list) -> tuple[float, float] | None:
    """(lat, lng) of the boundary's centroid, weighting each polygon by its area less its
    holes; for a shape whose centroid falls outside it (a crescent), the middle of its largest
    polygon's widest east-west crossing at that latitude, so the pin is always inside."""
    total = lat_sum = lng_sum = 0.0
    for polygon in boundary:
        for index, ring in enumerate(polygon):
            area, lat, lng = _ring_centroid(ring[:-1])
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            lat_sum += weight * lat
            lng_sum += weight * lng
    if not total:
        return None
    lat, lng = lat_sum / total, lng_sum / total
    if contains(boundary, lat, lng):
        return round(lat, 6), round(lng, 6)
    largest = max(boundary, key=lambda p: abs(_signed_area(p[0][:-1])))
    crossings = sorted(
        lng1 + (lat - lat1) * (lng2 - lng1) / (lat2 - lat1)
        for ring in largest
        for (lat1, lng1), (lat2, lng2) in itertools.pairwise(ring)
        if (lat1 > lat) != (lat2 > lat)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return round(lat, 6), round(lng, 6)
    west, east = max(spans, key=lambda s: s[1] - s[0])
    return round(lat, 6), round((west + east) / 2, 6)


def _ring_centroid(points: list) -> tuple[float, float, float]:
    area = lat_c = lng_c = 0.0
    for (lat1, lng1), (lat2, lng2) in zip(points, points[1:] + points[:1], strict=True):
        cross = lng1 * lat2 - lng2 * lat1
        area += cross
        lng_c += (lng1 + lng2) * cross
        lat_c += (lat1 + lat2) * cross
    area /= 2
    if not area:
        lats = [p[0] for p in points]
        lngs = [p[1] for p in points]
        return 0.0, sum(lats) / len(lats), sum(lngs) / len(lngs)
    return area, lat_c / (6 * area), lng_c / (6 * area)


def outline_points(boundary: list) -> list[tuple[float, float]]:
    """The outside of every polygon, one after another, as police.uk's boundary call lists a
    neighbourhood's outline (one list of points; it has no notion of holes or parts)."""
    return [tuple(point) for polygon in boundary if polygon for point in polygon[0]]


def as_geojson(boundary: list) -> dict:
    """The boundary as a GeoJSON MultiPolygon ([longitude, latitude]), for maps."""
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [[[lng, lat] for lat, lng in ring] for ring in polygon] for polygon in boundary
        ],
    }


def point_count(boundary: list) -> int:
    return sum(len(ring) for polygon in boundary for ring in polygon)
