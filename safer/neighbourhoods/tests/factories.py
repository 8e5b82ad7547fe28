"""Neighbourhoods for tests, built as co-ordinators build them (from LSOAs or a drawn square)."""

from datetime import timedelta

from django.utils import timezone

from safer.neighbourhoods import geometry
from safer.neighbourhoods.models import Event, Neighbourhood, Priority, TeamMember

# Banbury's town-centre LSOAs (Cherwell 003A-D) and Kidlington's (017A-E) from the committed
# outlines in safer/intel/data/cherwell-lsoa-2011.geojson.
BANBURY_LSOAS = ["E01028445", "E01028446", "E01028447", "E01028448"]
KIDLINGTON_LSOAS = ["E01028487", "E01028489", "E01028490", "E01028491", "E01028494"]


def square(lat: float, lng: float, half: float) -> list:
    """A boundary: one square polygon around the point, [lat, lng] pairs, closed."""
    ring = [
        [lat - half, lng - half],
        [lat - half, lng + half],
        [lat + half, lng + half],
        [lat + half, lng - half],
        [lat - half, lng - half],
    ]
    return [[ring]]


def neighbourhood(
    slug: str = "banbury-town", name: str = "Banbury Town", *, lsoas=None, boundary=None, **extra
) -> Neighbourhood:
    codes = list(lsoas if lsoas is not None else BANBURY_LSOAS)
    outline = boundary if boundary is not None else geometry.boundary_from_lsoas(codes)
    lat, lng = geometry.centre(outline)
    return Neighbourhood.objects.create(
        slug=slug,
        name=name,
        lsoa_codes=codes if boundary is None else [],
        boundary=outline,
        centre_latitude=lat,
        centre_longitude=lng,
        **extra,
    )


def team_member(n: Neighbourhood, name: str = "PC Testy McTestface", **extra) -> TeamMember:
    return TeamMember.objects.create(neighbourhood=n, name=name, **extra)


def event(n: Neighbourhood, *, days: int = 7, title: str = "Beat meeting", **extra) -> Event:
    return Event.objects.create(
        neighbourhood=n, title=title, starts_at=timezone.now() + timedelta(days=days), **extra
    )


def priority(n: Neighbourhood, *, issue: str = "Speeding on the High Street", **extra) -> Priority:
    extra.setdefault("issue_date", timezone.localdate() - timedelta(days=30))
    return Priority.objects.create(neighbourhood=n, issue=issue, **extra)
