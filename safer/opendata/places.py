"""Town and village names for the public map's labels: there is no tile server, so the map
draws outlines on a plain background and names the places a reader looks for. The names and
positions are the intelligence hub's committed list (safer/intel/data/places.csv, GeoNames and
Wikipedia, attributed there), for the partnership's own district."""

from django.conf import settings


def map_places() -> list[dict]:
    """[{"name", "lat", "lng", "size"}] for the district (INTEL_DEFAULT_AREA)."""
    from safer.intel.areas import area_resolve
    from safer.intel.places import places_for

    area = area_resolve(settings.INTEL_DEFAULT_AREA)
    return [
        {"name": p.name, "lat": p.latitude, "lng": p.longitude, "size": p.kind}
        for p in places_for(area)
    ]
