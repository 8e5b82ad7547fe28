"""Reads of the intel crime store (Parquet through DuckDB) in police.uk's API shapes.

A month's crimes are read once per process into numpy arrays and lists (about 20,000 rows for
a month of the Thames Valley force) and kept while the month's files are unchanged (the key is
each file's name, size and modification time); radius, polygon and location filters then run
in numpy, so a query costs about as much as the JSON it answers with.

Ids (police.uk publishes integer ids; the street files carry none):
- a crime's `id`: the first 52 bits of SHA-256 over the key the store holds the row under
  (`<month>|<Crime ID, or the content digest of a row without one>|<rank among rows with the
  same identity>`), stable across re-imports, safe as a JavaScript number;
- a location's (street's) `id`: the anonymised point itself, (latitude - 49) x 10^6 in the
  high 24 bits and (longitude + 10) x 10^6 in the low 24 (the store holds only points within
  latitude 49..61.5 and longitude -10..3, at police.uk's six decimals), so the id is stable,
  names one point, and is decoded back to it for `crimes-at-location?location_id=`.
"""

import hashlib
import math
import re
import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from safer.intel import storage
from safer.intel.sources.police_uk import CRIME_TYPE_LABELS
from safer.opendata.models import NewsItem, SafetyMessage

ALL_CRIME = "all-crime"
ONE_MILE_M = 1609.344
EARTH_RADIUS_M = 6371008.8  # mean radius (IUGG)
LAT_ORIGIN, LNG_ORIGIN, SCALE, LNG_BITS = 49.0, -10.0, 1_000_000, 24
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])\Z")
# police.uk's force ids where they are not the force's name without "Police"/"Constabulary".
FORCE_IDS = {
    "British Transport Police": "btp",
    "Police Service of Northern Ireland": "northern-ireland",
    "Metropolitan Police Service": "metropolitan",
}

# police.uk's outcome codes (data.police.uk/docs/method/outcomes-for-crime) by the names the
# outcomes files give; a name not listed gets its slug.
OUTCOME_CODES = {
    "Awaiting court outcome": "awaiting-court-result",
    "Court result unavailable": "court-result-unavailable",
    "Court case unable to proceed": "unable-to-proceed",
    "Local resolution": "local-resolution",
    "Investigation complete; no suspect identified": "no-further-action",
    "Offender deprived of property": "deprived-of-property",
    "Offender fined": "fined",
    "Offender given absolute discharge": "absolute-discharge",
    "Offender given a caution": "cautioned",
    "Offender given a drugs possession warning": "drugs-possession-warning",
    "Offender given a penalty notice": "penalty-notice-issued",
    "Offender given community sentence": "community-penalty",
    "Offender given conditional discharge": "conditional-discharge",
    "Offender given suspended prison sentence": "suspended-sentence",
    "Offender sent to prison": "imprisoned",
    "Offender otherwise dealt with": "other-court-disposal",
    "Offender ordered to pay compensation": "compensation",
    "Suspect charged as part of another case": "sentenced-in-another-case",
    "Suspect charged": "charged",
    "Defendant found not guilty": "not-guilty",
    "Defendant sent to Crown Court": "sent-to-crown-court",
    "Unable to prosecute suspect": "unable-to-prosecute",
    "Formal action is not in the public interest": "formal-action-not-in-public-interest",
    "Action to be taken by another organisation": "action-taken-by-another-organisation",
    "Further investigation is not in the public interest": (
        "further-investigation-not-in-public-interest"
    ),
    "Under investigation": "under-investigation",
    "Status update unavailable": "status-update-unavailable",
}


def outcome_code(name: str) -> str:
    return OUTCOME_CODES.get(name) or slugify(name)


def categories() -> list[dict]:
    """police.uk's categories in its order: `all-crime` first, `other-crime` last, the rest by
    name between."""
    listed = sorted(CRIME_TYPE_LABELS.items(), key=lambda item: (item[0] == "other-crime", item[1]))
    return [{"url": ALL_CRIME, "name": "All crime"}] + [
        {"url": slug, "name": name} for slug, name in listed
    ]


def is_category(slug: str) -> bool:
    return slug == ALL_CRIME or slug in CRIME_TYPE_LABELS


def months() -> list[str]:
    """Months the store holds crimes for, newest first."""
    return list(reversed(storage.stored_months()))


def latest_month() -> str | None:
    held = storage.stored_months()
    return held[-1] if held else None


def force_id(name: str) -> str:
    """police.uk's id for a force named as the street files name it ("Falls within")."""
    if name in FORCE_IDS:
        return FORCE_IDS[name]
    short = re.sub(r"\s+(Police Service|Constabulary|Police)$", "", name.strip())
    return slugify(short.replace("&", "and"))


def location_id(lat: float, lng: float) -> int:
    """The integer id of an anonymised point (see the module's docstring)."""
    return (round((lat - LAT_ORIGIN) * SCALE) << LNG_BITS) + round((lng - LNG_ORIGIN) * SCALE)


def location_of(identifier: int) -> tuple[float, float] | None:
    """The point an id names, or None for a number no point has."""
    if identifier < 0 or identifier >= 1 << 48:
        return None
    lat = LAT_ORIGIN + (identifier >> LNG_BITS) / SCALE
    lng = LNG_ORIGIN + (identifier & ((1 << LNG_BITS) - 1)) / SCALE
    return round(lat, 6), round(lng, 6)


def crime_number(month: str, crime_id: str | None, content_key: str | None, ordinal: int) -> int:
    """A crime's integer id, from the key the store stores it under (month|identity|rank)."""
    digest = hashlib.sha256(f"{month}|{crime_id or content_key}|{ordinal}".encode()).hexdigest()
    return int(digest[:13], 16)


@dataclass
class Month:
    """One month's crimes, column by column, in a stable order."""

    month: str
    lat: np.ndarray  # NaN where the crime has no location
    lng: np.ndarray
    location_ids: np.ndarray  # -1 where the crime has no location
    crime_type: np.ndarray  # slugs, as an object array
    force: np.ndarray  # police.uk force ids
    persistent_id: list[str]
    number: list[int]
    street: list[str]
    outcome: list[str | None]

    def crime(self, i: int) -> dict:
        """Crime `i` as police.uk's street-level crimes give it."""
        return crime_json(
            category=self.crime_type[i],
            lat=None if math.isnan(self.lat[i]) else float(self.lat[i]),
            lng=None if math.isnan(self.lng[i]) else float(self.lng[i]),
            street=self.street[i],
            persistent_id=self.persistent_id[i],
            number=self.number[i],
            month=self.month,
            outcome=self.outcome[i],
        )

    def select(self, mask: np.ndarray, category: str) -> np.ndarray:
        """Indices of the rows in `mask` of the category (or every category)."""
        if category != ALL_CRIME:
            mask = mask & (self.crime_type == category)
        return np.flatnonzero(mask)


def crime_json(
    *,
    category: str,
    lat: float | None,
    lng: float | None,
    street: str | None,
    persistent_id: str | None,
    number: int,
    month: str,
    outcome: str | None,
) -> dict:
    located = lat is not None and lng is not None
    return {
        "category": category,
        # "Always null" for crimes with no location (police.uk's crimes-no-location).
        "location_type": "Force" if located else None,
        "location": {
            "latitude": f"{lat:.6f}",
            "street": {"id": location_id(lat, lng), "name": street or ""},
            "longitude": f"{lng:.6f}",
        }
        if located
        else None,
        "context": "",
        "outcome_status": {"category": outcome, "date": month} if outcome else None,
        "persistent_id": persistent_id or "",
        "id": number,
        "location_subtype": "",
        "month": month,
    }


# Months kept in memory per process, the least recently asked dropped first.
CACHED_MONTHS = 12
_cache: dict[str, tuple[tuple, Month]] = {}
_cache_lock = threading.Lock()


def _month_files(month: str) -> tuple:
    folder = storage.month_dir(month)
    if not folder.exists():
        return ()
    return tuple(
        sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.parquet"))
    )


def month_crimes(month: str) -> Month | None:
    """The month's crimes, or None when the store holds none for it."""
    files = _month_files(month)
    if not files:
        return None
    with _cache_lock:
        cached = _cache.pop(month, None)
        if cached is not None and cached[0] == files:
            _cache[month] = cached  # now the most recently asked
            return cached[1]
    loaded = _load(month, [f[0] for f in files])
    with _cache_lock:
        _cache[month] = (files, loaded)
        while len(_cache) > CACHED_MONTHS:
            del _cache[next(iter(_cache))]
    return loaded


def _load(month: str, paths: list[str]) -> Month:
    connection = storage.connect()
    try:
        table = connection.sql(
            """SELECT crime_id, content_key, ordinal, falls_within, latitude, longitude,
            location, crime_type, outcome FROM read_parquet($paths)
            ORDER BY coalesce(crime_id, content_key), ordinal""",
            params={"paths": paths},
        ).to_arrow_table()
    finally:
        connection.close()
    lat = table["latitude"].to_numpy(zero_copy_only=False).astype(float)
    lng = table["longitude"].to_numpy(zero_copy_only=False).astype(float)
    located = ~(np.isnan(lat) | np.isnan(lng))
    ids = np.full(len(lat), -1, dtype=np.int64)
    ids[located] = (np.rint((lat[located] - LAT_ORIGIN) * SCALE).astype(np.int64) << LNG_BITS) + (
        np.rint((lng[located] - LNG_ORIGIN) * SCALE).astype(np.int64)
    )
    forces = {name: force_id(name) for name in set(table["falls_within"].to_pylist())}
    return Month(
        month=month,
        lat=lat,
        lng=lng,
        location_ids=ids,
        crime_type=np.array(table["crime_type"].to_pylist(), dtype=object),
        force=np.array([forces[f] for f in table["falls_within"].to_pylist()], dtype=object),
        persistent_id=[c or "" for c in table["crime_id"].to_pylist()],
        number=[
            crime_number(month, crime_id, key, ordinal)
            for crime_id, key, ordinal in zip(
                table["crime_id"].to_pylist(),
                table["content_key"].to_pylist(),
                table["ordinal"].to_pylist(),
                strict=True,
            )
        ],
        street=table["location"].to_pylist(),
        outcome=table["outcome"].to_pylist(),
    )


def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (numpy arrays or floats)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = phi2 - phi1, np.radians(np.asarray(lng2) - lng1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def within_radius(data: Month, lat: float, lng: float, metres: float = ONE_MILE_M) -> np.ndarray:
    """A mask of the crimes within `metres` of the point (a box first, then haversine)."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians(lat)), 1e-6)
    box = (
        (data.lat >= lat - dlat)
        & (data.lat <= lat + dlat)
        & (data.lng >= lng - dlng)
        & (data.lng <= lng + dlng)
    )
    mask = np.zeros(len(data.lat), dtype=bool)
    inside = np.flatnonzero(box)
    mask[inside] = haversine_m(lat, lng, data.lat[inside], data.lng[inside]) <= metres
    return mask


def within_polygon(data: Month, points: list[tuple[float, float]]) -> np.ndarray:
    """A mask of the crimes inside the polygon of (lat, lng) points (closed by a straight line
    from the last point to the first), by even-odd ray casting on the points in its box."""
    ys = np.array([p[0] for p in points])
    xs = np.array([p[1] for p in points])
    box = (data.lat >= ys.min()) & (data.lat <= ys.max())
    box &= (data.lng >= xs.min()) & (data.lng <= xs.max())
    candidates = np.flatnonzero(box)
    py, px = data.lat[candidates], data.lng[candidates]
    inside = np.zeros(len(candidates), dtype=bool)
    for k in range(len(points)):
        y1, x1 = ys[k], xs[k]
        y2, x2 = ys[k - 1], xs[k - 1]
        if y1 == y2:
            continue
        crosses = (y1 > py) != (y2 > py)
        x_at = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (px < x_at)
    mask = np.zeros(len(data.lat), dtype=bool)
    mask[candidates[inside]] = True
    return mask


def nearest_location(data: Month, lat: float, lng: float) -> int | None:
    """The id of the month's anonymised point nearest the given one."""
    located = np.flatnonzero(data.location_ids >= 0)
    if not len(located):
        return None
    distances = haversine_m(lat, lng, data.lat[located], data.lng[located])
    return int(data.location_ids[located[int(np.argmin(distances))]])


def forces_held() -> list[dict]:
    """[{"id", "name"}] of the forces whose crimes the store holds, by name."""
    if not storage.stored_months():
        return []
    with storage.crimes_connection() as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT falls_within FROM crimes WHERE falls_within IS NOT NULL"
            ).fetchall()
        ]
    return sorted(({"id": force_id(n), "name": n} for n in names), key=lambda f: f["name"])


def crime_with_outcomes(persistent_id: str) -> dict | None:
    """{"crime", "outcomes"} as /api/outcomes-for-crime gives them, or None if unknown."""
    if not persistent_id or not storage.stored_months():
        return None
    with storage.crimes_connection() as connection:
        row = connection.execute(
            """SELECT crime_type, latitude, longitude, location, crime_id, content_key, ordinal,
            month, outcome FROM crimes WHERE crime_id = ? ORDER BY month, ordinal LIMIT 1""",
            [persistent_id],
        ).fetchone()
        if row is None:
            return None
        outcomes = connection.execute(
            "SELECT DISTINCT month, outcome_type FROM outcomes WHERE crime_id = ? ORDER BY month",
            [persistent_id],
        ).fetchall()
    category, lat, lng, street, crime_id, content_key, ordinal, month, _ = row
    crime = crime_json(
        category=category,
        lat=lat,
        lng=lng,
        street=street,
        persistent_id=crime_id,
        number=crime_number(month, crime_id, content_key, ordinal),
        month=month,
        outcome=None,
    )
    del crime["outcome_status"]
    return {
        "crime": crime,
        "outcomes": [
            {
                "category": {"code": outcome_code(name), "name": name},
                "date": outcome_month,
                "person_id": None,
            }
            for outcome_month, name in outcomes
        ],
    }


# --- Partnership news and community screen messages ------------------------------------------


def news_published():
    """Published news items, newest first: the public list."""
    return NewsItem.objects.filter(published_at__isnull=False).order_by("-published_at", "pk")


def news_published_item(slug: str):
    """The published news item with this address, or None."""
    return news_published().filter(slug=slug).first()


def safety_messages_current(neighbourhood=None, *, today=None):
    """Approved messages showing today, for every screen and (given one) the neighbourhood's."""
    today = today or timezone.localdate()
    where = Q(neighbourhood__isnull=True)
    if neighbourhood is not None:
        where |= Q(neighbourhood=neighbourhood)
    return (
        SafetyMessage.objects.filter(
            where,
            status=SafetyMessage.Status.APPROVED,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("organisation")
        .order_by("-starts_on", "pk")
    )
