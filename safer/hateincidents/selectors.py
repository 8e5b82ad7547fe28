"""Reading hate incidents: the one rule of who sees what, and the lists built on it.

An incident is visible to a user with VIEW_RECORDS whose organisation it was routed to. The
co-ordinators (SUPERVISE) of the co-ordinating organisation (HATE_INCIDENT_COORDINATORS) also
see incidents routed to no organisation (no referral consent, or no rule matched), so none is
left unseen. Nobody else sees an incident, and a routed incident's other organisations are not
named beyond its page's "sent to" list.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safer import audit
from safer.hateincidents.models import HateIncident, Routing
from safer.hateincidents.services import coordinating_organisation
from safer.partners.access import has_capability, organisation_of, require_capability
from safer.partners.roles import Capability


def is_coordinator(user) -> bool:
    """A supervisor of the co-ordinating organisation: keeps the rules, sees unrouted ones."""
    organisation = organisation_of(user)
    return (
        organisation is not None
        and has_capability(user, Capability.SUPERVISE)
        and organisation == coordinating_organisation()
    )


def hate_incident_list_visible_to(user) -> QuerySet[HateIncident]:
    """The incidents the user may see (module docstring), newest first."""
    if not has_capability(user, Capability.VIEW_RECORDS):
        return HateIncident.objects.none()
    organisation = organisation_of(user)
    mine = Routing.objects.filter(incident=OuterRef("pk"), organisation=organisation)
    visible = Q(Exists(mine))
    if is_coordinator(user):
        visible |= ~Q(Exists(Routing.objects.filter(incident=OuterRef("pk"))))
    return HateIncident.objects.filter(visible).order_by("-created_at")


def routing_list_for(user) -> QuerySet[Routing]:
    """The routings to the user's organisation (what it must act on)."""
    if not has_capability(user, Capability.VIEW_RECORDS):
        return Routing.objects.none()
    return Routing.objects.filter(organisation=organisation_of(user)).select_related("incident")


def routing_list_overdue_for(user) -> QuerySet[Routing]:
    """Routings to the user's organisation whose first contact is due and not yet made."""
    return routing_list_for(user).filter(
        first_contacted_at__isnull=True, first_contact_due__lt=timezone.now()
    )


def access_hate_incident(user, pk: int) -> HateIncident:
    """The incident if the user may see it (403 without VIEW_RECORDS, 404 if not theirs to
    see); the view is audited."""
    require_capability(user, Capability.VIEW_RECORDS)
    incident = hate_incident_list_visible_to(user).filter(pk=pk).first()
    if incident is None:
        raise Http404("Not found")
    audit.record(actor=user, action="hate_incident.viewed", target=incident)
    return incident


def routing_of(user, incident: HateIncident) -> Routing | None:
    """The incident's routing to the user's organisation, if any."""
    return incident.routings.filter(organisation=organisation_of(user)).first()
