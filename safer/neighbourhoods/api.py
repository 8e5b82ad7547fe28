"""Neighbourhoods through the staff API: the same access rule, selectors and services as the
pages (readers: records or analytics; co-ordinators change)."""

from datetime import date, datetime

from django.http import Http404
from ninja import Path, Router, Schema, Status
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.neighbourhoods import geometry, selectors, services
from safer.neighbourhoods.access import access_neighbourhood, require_reader
from safer.neighbourhoods.models import Priority

router = Router(tags=["neighbourhoods"])


class NeighbourhoodPath(InputSchema):
    """A neighbourhood's id in a path: what a SlugField holds, so no other text gets in."""

    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)


class PriorityPath(NeighbourhoodPath):
    priority_id: int


class NeighbourhoodOut(Schema):
    id: str = Field(description="Its police.uk-style id, as in /api/<force>/<id>")
    name: str
    is_published: bool
    centre_latitude: float | None
    centre_longitude: float | None
    lsoa_codes: list[str]


class TeamMemberOut(Schema):
    id: int
    name: str
    rank: str
    bio: str
    contact_email: str
    contact_telephone: str
    has_photo: bool


class EventOut(Schema):
    id: int
    title: str
    type: str
    address: str
    starts_at: datetime
    ends_at: datetime | None


class PriorityOut(Schema):
    id: int
    issue: str
    issue_date: date
    action: str
    action_date: date | None
    closed_on: date | None


class NeighbourhoodDetailOut(NeighbourhoodOut):
    description: str
    population: int | None
    boundary: dict = Field(description="A GeoJSON MultiPolygon in longitude and latitude")
    team: list[TeamMemberOut]
    events_upcoming: list[EventOut]
    priorities_current: list[PriorityOut]


class PriorityIn(InputSchema):
    issue: str = Field(min_length=1, max_length=5000)
    issue_date: date
    action: str = Field(default="", max_length=5000)
    action_date: date | None = None


class PriorityCloseIn(InputSchema):
    closed_on: date | None = Field(default=None, description="Today if not given")
    action: str = Field(default="", max_length=5000)


def _summary(n) -> dict:
    return {
        "id": n.slug,
        "name": n.name,
        "is_published": n.is_published,
        "centre_latitude": n.centre_latitude,
        "centre_longitude": n.centre_longitude,
        "lsoa_codes": n.lsoa_codes,
    }


def _priority(p: Priority) -> dict:
    return {
        "id": p.pk,
        "issue": p.issue,
        "issue_date": p.issue_date,
        "action": p.action,
        "action_date": p.action_date,
        "closed_on": p.closed_on,
    }


@router.get(
    "/neighbourhoods",
    response={200: list[NeighbourhoodOut], **errors(403)},
    summary="The partnership's neighbourhoods, published or not",
)
def neighbourhood_list(request):
    require_reader(request.user)
    return [_summary(n) for n in selectors.neighbourhoods_all()]


@router.get(
    "/neighbourhoods/{slug}",
    response={200: NeighbourhoodDetailOut, **errors(403, 404, 422)},
    summary="A neighbourhood with its boundary, team, upcoming events and current priorities",
)
def neighbourhood_detail(request, path: Path[NeighbourhoodPath]):
    slug = path.slug
    n = access_neighbourhood(request.user, slug)
    return {
        **_summary(n),
        "description": n.description,
        "population": n.population,
        "boundary": geometry.as_geojson(n.boundary),
        "team": [
            {
                "id": m.pk,
                "name": m.name,
                "rank": m.rank,
                "bio": m.bio,
                "contact_email": m.contact_email,
                "contact_telephone": m.contact_telephone,
                "has_photo": bool(m.photo),
            }
            for m in selectors.team_of(n)
        ],
        "events_upcoming": [
            {
                "id": e.pk,
                "title": e.title,
                "type": e.type,
                "address": e.address,
                "starts_at": e.starts_at,
                "ends_at": e.ends_at,
            }
            for e in selectors.events_upcoming(n)
        ],
        "priorities_current": [_priority(p) for p in selectors.priorities_current(n)],
    }


@router.post(
    "/neighbourhoods/{slug}/priorities",
    response={201: PriorityOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a Neighbourhood Action Group priority (co-ordinators)",
)
def priority_add(request, path: Path[NeighbourhoodPath], payload: PriorityIn):
    slug = path.slug
    n = access_neighbourhood(request.user, slug, write=True)
    priority = services.priority_add(
        neighbourhood=n,
        added_by=request.user,
        issue=payload.issue.strip(),
        issue_date=payload.issue_date,
        action=payload.action.strip(),
        action_date=payload.action_date,
    )
    return Status(201, _priority(priority))


@router.post(
    "/neighbourhoods/{slug}/priorities/{priority_id}/close",
    response={200: PriorityOut, **errors(400, 403, 404, 413, 422)},
    summary="Close a priority, with the action taken if given (co-ordinators)",
)
def priority_close(request, path: Path[PriorityPath], payload: PriorityCloseIn):
    slug, priority_id = path.slug, path.priority_id
    n = access_neighbourhood(request.user, slug, write=True)
    priority = n.priorities.filter(pk=priority_id).first()
    if priority is None:
        raise Http404("No such priority")
    closed = services.priority_close(
        priority=priority,
        closed_by=request.user,
        closed_on=payload.closed_on,
        action=payload.action,
    )
    return Status(200, _priority(closed))
