"""Square cells in British National Grid metres (EPSG:27700) covering an area, and crimes on them.

Cells are aligned to multiples of the cell size, so a cell's south-west corner is the same for every
query. A cell belongs to the area if its centre lies in one of the area's LSOA outlines or if any
crime recorded in the area (by its LSOA) falls in it: outlines are super-generalised, and a street
point on the edge must not fall off the map.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

import numpy as np
from django.conf import settings
from pyproj import Transformer

from safer.intel import storage
from safer.intel.areas import Area, area_outlines, area_polygons, area_scope, points_in_polygons
from safer.intel.areas import outlines as known_outlines

CRS = "EPSG:27700"
MIN_CELL_M, MAX_CELL_M = 25, 2000
# Cell sizes an area gets by default: the largest (up to INTEL_CELL_SIZE_M) giving the area at
# least DEFAULT_MIN_CELLS cells, so that 5% of it is a patrol plan of a dozen or more cells
# rather than three (60 cells of 250 m made the City of London's hit rates meaningless).
DEFAULT_CELL_SIZES = (500, 250, 200, 150, 100, 75, 50)
DEFAULT_MIN_CELLS = 250
BAD_CELL_SIZE = f"Cell size must be between {MIN_CELL_M} and {MAX_CELL_M} metres"
NO_POINTS = "No crimes with a location are stored for this area"


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def to_bng(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 degrees to British National Grid metres."""
    x, y = _to_bng().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def to_wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _to_wgs84().transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


@dataclass(frozen=True)
class Grid:
    """A regular grid: origin (south-west corner), cell size, shape, and which cells are in area."""

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    mask: np.ndarray  # (ny, nx) bool

    @property
    def n_cells(self) -> int:
        return int(self.mask.sum())

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, inside) for points; inside is False off the grid or outside the area."""
        col = np.floor((np.asarray(x) - self.x0) / self.cell).astype(int)
        row = np.floor((np.asarray(y) - self.y0) / self.cell).astype(int)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        inside[inside] = self.mask[row[inside], col[inside]]
        return row, col, inside

    def counts(self, x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """A (ny, nx) grid of how many points (or how much weight) fall in each area cell."""
        grid = np.zeros((self.ny, self.nx))
        row, col, inside = self.cell_of(x, y)
        w = None if weights is None else np.asarray(weights)[inside]
        np.add.at(grid, (row[inside], col[inside]), 1.0 if w is None else w)
        return grid

    def corners(self) -> tuple[np.ndarray, np.ndarray]:
        """South-west corners (x, y) of the area's cells, row-major order."""
        rows, cols = np.nonzero(self.mask)
        return self.x0 + cols * self.cell, self.y0 + rows * self.cell


_OUTLINE_MASKS: OrderedDict[tuple, np.ndarray] = OrderedDict()
_OUTLINE_MASKS_KEPT = 32


def _outline_mask(x0: float, y0: float, nx: int, ny: int, cell: float, polygons_bng) -> np.ndarray:
    """Which cells of the grid have their centre inside the outlines. The same area on the same
    grid gives the same mask, and testing every cell against every vertex is most of a map's
    cost, so the last few masks are kept (keyed by the grid and a digest of the outlines)."""
    digest = hashlib.blake2b(digest_size=16)
    for polygon in polygons_bng:
        for ring in polygon:
            digest.update(np.ascontiguousarray(ring, dtype=float).tobytes())
            digest.update(b"|")
        digest.update(b"#")
    key = (x0, y0, nx, ny, cell, digest.digest())
    mask = _OUTLINE_MASKS.get(key)
    if mask is None:
        cx = x0 + (np.arange(nx) + 0.5) * cell
        cy = y0 + (np.arange(ny) + 0.5) * cell
        gx, gy = np.meshgrid(cx, cy)
        mask = points_in_polygons(gx.ravel(), gy.ravel(), list(polygons_bng)).reshape(ny, nx)
        _OUTLINE_MASKS[key] = mask
        while len(_OUTLINE_MASKS) > _OUTLINE_MASKS_KEPT:
            _OUTLINE_MASKS.popitem(last=False)
    return mask.copy()


def grid_from_points(x: np.ndarray, y: np.ndarray, *, cell: float, polygons_bng=()) -> Grid:
    """The smallest aligned grid holding the points and polygons; mask = outlines + point cells."""
    xs = [np.asarray(x, dtype=float)] + [ring[:, 0] for p in polygons_bng for ring in p[:1]]
    ys = [np.asarray(y, dtype=float)] + [ring[:, 1] for p in polygons_bng for ring in p[:1]]
    all_x, all_y = np.concatenate(xs), np.concatenate(ys)
    if all_x.size == 0:
        raise ValueError(NO_POINTS)
    x0 = np.floor(all_x.min() / cell) * cell
    y0 = np.floor(all_y.min() / cell) * cell
    nx = int(np.floor((all_x.max() - x0) / cell)) + 1
    ny = int(np.floor((all_y.max() - y0) / cell)) + 1
    mask = np.zeros((ny, nx), dtype=bool)
    if polygons_bng:
        mask |= _outline_mask(float(x0), float(y0), nx, ny, float(cell), polygons_bng)
    col = np.floor((np.asarray(x) - x0) / cell).astype(int)
    row = np.floor((np.asarray(y) - y0) / cell).astype(int)
    mask[row, col] = True
    return Grid(x0=float(x0), y0=float(y0), cell=float(cell), nx=nx, ny=ny, mask=mask)


@dataclass(frozen=True)
class Events:
    """Crimes of one type in one area: month and BNG position of each, plus the area's grid."""

    months: np.ndarray  # 'YYYY-MM' strings
    x: np.ndarray
    y: np.ndarray
    grid: Grid
    locations: np.ndarray | None = None


def polygons_area_m2(polygons_bng) -> float:
    """The area of BNG polygons (outer ring less holes), by the shoelace formula."""

    def ring_area(ring: np.ndarray) -> float:
        x, y = ring[:, 0], ring[:, 1]
        return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2

    return sum(
        ring_area(polygon[0]) - sum(ring_area(hole) for hole in polygon[1:])
        for polygon in polygons_bng
    )


def points_area_m2(x: np.ndarray, y: np.ndarray) -> float:
    """The area of the convex hull of points: the size of an area known only by its crimes."""
    from scipy.spatial import ConvexHull, QhullError

    points = np.unique(np.column_stack([x, y]), axis=0)
    if len(points) < 3:
        return 0.0
    try:
        return float(ConvexHull(points).volume)  # in two dimensions, "volume" is the area
    except QhullError:  # every point on one line
        return 0.0


def default_cell_size(area_m2: float, *, largest: float | None = None) -> float:
    """The largest standard cell size, up to `largest` (INTEL_CELL_SIZE_M), that gives an area
    of `area_m2` at least DEFAULT_MIN_CELLS cells; the smallest standard size otherwise."""
    largest = float(largest or settings.INTEL_CELL_SIZE_M)
    sizes = sorted({s for s in DEFAULT_CELL_SIZES if s <= largest} | {largest}, reverse=True)
    for size in sizes:
        if area_m2 / size**2 >= DEFAULT_MIN_CELLS:
            return float(size)
    return float(min(sizes))


def area_events(*, area: Area, types: tuple[str, ...], cell: float | None = None) -> Events:
    """Every located crime of the types in the area, on a grid covering the whole area. Without
    a cell size the area gets its default one (`default_cell_size`)."""
    if cell is not None and not MIN_CELL_M <= float(cell) <= MAX_CELL_M:
        raise ValueError(BAD_CELL_SIZE)
    with storage.crimes_connection() as connection:
        scope = area_scope(connection, area)
        located = f"{scope} AND longitude IS NOT NULL"
        every = connection.execute(
            f"SELECT DISTINCT longitude, latitude FROM crimes WHERE {located}"  # noqa: S608
        ).fetchnumpy()
        rows = connection.execute(
            f"""SELECT month, longitude, latitude FROM crimes
            WHERE {located} AND crime_type IN (SELECT unnest(?::VARCHAR[]))""",  # noqa: S608
            [list(types)],
        ).fetchnumpy()
        lsoa_codes = area.lsoa_codes
        if area.kind == "all":
            lsoa_codes = tuple(
                c
                for (c,) in connection.execute(
                    "SELECT DISTINCT lsoa_code FROM crimes WHERE lsoa_code IS NOT NULL"
                ).fetchall()
            )
    polygons = area_polygons(area) if area.kind != "all" else _polygons_for(lsoa_codes)
    polygons_bng = [[np.column_stack(to_bng(r[:, 0], r[:, 1])) for r in p] for p in polygons]
    ax, ay = to_bng(every["longitude"], every["latitude"])
    if cell is None:
        size = polygons_area_m2(polygons_bng) if polygons_bng else points_area_m2(ax, ay)
        cell = default_cell_size(size)
    grid = grid_from_points(ax, ay, cell=float(cell), polygons_bng=polygons_bng)
    x, y = to_bng(rows["longitude"], rows["latitude"])
    return Events(months=np.asarray(rows["month"]).astype(str), x=x, y=y, grid=grid)


def _polygons_for(codes) -> list:
    from safer.intel.areas import polygons_of

    known = known_outlines()
    polygons = []
    for code in codes:
        if code in known:
            polygons.extend(polygons_of(known[code]["geometry"]))
    return polygons


__all__ = [
    "CRS",
    "Events",
    "Grid",
    "area_events",
    "area_outlines",
    "default_cell_size",
    "grid_from_points",
    "to_bng",
]
