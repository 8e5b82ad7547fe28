"""Hate incidents through the API: the same visibility rule and services as the pages (each
organisation sees only what was routed to it; co-ordinators also those routed nowhere)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.hateincidents import selectors, services
from safer.hateincidents.models import HateIncident
from safer.partners.access import require_capability
from safer.partners.roles import Capability

router = Router(tags=["hate incidents"])

NOT_ROUTED_TO_YOU = "This incident was not passed to your organisation"


class RoutingOut(Schema):
    organisation_id: int
    organisation_name: str
    routed_at: datetime
    first_contact_due: datetime
    first_contacted_at: datetime | None
    outcome: str


class HateIncidentSummaryOut(Schema):
    id: int
    reference: str
    received_at: datetime
    received_via: str
    motivations: list[str]
    first_contact_due: datetime | None = Field(description="For your organisation's routing")
    first_contacted_at: datetime | None


class HateIncidentOut(HateIncidentSummaryOut):
    reporter_role: str
    anonymous: bool
    contact_name: str
    contact_email: str
    contact_phone: str
    what_happened: str
    language: str = Field(description="The language of the page the reporter used")
    postcode: str
    place: str
    happened_on: date
    happened_time: str
    other_motivation: str
    consent_contact: bool
    consent_referral: bool
    consent_police: bool
    routings: list[RoutingOut]


class FirstContactIn(InputSchema):
    contacted_at: datetime | None = Field(None, description="Now if left out")
    outcome: str = Field("", max_length=5000)


def _summary(incident: HateIncident, routing) -> dict:
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "received_at": incident.created_at,
        "received_via": incident.received_via,
        "motivations": incident.motivations,
        "first_contact_due": routing.first_contact_due if routing else None,
        "first_contacted_at": routing.first_contacted_at if routing else None,
    }


def _detail(request, incident: HateIncident) -> dict:
    fields = [name for name in HateIncidentOut.model_fields if hasattr(incident, name)]
    out = {name: getattr(incident, name) for name in fields}
    out.update(_summary(incident, selectors.routing_of(request.user, incident)))
    out["routings"] = [
        {
            "organisation_id": r.organisation_id,
            "organisation_name": r.organisation.name,
            "routed_at": r.routed_at,
            "first_contact_due": r.first_contact_due,
            "first_contacted_at": r.first_contacted_at,
            "outcome": r.outcome,
        }
        for r in incident.routings.select_related("organisation")
    ]
    return out


@router.get(
    "/hate-incidents",
    response={200: list[HateIncidentSummaryOut], **errors(403)},
    summary="Hate incidents routed to your organisation (newest first, at most 200)",
)
def hate_incident_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    incidents = list(selectors.hate_incident_list_visible_to(request.user)[:200])
    routings = {
        r.incident_id: r
        for r in selectors.routing_list_for(request.user).filter(incident__in=incidents)
    }
    return [_summary(incident, routings.get(incident.pk)) for incident in incidents]


@router.get(
    "/hate-incidents/{incident_id}",
    response={200: HateIncidentOut, **errors(404, 422)},
    summary="One hate incident routed to your organisation (audited)",
)
def hate_incident_detail(request, incident_id: int):
    return _detail(request, selectors.access_hate_incident(request.user, incident_id))


@router.post(
    "/hate-incidents/{incident_id}/first-contact",
    response={200: HateIncidentOut, **errors(400, 403, 404, 413, 422)},
    summary="Record your organisation's first contact with the reporter",
)
def hate_incident_first_contact(request, incident_id: int, payload: FirstContactIn):
    incident = selectors.access_hate_incident(request.user, incident_id)
    require_capability(request.user, Capability.EDIT_RECORDS)
    routing = selectors.routing_of(request.user, incident)
    if routing is None:
        raise PermissionDenied(NOT_ROUTED_TO_YOU)
    services.routing_first_contact(
        routing=routing,
        contacted_by=request.user,
        contacted_at=payload.contacted_at,
        outcome=payload.outcome,
    )
    return _detail(request, incident)
