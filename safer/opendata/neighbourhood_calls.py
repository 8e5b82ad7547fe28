"""police.uk's neighbourhood calls for the partnership's own neighbourhoods, with police.uk's
paths, JSON field names, formats and status codes (data.police.uk/docs/method/neighbourhoods
and the calls beside it), so a police.uk client needs only a new base URL.

`/api/<force>/...` sits at the site root beside opendata's `/api/forces/...`, `/api/crimes-...`
and the staff API's `/api/v1/...`: the force segment's converter refuses those words, so those
paths are never answered here. Only published neighbourhoods appear."""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safer.neighbourhoods import geometry, selectors
from safer.neighbourhoods.models import Neighbourhood
from safer.opendata import selectors as opendata
from safer.opendata.views import BadRequest, public_api

LATLNG = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*")


def _first_segments() -> frozenset[str]:
    """The first path segment after api/ of every opendata call (forces, crimes-street, ...)."""
    from safer.opendata.urls import urlpatterns

    return frozenset(str(p.pattern).removeprefix("api/").split("/")[0] for p in urlpatterns)


class ForceConverter:
    """A force id in `/api/<force>/...`: any police.uk-style id except the words other calls at
    /api/ begin with (`v1` and the staff API's later versions, `forces`, `crimes-street`, ...),
    so this app never answers, or hides, their paths. An id that is not a force answers 404."""

    regex = r"[A-Za-z0-9][A-Za-z0-9-]*"
    _reserved: frozenset[str] | None = None

    def to_python(self, value: str) -> str:
        if ForceConverter._reserved is None:
            ForceConverter._reserved = _first_segments() | {"locate-neighbourhood"}
        if re.fullmatch(r"v\d+", value) or value in ForceConverter._reserved:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


def _empty(status: int) -> HttpResponse:
    return HttpResponse(status=status, content_type="text/plain")


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False)


def our_force() -> str:
    return settings.NEIGHBOURHOODS_FORCE


def _force_known(force: str) -> bool:
    """Ours, or another whose crimes the store holds (it has no neighbourhoods here)."""
    return force == our_force() or force in {f["id"] for f in opendata.forces_held()}


def _neighbourhood(force: str, slug: str) -> Neighbourhood | None:
    return selectors.neighbourhood_published(slug) if force == our_force() else None


def _coordinate(value: float | None) -> str | None:
    return None if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def _point(lat: float | None, lng: float | None) -> dict:
    return {"latitude": _coordinate(lat), "longitude": _coordinate(lng)}


def _contact_details(*, email: str = "", telephone: str = "", web: str = "") -> dict:
    """police.uk lists only the ways of contact a team has (`email`, `telephone`, `web`...)."""
    found = {"email": email, "telephone": telephone, "web": web}
    return {key: value for key, value in found.items() if value}


def _datetime(value) -> str | None:
    """police.uk's local date and time without a zone: 2016-09-17T12:00:00."""
    if value is None:
        return None
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


def _date(value) -> str | None:
    return None if value is None else f"{value.isoformat()}T00:00:00"


def neighbourhood_json(n: Neighbourhood) -> dict:
    return {
        "url_force": n.contact_website or None,
        "contact_details": _contact_details(
            email=n.contact_email, telephone=n.contact_telephone, web=n.contact_website
        ),
        "name": n.name,
        "links": [
            {
                "url": link.get("url"),
                "description": link.get("description") or None,
                "title": link.get("title"),
            }
            for link in n.links or []
        ],
        "centre": _point(n.centre_latitude, n.centre_longitude),
        "locations": [
            {
                "name": place.get("name"),
                "longitude": _coordinate(place.get("longitude")),
                "postcode": place.get("postcode"),
                "address": place.get("address"),
                "latitude": _coordinate(place.get("latitude")),
                "type": place.get("type") or "station",
                "description": place.get("description") or None,
            }
            for place in n.locations or []
        ],
        "description": n.description or None,
        "id": n.slug,
        "population": str(n.population or 0),
    }


@require_GET
@public_api
def neighbourhood_list(request, force: str):
    if not _force_known(force):
        return _empty(404)
    found = selectors.neighbourhoods_published() if force == our_force() else []
    return _json([{"id": n.slug, "name": n.name} for n in found])


@require_GET
@public_api
def neighbourhood_detail(request, force: str, neighbourhood: str):
    found = _neighbourhood(force, neighbourhood)
    return _json(neighbourhood_json(found)) if found else _empty(404)


@require_GET
@public_api
def boundary(request, force: str, neighbourhood: str):
    found = _neighbourhood(force, neighbourhood)
    if found is None:
        return _empty(404)
    return _json(
        [
            {"latitude": f"{lat:.10f}", "longitude": f"{lng:.10f}"}
            for lat, lng in geometry.outline_points(found.boundary)
        ]
    )


@require_GET
@public_api
def people(request, force: str, neighbourhood: str):
    found = _neighbourhood(force, neighbourhood)
    if found is None:
        return _empty(404)
    return _json(
        [
            {
                "bio": member.bio or None,
                "contact_details": _contact_details(
                    email=member.contact_email, telephone=member.contact_telephone
                ),
                "name": member.name,
                "rank": member.rank,
            }
            for member in selectors.team_of(found)
        ]
    )


@require_GET
@public_api
def events(request, force: str, neighbourhood: str):
    found = _neighbourhood(force, neighbourhood)
    if found is None:
        return _empty(404)
    return _json(
        [
            {
                "contact_details": _contact_details(
                    email=event.contact_email, telephone=event.contact_telephone
                ),
                "description": event.description or None,
                "title": event.title,
                "address": event.address or None,
                "type": event.type,
                "start_date": _datetime(event.starts_at),
                "end_date": _datetime(event.ends_at),
            }
            for event in selectors.events_upcoming(found)
        ]
    )


@require_GET
@public_api
def priorities(request, force: str, neighbourhood: str):
    found = _neighbourhood(force, neighbourhood)
    if found is None:
        return _empty(404)
    return _json(
        [
            {
                "action": priority.action or None,
                "issue-date": _date(priority.issue_date),
                "action-date": _date(priority.action_date),
                "issue": priority.issue,
            }
            for priority in selectors.priorities_all(found)
        ]
    )


@require_GET
@public_api
def locate(request):
    """`?q=lat,lng`: the force and neighbourhood policing the point; 404 when none of ours does."""
    match = LATLNG.fullmatch(request.GET.get("q", ""))
    if match is None:
        raise BadRequest("q")
    lat, lng = float(match[1]), float(match[2])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise BadRequest("q")
    found = selectors.neighbourhood_containing(lat, lng)
    if found is None:
        return _empty(404)
    return _json({"force": our_force(), "neighbourhood": found.slug})
