"""Town and village names for the public map's labels: there is no tile server, so the map
draws outlines on a plain background and names the places a reader looks for."""

import json
from functools import cache
from pathlib import Path

COMMITTED = Path(__file__).resolve().parent / "data" / "places.json"


@cache
def _read(path: str) -> tuple:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(
        (str(p["name"]), float(p["latitude"]), float(p["longitude"]), str(p.get("size", "town")))
        for p in data["places"]
    )


def map_places() -> list[dict]:
    """[{"name", "lat", "lng", "size"}] from the committed list (data/places.json)."""
    path = str(COMMITTED)
    return [
        {"name": name, "lat": lat, "lng": lng, "size": size} for name, lat, lng, size in _read(path)
    ]
