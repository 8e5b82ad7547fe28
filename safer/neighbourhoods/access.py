"""Who may read and maintain the partnership's neighbourhoods: decided here and nowhere else.

Neighbourhoods hold no personal data beyond a team's work contacts, all of it published, so
anyone who may see records or analytics may read the staff pages. Co-ordinators (supervise)
maintain them, as they do the partnership's other shared settings."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safer.neighbourhoods.models import Neighbourhood
from safer.partners.access import has_capability
from safer.partners.roles import Capability

CANNOT_READ = "Your role does not let you see the partnership's neighbourhoods"
CANNOT_EDIT = "Only co-ordinators can change neighbourhoods, their teams, events and priorities"


def can_read(user) -> bool:
    return has_capability(user, Capability.VIEW_RECORDS) or has_capability(
        user, Capability.VIEW_ANALYTICS
    )


def can_edit(user) -> bool:
    return has_capability(user, Capability.SUPERVISE)


def require_reader(user) -> None:
    if not can_read(user):
        raise PermissionDenied(CANNOT_READ)


def require_editor(user) -> None:
    require_reader(user)
    if not can_edit(user):
        raise PermissionDenied(CANNOT_EDIT)


def access_neighbourhood(user, slug: str, *, write: bool = False) -> Neighbourhood:
    """The neighbourhood for a staff page: 403 for a role that may not (read or change it),
    404 for one that does not exist (published or not, staff see them all)."""
    if write:
        require_editor(user)
    else:
        require_reader(user)
    neighbourhood = Neighbourhood.objects.filter(slug=slug).first()
    if neighbourhood is None:
        raise Http404("No such neighbourhood")
    return neighbourhood
