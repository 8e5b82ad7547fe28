"""Areas: 2011 LSOAs of England and Wales with their local authority, police force and
population (the committed compact ONS lookup), LSOA outlines for maps, and custom areas drawn by
the partnership.

An `area` parameter is a local-authority code (E07000177), an LSOA code (E01028479) or a custom
area's id; empty means everything stored.
"""

import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import numpy as np
from django.conf import settings
from django.http import Http404

from safer.intel.models import CustomArea

DATA = Path(__file__).resolve().parent / "data"
LOOKUP_FILE = DATA / "lsoa-lookup.csv.gz"
AUTHORITIES_FILE = DATA / "local-authorities.csv"
COMMITTED_OUTLINES = DATA / "cherwell-lsoa-2011.geojson"
OUTLINES_FOLDER = "outlines"

UNKNOWN_AREA = "Unknown area: use a local authority code, an LSOA code or a custom area's id"
LSOA_CODE = re.compile(r"[EW]0\d{7}")


@dataclass(frozen=True)
class Lsoa:
    code: str
    name: str
    la_code: str
    population: int | None


@dataclass(frozen=True)
class Area:
    """A resolved area: which LSOAs (or which polygon) it covers, and who lives there."""

    kind: str  # "all", "la", "lsoa" or "custom"
    code: str
    name: str
    lsoa_codes: tuple[str, ...] = ()
    geometry: dict | None = None
    population: int | None = None
    force: str = ""
    extra: dict = field(default_factory=dict)


@cache
def lsoas() -> dict[str, Lsoa]:
    """Every 2011 LSOA of England and Wales, by code (34,753 of them)."""
    with gzip.open(LOOKUP_FILE, "rt", encoding="utf-8") as handle:
        return {
            row["lsoa_code"]: Lsoa(
                row["lsoa_code"],
                row["lsoa_name"],
                row["la_code"],
                int(row["population"]) if row["population"] else None,
            )
            for row in csv.DictReader(handle)
        }


@cache
def local_authorities() -> dict[str, tuple[str, str]]:
    """Local authority code -> (name, police force; empty where the ONS mapping has none)."""
    with AUTHORITIES_FILE.open(encoding="utf-8") as handle:
        return {r["la_code"]: (r["la_name"], r["police_force"]) for r in csv.DictReader(handle)}


@cache
def lsoas_of_authority() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for lsoa in lsoas().values():
        grouped.setdefault(lsoa.la_code, []).append(lsoa.code)
    return {la: tuple(sorted(codes)) for la, codes in grouped.items()}


def area_resolve(area: str | None) -> Area:
    """The Area behind an `area` parameter; Http404 for one that does not exist."""
    area = (area or "").strip()
    if not area:
        return Area(kind="all", code="", name="Everything stored")
    authorities = local_authorities()
    if area in authorities:
        name, force = authorities[area]
        codes = lsoas_of_authority().get(area, ())
        population = sum(lsoas()[c].population or 0 for c in codes) or None
        return Area(
            kind="la", code=area, name=name, lsoa_codes=codes, population=population, force=force
        )
    if LSOA_CODE.fullmatch(area) and area in lsoas():
        lsoa = lsoas()[area]
        return Area(
            kind="lsoa", code=area, name=lsoa.name, lsoa_codes=(area,), population=lsoa.population
        )
    if area.isdigit():
        custom = CustomArea.objects.filter(pk=int(area)).first()
        if custom is not None:
            return Area(kind="custom", code=area, name=custom.name, geometry=custom.geometry)
    raise Http404(UNKNOWN_AREA)


def area_scope(connection: duckdb.DuckDBPyConnection, area: Area) -> str:
    """A WHERE fragment limiting the `crimes` view to the area (temp tables hold the lists)."""
    if area.kind == "all":
        return "TRUE"
    if area.kind in ("la", "lsoa"):
        # Codes come from the committed ONS lookup and match LSOA_CODE, so they are safe to
        # write into the SQL; a literal list and range let DuckDB skip whole row groups.
        codes = [c for c in area.lsoa_codes if LSOA_CODE.fullmatch(c)]
        if not codes:
            return "FALSE"
        listed = ", ".join(f"'{c}'" for c in codes)
        return f"(lsoa_code BETWEEN '{min(codes)}' AND '{max(codes)}' AND lsoa_code IN ({listed}))"
    # Custom area: police.uk points are snapped to a finite set of street points, so test each
    # distinct point in the polygon's bounding box once and join on the points inside.
    rings = polygons_of(area.geometry)
    lon_lo, lat_lo, lon_hi, lat_hi = bounding_box(rings)
    points = connection.execute(
        """SELECT DISTINCT longitude, latitude FROM crimes
           WHERE longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?""",
        [lon_lo, lon_hi, lat_lo, lat_hi],
    ).fetchnumpy()
    lon = np.asarray(points["longitude"], dtype=float)
    lat = np.asarray(points["latitude"], dtype=float)
    inside = points_in_polygons(lon, lat, rings)
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE area_points AS
           SELECT unnest(?::DOUBLE[]) AS longitude, unnest(?::DOUBLE[]) AS latitude""",
        [lon[inside].tolist(), lat[inside].tolist()],
    )
    return (
        "EXISTS (SELECT 1 FROM area_points p WHERE p.longitude = crimes.longitude "
        "AND p.latitude = crimes.latitude)"
    )


def polygons_of(geometry: dict | None) -> list[list[np.ndarray]]:
    """A Polygon or MultiPolygon as polygons, each a list of (n, 2) rings, outer ring first."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [[np.asarray(ring, dtype=float)[:, :2] for ring in geometry["coordinates"]]]
    if geometry["type"] == "MultiPolygon":
        return [
            [np.asarray(ring, dtype=float)[:, :2] for ring in polygon]
            for polygon in geometry["coordinates"]
        ]
    return []


def bounding_box(polygons: list[list[np.ndarray]]) -> tuple[float, float, float, float]:
    outer = np.vstack([polygon[0] for polygon in polygons])
    return (
        float(outer[:, 0].min()),
        float(outer[:, 1].min()),
        float(outer[:, 0].max()),
        float(outer[:, 1].max()),
    )


def _in_ring(x: np.ndarray, y: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even-odd ray casting, vectorised over the points."""
    inside = np.zeros(x.shape, dtype=bool)
    xs, ys = ring[:, 0], ring[:, 1]
    xj, yj = np.roll(xs, 1), np.roll(ys, 1)
    for xi_, yi_, xj_, yj_ in zip(xs, ys, xj, yj, strict=True):
        crosses = (yi_ > y) != (yj_ > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (xj_ - xi_) * (y - yi_) / (yj_ - yi_) + xi_
        inside ^= crosses & (x < at)
    return inside


def points_in_polygons(
    x: np.ndarray, y: np.ndarray, polygons: list[list[np.ndarray]]
) -> np.ndarray:
    """Which points fall inside any polygon (holes respected)."""
    result = np.zeros(x.shape, dtype=bool)
    for polygon in polygons:
        outer, holes = polygon[0], polygon[1:]
        lo, hi = outer.min(axis=0), outer.max(axis=0)
        candidates = (x >= lo[0]) & (x <= hi[0]) & (y >= lo[1]) & (y <= hi[1]) & ~result
        if not candidates.any():
            continue
        index = np.flatnonzero(candidates)
        inside = _in_ring(x[index], y[index], outer)
        for hole in holes:
            inside &= ~_in_ring(x[index], y[index], hole)
        result[index[inside]] = True
    return result


def outlines_dir() -> Path:
    return Path(settings.INTEL_DATA_DIR) / OUTLINES_FOLDER


@cache
def _committed_outlines() -> dict[str, dict]:
    collection = json.loads(COMMITTED_OUTLINES.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f for f in collection["features"]}


def outlines() -> dict[str, dict]:
    """LSOA outline features by code: the committed Cherwell set plus any loaded into the store."""
    features = dict(_committed_outlines())
    folder = outlines_dir()
    if folder.exists():
        for path in sorted(folder.glob("*.geojson")):
            features.update(_read_outlines_cached(str(path), path.stat().st_mtime_ns))
    return features


@lru_cache(maxsize=8)
def _read_outlines_cached(path: str, mtime_ns: int) -> dict[str, dict]:
    """Parsed once per file version: a force's outlines are megabytes of JSON."""
    return _read_outlines(Path(path))


def _read_outlines(path: Path) -> dict[str, dict]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        code = props.get("code") or props.get("LSOA11CD") or props.get("LSOA21CD")
        name = props.get("name") or props.get("LSOA11NM") or props.get("LSOA21NM") or code
        if code and feature.get("geometry"):
            found[code] = {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": feature["geometry"],
            }
    return found


def outlines_load(*, path: Path, name: str) -> int:
    """Copy LSOA outlines (ONS GeoJSON, lon/lat) into the store for maps and grids; a count."""
    features = _read_outlines(path)
    folder = outlines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": list(features.values())}),
        encoding="utf-8",
    )
    return len(features)


def area_outlines(area: Area) -> list[dict]:
    """Outline features of the area's LSOAs that are known (all of them for Cherwell)."""
    known = outlines()
    if area.kind == "custom":
        return [
            {
                "type": "Feature",
                "properties": {"code": area.code, "name": area.name},
                "geometry": area.geometry,
            }
        ]
    return [known[c] for c in area.lsoa_codes if c in known]


def area_polygons(area: Area) -> list[list[np.ndarray]]:
    """The area as lon/lat polygons, if its outlines are known; [] otherwise."""
    if area.kind == "custom":
        return polygons_of(area.geometry)
    polygons: list[list[np.ndarray]] = []
    for feature in area_outlines(area):
        polygons.extend(polygons_of(feature["geometry"]))
    return polygons
