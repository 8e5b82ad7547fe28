"""Business crime schemes through the API: the same access rule (access.access_scheme),
selectors and services as the pages. A member who has not signed the agreement in force gets
403 from everything but the list of their schemes and signing."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.people.access import access_person
from safer.schemes import selectors, services
from safer.schemes.access import access_scheme, schemes_visible_to
from safer.schemes.measures import hub_figures, scheme_figures
from safer.schemes.models import Alert, MemberBusiness

router = Router(tags=["schemes"])

PERSON_UNSEEN = "No person with that id on records you can see"


class SchemeOut(Schema):
    id: int
    name: str
    kind: str
    organisation: str
    you_are: str = Field(description="administrator or member")
    signed: bool = Field(description="Whether you have signed the agreement in force")


class BusinessOut(Schema):
    id: int
    name: str
    business_type: str
    premises_licence_number: str
    address: str
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: str


class BusinessIn(InputSchema):
    name: str = Field(max_length=200)
    business_type: str
    address: str = Field(max_length=300)
    postcode: str = Field("", max_length=10)
    premises_licence_number: str = Field("", max_length=50)
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class IncidentIn(InputSchema):
    kind: str
    occurred_at: datetime
    description: str = Field(max_length=5000)
    business_id: int | None = Field(None, description="Your premises; the first if not given")
    location: str = Field("", max_length=300)
    offender_id: int | None = Field(None, description="A profile from /excluded")
    offender_description: str = Field("", max_length=2000)
    goods_value: Decimal | None = None
    cctv_held: bool = False
    police_reference: str = Field("", max_length=50)


class IncidentOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    business_id: int
    location: str
    description: str
    offender_id: int | None = Field(
        description="The known offender's profile; for members, only while they may see it"
    )
    offender_description: str
    goods_value: Decimal | None
    cctv_held: bool
    police_reference: str
    breach: bool


class ExclusionIn(InputSchema):
    person_id: int
    starts_on: date
    ends_on: date = Field(description="The first day the person may return")
    premises_ids: list[int]
    area: str = Field("", max_length=300)
    reason: str = Field("", max_length=4000)
    description: str = Field("", max_length=2000)


class ExclusionOut(Schema):
    id: int
    profile_id: int
    starts_on: date
    ends_on: date
    premises_ids: list[int]


class AppealOut(Schema):
    id: int
    received_on: date
    outcome: str
    decided_on: date | None


class ExclusionRecordOut(Schema):
    id: int
    profile_id: int
    name: str | None = Field(description="None once the personal data have been removed")
    starts_on: date
    ends_on: date = Field(description="The first day the person may return, as issued")
    ended_on: date | None = Field(description="When it was ended early, if it was")
    returns_on: date = Field(description="The first day the exclusion no longer applies")
    in_force: bool = Field(description="Whether it applies today")
    area: str
    premises_ids: list[int]
    appeals: list[AppealOut]


class ExcludedOut(Schema):
    profile_id: int
    name: str
    description: str
    starts_on: date
    returns_on: date = Field(description="The first day the exclusion no longer applies")
    area: str
    premises_ids: list[int]
    photo_urls: list[str]
    last_viewed_at: datetime | None = Field(description="When you last viewed them (members)")


class AlertIn(InputSchema):
    title: str = Field(max_length=150)
    body: str = Field(max_length=4000)
    postcode_area: str = Field(
        "",
        max_length=8,
        description="Only premises in this postcode area (OX), district (OX16) or sector (OX16 5)",
    )
    area_id: int | None = Field(
        None,
        description="Only premises whose map point lies inside this area of the intelligence hub "
        "(its code, the id of a custom area at /intel/areas); not with postcode_area",
    )


class AlertOut(Schema):
    id: int
    title: str
    body: str
    sent_at: datetime
    postcode_area: str = Field("", description="The postcode area it was sent to, if one")
    area_id: int | None = Field(None, description="The hub area it was sent to, if one")
    area_name: str = Field("", description="That area's name (kept if the area is removed)")
    read: bool | None = Field(None, description="Members: whether you have read it")
    read_by: int | None = Field(None, description="Administrators: how many have read it")
    recipients: int | None = None


class FigureOut(Schema):
    label: str
    now: int | None
    last_year: int | None
    change_percent: float | None


class MeasuresOut(Schema):
    scheme: list[FigureOut]
    area: list[FigureOut]


def _business(b: MemberBusiness) -> dict:
    return {
        "id": b.pk,
        "name": b.name,
        "business_type": b.business_type,
        "premises_licence_number": b.premises_licence_number,
        "address": b.address,
        "postcode": b.postcode,
        "latitude": b.latitude,
        "longitude": b.longitude,
        "status": b.status,
    }


def _incident(i, *, hide_offender: bool = False) -> dict:
    return {
        "id": i.pk,
        "kind": i.kind,
        "occurred_at": i.occurred_at,
        "business_id": i.business_id,
        "location": i.location,
        "description": i.description,
        "offender_id": None if hide_offender else i.offender_id,
        "offender_description": i.offender_description,
        "goods_value": i.goods_value,
        "cctv_held": i.cctv_held,
        "police_reference": i.police_reference,
        "breach": i.breach_of_id is not None,
    }


@router.get("/schemes", response={200: list[SchemeOut], **errors()}, summary="Your schemes")
def scheme_list(request):
    found = []
    for scheme in schemes_visible_to(request.user).select_related("organisation"):
        access = access_scheme(request.user, scheme.pk)
        found.append(
            {
                "id": scheme.pk,
                "name": scheme.name,
                "kind": scheme.kind,
                "organisation": scheme.organisation.name,
                "you_are": "administrator" if access.is_staff else "member",
                "signed": access.sees_information,
            }
        )
    return found


@router.post(
    "/schemes/{scheme_id}/agreement/signature",
    response={201: SchemeOut, **errors(400, 403, 404, 422)},
    summary="Sign the scheme's information-sharing agreement in force",
)
def agreement_sign(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id)
    services.agreement_sign(access=access, signed_by=request.user)
    scheme = access.scheme
    return Status(
        201,
        {
            "id": scheme.pk,
            "name": scheme.name,
            "kind": scheme.kind,
            "organisation": scheme.organisation.name,
            "you_are": "member",
            "signed": True,
        },
    )


@router.get(
    "/schemes/{scheme_id}/members",
    response={200: list[BusinessOut], **errors(403, 404, 422)},
    summary="Member businesses: all of them for administrators, approved ones for members",
)
def member_list(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    return [_business(b) for b in selectors.businesses_of(access)]


@router.post(
    "/schemes/{scheme_id}/members",
    response={201: BusinessOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a member business (administrators)",
)
def member_add(request, scheme_id: int, payload: BusinessIn):
    access = access_scheme(request.user, scheme_id, manage=True)
    business = services.business_add(access=access, added_by=request.user, **payload.dict())
    return Status(201, _business(business))


@router.get(
    "/schemes/{scheme_id}/incidents",
    response={200: list[IncidentOut], **errors(403, 404, 422)},
    summary="Incidents: every one for administrators and police, your premises' for members",
)
def incident_list(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    rows = selectors.incidents_for_table(access, selectors.incidents_visible(access)[:500])
    # a member is given the profile only while they may open it, as on the page
    return [_incident(i, hide_offender=access.is_member and not i.offender_shown) for i in rows]


@router.post(
    "/schemes/{scheme_id}/incidents",
    response={201: IncidentOut, **errors(400, 403, 404, 413, 422)},
    summary="Report an incident at your premises",
)
def incident_report(request, scheme_id: int, payload: IncidentIn):
    access = access_scheme(request.user, scheme_id, signed=True)
    data = payload.dict()
    if timezone.is_naive(data["occurred_at"]):
        data["occurred_at"] = timezone.make_aware(data["occurred_at"])
    incident = services.incident_report(access=access, reported_by=request.user, **data)
    return Status(201, _incident(incident))


@router.post(
    "/schemes/{scheme_id}/exclusions",
    response={201: ExclusionOut, **errors(400, 403, 404, 413, 422)},
    summary="Exclude a person from the scheme's premises (administrators)",
)
def exclusion_issue(request, scheme_id: int, payload: ExclusionIn):
    access = access_scheme(request.user, scheme_id, manage=True)
    try:
        person = access_person(request.user, payload.person_id)
    except Http404:
        raise ValidationError({"person_id": PERSON_UNSEEN}) from None
    data = payload.dict()
    data.pop("person_id")
    exclusion = services.exclusion_issue(
        access=access, person=person, issued_by=request.user, **data
    )
    return Status(
        201,
        {
            "id": exclusion.pk,
            "profile_id": exclusion.profile_id,
            "starts_on": exclusion.starts_on,
            "ends_on": exclusion.ends_on,
            "premises_ids": sorted(exclusion.premises.values_list("pk", flat=True)),
        },
    )


@router.get(
    "/schemes/{scheme_id}/exclusions",
    response={200: list[ExclusionRecordOut], **errors(403, 404, 422)},
    summary="Every exclusion of the scheme, past and present, with appeals (administrators)",
)
def exclusion_list(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, manage=True)
    today = timezone.localdate()
    rows = list(selectors.exclusions_of(access)[:500])
    services.excluded_list_viewed(
        access=access,
        profiles=sorted({e.profile_id for e in rows if e.profile.person_id}),
        via="exclusions api",
    )
    return [
        {
            "id": e.pk,
            "profile_id": e.profile_id,
            "name": e.profile.person.full_name if e.profile.person_id else None,
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "ended_on": e.ended_on,
            "returns_on": e.last_day,
            "in_force": e.in_force_on(today),
            "area": e.area,
            "premises_ids": sorted(p.pk for p in e.premises.all()),
            "appeals": [
                {
                    "id": a.pk,
                    "received_on": a.received_on,
                    "outcome": a.outcome,
                    "decided_on": a.decided_on,
                }
                for a in e.appeals.all()
            ],
        }
        for e in rows
    ]


@router.get(
    "/schemes/{scheme_id}/excluded",
    response={200: list[ExcludedOut], **errors(403, 404, 422)},
    summary="Who is excluded today (403 until you have signed the agreement in force)",
)
def excluded(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    people = selectors.excluded_people(access)
    services.excluded_list_viewed(access=access, profiles=[e.profile.pk for e in people], via="api")
    return [
        {
            "profile_id": e.profile.pk,
            "name": e.profile.person.full_name,
            "description": e.profile.description,
            "starts_on": e.exclusion.starts_on,
            "returns_on": e.exclusion.last_day,
            "area": e.exclusion.area,
            "premises_ids": sorted(p.pk for p in e.exclusion.premises.all()),
            "photo_urls": [f"/schemes/{scheme_id}/photos/{p.pk}" for p in e.profile.photos.all()],
            "last_viewed_at": e.last_viewed_at,
        }
        for e in people
    ]


def _alert(alert: Alert, access) -> dict:
    out = {
        "id": alert.pk,
        "title": alert.title,
        "body": alert.body,
        "sent_at": alert.sent_at,
        "postcode_area": alert.postcode_area,
        "area_id": alert.area_id,
        "area_name": alert.area_name,
    }
    if access.is_staff:
        out["read_by"] = getattr(alert, "read", None)
        out["recipients"] = getattr(alert, "recipients", None)
    else:
        out["read"] = not getattr(alert, "unread", False)
    return out


@router.get(
    "/schemes/{scheme_id}/alerts",
    response={200: list[AlertOut], **errors(403, 404, 422)},
    summary="Alerts: those sent to you (members), or every one with its read count",
)
def alert_list(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    return [_alert(a, access) for a in selectors.alerts_for(access)[:200]]


@router.post(
    "/schemes/{scheme_id}/alerts",
    response={201: AlertOut, **errors(400, 403, 404, 413, 422)},
    summary="Send an alert to the scheme's members (administrators)",
)
def alert_send(request, scheme_id: int, payload: AlertIn):
    access = access_scheme(request.user, scheme_id, manage=True)
    alert = services.alert_send(access=access, sent_by=request.user, **payload.dict())
    alert.read, alert.recipients = 0, alert.receipts.count()
    return Status(201, _alert(alert, access))


@router.post(
    "/schemes/{scheme_id}/alerts/{alert_id}/read",
    response={204: None, **errors(403, 404, 422)},
    summary="Mark an alert sent to you as read",
)
def alert_read(request, scheme_id: int, alert_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    alert = selectors.alerts_for(access).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    services.alert_read(alert=alert, user=request.user)
    return Status(204, None)


@router.get(
    "/schemes/{scheme_id}/measures",
    response={200: MeasuresOut, **errors(403, 404, 422)},
    summary="The scheme's measures and police-recorded crime in its area (administrators)",
)
def measures(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, signed=True)
    if not access.is_staff:
        access.require_manage()

    def figures(found):
        return [
            {
                "label": f.label,
                "now": f.now,
                "last_year": f.last_year,
                "change_percent": f.change_percent,
            }
            for f in found
        ]

    return {
        "scheme": figures(scheme_figures(access.scheme, today=timezone.localdate())),
        "area": figures(hub_figures(access.scheme.area)),
    }
