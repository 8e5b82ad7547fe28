"""Reads of the partnership's neighbourhoods, for the staff pages, police.uk's neighbourhood
calls, the public crime map and the community screen.

Only published neighbourhoods are public: every public caller starts from
`neighbourhoods_published()` (or `neighbourhood_published(slug)`)."""

from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from safer.neighbourhoods import geometry
from safer.neighbourhoods.models import Event, Neighbourhood, Priority, TeamMember


def neighbourhoods_all() -> QuerySet[Neighbourhood]:
    """Every neighbourhood, published or not, by name: the staff list."""
    return Neighbourhood.objects.all()


def neighbourhoods_published() -> QuerySet[Neighbourhood]:
    """The neighbourhoods the public may see, by name."""
    return Neighbourhood.objects.filter(is_published=True)


def neighbourhood_published(slug: str) -> Neighbourhood | None:
    """The published neighbourhood with this police.uk-style id, or None."""
    return neighbourhoods_published().filter(slug=slug).first()


def neighbourhood_containing(lat: float, lng: float) -> Neighbourhood | None:
    """The published neighbourhood whose boundary holds the point (holes respected), or None.

    Neighbourhoods should not overlap; if they do, the first by name wins, so the answer is
    at least stable."""
    for neighbourhood in neighbourhoods_published().only("pk", "slug", "name", "boundary"):
        if neighbourhood.boundary and geometry.contains(neighbourhood.boundary, lat, lng):
            return neighbourhoods_published().get(pk=neighbourhood.pk)
    return None


def team_of(neighbourhood: Neighbourhood) -> QuerySet[TeamMember]:
    """The team in the order the co-ordinators set."""
    return neighbourhood.team.order_by("order", "name", "pk")


def priorities_current(neighbourhood: Neighbourhood) -> QuerySet[Priority]:
    """The Neighbourhood Action Group's open priorities, newest issue first."""
    return neighbourhood.priorities.filter(closed_on__isnull=True).order_by("-issue_date", "pk")


def priorities_closed(neighbourhood: Neighbourhood) -> QuerySet[Priority]:
    """Priorities the group has closed, most recently closed first."""
    return neighbourhood.priorities.filter(closed_on__isnull=False).order_by("-closed_on", "pk")


def priorities_all(neighbourhood: Neighbourhood) -> QuerySet[Priority]:
    """Every priority, open ones first: police.uk's priorities call lists them all."""
    return neighbourhood.priorities.order_by(
        F("closed_on").desc(nulls_first=True), "-issue_date", "pk"
    )


def events_upcoming(
    neighbourhood: Neighbourhood, *, now: datetime | None = None
) -> QuerySet[Event]:
    """Events not yet over (starting later, or started and still running), soonest first."""
    now = now or timezone.now()
    return neighbourhood.events.filter(
        Q(starts_at__gte=now) | Q(ends_at__isnull=False, ends_at__gte=now)
    ).order_by("starts_at", "pk")


def events_past(neighbourhood: Neighbourhood, *, now: datetime | None = None) -> QuerySet[Event]:
    """Events that are over, most recent first."""
    now = now or timezone.now()
    return (
        neighbourhood.events.filter(starts_at__lt=now)
        .exclude(ends_at__isnull=False, ends_at__gte=now)
        .order_by("-starts_at", "pk")
    )
