"""Referrals through the API: the same access rule, services and errors as the pages."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from safer.cases.access import access_case
from safer.core.api_schema import InputSchema, errors
from safer.partners.access import has_capability, require_capability
from safer.partners.roles import Capability
from safer.people.access import access_person
from safer.people.models import Person
from safer.referrals import selectors, services
from safer.referrals.access import ReferralAccess, access_referral, referral_access
from safer.referrals.models import Referral, Scheme

router = Router(tags=["referrals"])

CASE_UNSEEN = "No open case with this id that you can add to"


class ReferralIn(InputSchema):
    case_id: int
    person_id: int = Field(description="A person involved in the case's reports")
    scheme: str = Field(max_length=50, description="The scheme's code (GET /referral-schemes)")
    reason: str = Field(min_length=1, max_length=4000)


class ReferralCreatedOut(Schema):
    id: int
    status: str


class ReferralOut(Schema):
    id: int
    status: str
    scheme: str
    scheme_name: str
    provider_id: int
    referring_organisation_id: int
    person_id: int | None = Field(description="Null where the person may not be named to you")
    person_name: str
    phone: str
    email: str
    address: str
    reason: str
    referred_on: date
    decided_on: date | None
    outcome: str
    outcome_on: date | None
    case_id: int | None = Field(description="Only for those who may open the case")


class ReferralListQuery(InputSchema):
    view: Literal["", "received", "made"] = ""
    status: Literal["", "sent", "accepted", "declined", "completed", "withdrawn"] = ""


class ReferralStatusIn(InputSchema):
    status: Literal["accepted", "declined", "completed", "withdrawn"]
    note: str = Field("", max_length=4000, description="Decision or withdrawal note")
    outcome: str = Field("", max_length=4000, description="Needed to complete")
    on: date | None = Field(None, description="Date of the decision or outcome; today if left out")


class SchemeOut(Schema):
    code: str
    name: str
    kind: str
    provider_id: int
    provider_name: str


def _out(access: ReferralAccess) -> dict:
    referral = access.referral
    person = referral.person
    named = access.person_visible
    return {
        "id": referral.pk,
        "status": referral.status,
        "scheme": referral.scheme.code,
        "scheme_name": referral.scheme.name,
        "provider_id": referral.scheme.provider_id,
        "referring_organisation_id": referral.organisation_id,
        "person_id": person.pk if named else None,
        "person_name": person.full_name if named else "",
        "phone": person.phone if named else "",
        "email": person.email if named else "",
        "address": " ".join(filter(None, [person.address, person.postcode])) if named else "",
        "reason": referral.reason,
        "referred_on": referral.referred_on,
        "decided_on": referral.decided_on,
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on,
        "case_id": referral.case_id if access.sees_case else None,
    }


def _person(user, person_id: int) -> Person | None:
    """The person if the caller may open them; the service then checks they are in the case."""
    try:
        return access_person(user, person_id)
    except Http404:
        return None


@router.post(
    "/referrals",
    response={201: ReferralCreatedOut, **errors(400, 403, 413, 422)},
    summary="Refer a person involved in a case to a partner scheme",
)
def referral_create(request, payload: ReferralIn):
    require_capability(request.user, Capability.EDIT_RECORDS)
    try:
        case = access_case(request.user, payload.case_id, contribute=True)
    except Http404:
        raise ValidationError({"case_id": CASE_UNSEEN}) from None
    referral = services.referral_create(
        case=case,
        person=_person(request.user, payload.person_id),
        scheme=services.scheme_by_code(payload.scheme),
        reason=payload.reason,
        referred_by=request.user,
    )
    return Status(201, {"id": referral.pk, "status": referral.status})


@router.get(
    "/referrals",
    response={200: list[ReferralOut], **errors(403, 422)},
    summary="Referrals received by or made by the caller's organisation, newest first",
)
def referral_list(request, query: Query[ReferralListQuery]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    referrals = list(
        selectors.referral_list_visible_to(request.user, view=query.view, status=query.status)[:200]
    )
    services.referrals_listed(user=request.user, shown=[r.pk for r in referrals], via="api")
    return [_out(referral_access(request.user, referral)) for referral in referrals]


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **errors(404, 422)},
    summary="One referral",
)
def referral_detail(request, referral_id: int):
    access = access_referral(request.user, referral_id)
    services.referral_viewed(referral=access.referral, viewed_by=request.user, via="api")
    return _out(access)


@router.post(
    "/referrals/{referral_id}/status",
    response={200: ReferralOut, **errors(400, 403, 404, 413, 422)},
    summary="Accept, decline or complete (the provider) or withdraw (the referrer)",
)
def referral_status(request, referral_id: int, payload: ReferralStatusIn):
    status = payload.status
    withdraw = status == Referral.Status.WITHDRAWN
    access = access_referral(request.user, referral_id, decide=not withdraw, withdraw=withdraw)
    referral = access.referral
    if status in (Referral.Status.ACCEPTED, Referral.Status.DECLINED):
        services.referral_decide(
            referral=referral,
            decided_by=request.user,
            accept=status == Referral.Status.ACCEPTED,
            note=payload.note,
            decided_on=payload.on,
        )
    elif status == Referral.Status.COMPLETED:
        services.referral_complete(
            referral=referral,
            completed_by=request.user,
            outcome=payload.outcome,
            outcome_on=payload.on,
        )
    else:
        services.referral_withdraw(referral=referral, withdrawn_by=request.user, note=payload.note)
    return _out(access)


@router.get(
    "/referral-schemes",
    response={200: list[SchemeOut], **errors(403)},
    summary="The schemes a referral can name, by code",
)
def scheme_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    return [
        {
            "code": s.code,
            "name": s.name,
            "kind": s.kind,
            "provider_id": s.provider_id,
            "provider_name": s.provider.name,
        }
        for s in selectors.scheme_list()
    ]


class SchemeCodePath(InputSchema):
    code: str = Field(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")


class BudgetQuery(InputSchema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="Financial year by its start; this one if left out"
    )


class BudgetOut(Schema):
    scheme: str
    year: int
    label: str
    amount: Decimal | None
    spent: Decimal = Field(description="Completed referrals: cost less household contribution")
    committed: Decimal = Field(description="Accepted referrals not yet completed")
    remaining: Decimal | None
    households: int


@router.get(
    "/referral-schemes/{code}/budget",
    response={200: BudgetOut, **errors(403, 404, 422)},
    summary="A target-hardening scheme's budget for a financial year: totals only",
)
def scheme_budget(request, path: Path[SchemeCodePath], query: Query[BudgetQuery]):
    if not has_capability(request.user, Capability.VIEW_ANALYTICS):
        require_capability(request.user, Capability.VIEW_RECORDS)
    scheme = Scheme.objects.filter(code=path.code, kind=Scheme.Kind.TARGET_HARDENING).first()
    if scheme is None:
        raise Http404
    summary = selectors.budget_year(
        scheme, query.year or selectors.financial_year(timezone.localdate())
    )
    return {
        "scheme": scheme.code,
        "year": summary.year,
        "label": summary.label,
        "amount": summary.amount,
        "spent": summary.spent,
        "committed": summary.committed,
        "remaining": summary.remaining,
        "households": summary.referrals,
    }
