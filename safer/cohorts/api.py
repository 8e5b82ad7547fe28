"""Cohorts through the API: the same access rule, services and measure as the pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from safer.cohorts import services
from safer.cohorts.access import access_cohort, cohort_list_visible_to, may_see_cohorts
from safer.cohorts.measure import cohort_measure
from safer.core.api_schema import InputSchema, errors
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.people.access import access_person

router = Router(tags=["cohorts"])


class CohortOut(Schema):
    id: int
    name: str
    kind: str
    organisation_id: int
    description: str


class MemberIn(InputSchema):
    person_id: int
    joined_on: date


class MemberOut(Schema):
    id: int
    person_id: int
    joined_on: date
    left_on: date | None


class MemberMeasureOut(Schema):
    id: int
    person_id: int
    person_name: str
    joined_on: date
    left_on: date | None
    days: int = Field(description="The length of each period, before and after, in days")
    reports_before: int
    reports_after: int
    interventions_before: int
    interventions_after: int


class InterventionsOut(Schema):
    before: int
    after: int
    change_percent: float | None


class MeasureOut(Schema):
    before: int = Field(description="Reports naming members as alleged perpetrator, before")
    after: int = Field(description="The same, over the equal period after joining")
    change_percent: float | None = Field(description="(after - before) / before x 100")
    method: str
    members: int
    interventions: InterventionsOut


@router.get(
    "/cohorts",
    response={200: list[CohortOut], **errors(403)},
    summary="The cohorts of the caller's organisation",
)
def cohort_list(request):
    if not may_see_cohorts(request.user):
        require_capability(request.user, Capability.VIEW_RECORDS)
    return [
        {
            "id": c.pk,
            "name": c.name,
            "kind": c.kind,
            "organisation_id": c.organisation_id,
            "description": c.description,
        }
        for c in cohort_list_visible_to(request.user).order_by("name", "pk")
    ]


@router.post(
    "/cohorts/{cohort_id}/members",
    response={201: MemberOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a person to a cohort from the day they joined",
)
def member_add(request, cohort_id: int, payload: MemberIn):
    cohort = access_cohort(request.user, cohort_id, write=True)
    try:
        person = access_person(request.user, payload.person_id)
    except Http404:
        raise ValidationError({"person_id": services.PERSON_UNSEEN}) from None
    member = services.cohort_member_add(
        cohort=cohort, person=person, joined_on=payload.joined_on, added_by=request.user
    )
    return Status(
        201,
        {
            "id": member.pk,
            "person_id": person.pk,
            "joined_on": member.joined_on,
            "left_on": member.left_on,
        },
    )


@router.get(
    "/cohorts/{cohort_id}/measure",
    response={200: MeasureOut, **errors(403, 404, 422)},
    summary="The cohort's reports and interventions over equal periods before and after joining",
)
def measure(request, cohort_id: int):
    cohort = access_cohort(request.user, cohort_id)
    result = cohort_measure(cohort)
    services.cohort_viewed(cohort=cohort, viewed_by=request.user, via="api", members=False)
    return {
        "before": result.before.reports,
        "after": result.after.reports,
        "change_percent": result.reports_change,
        "method": result.method,
        "members": len(result.members),
        "interventions": {
            "before": result.before.interventions,
            "after": result.after.interventions,
            "change_percent": result.interventions_change,
        },
    }


@router.get(
    "/cohorts/{cohort_id}/members",
    response={200: list[MemberMeasureOut], **errors(403, 404, 422)},
    summary="The cohort's members, each with their counts before and after joining",
)
def member_list(request, cohort_id: int):
    cohort = access_cohort(request.user, cohort_id, members=True)
    result = cohort_measure(cohort)
    services.cohort_viewed(cohort=cohort, viewed_by=request.user, via="api", members=True)
    return [
        {
            "id": row.member.pk,
            "person_id": row.member.person_id,
            "person_name": row.member.person.full_name,
            "joined_on": row.member.joined_on,
            "left_on": row.member.left_on,
            "days": row.days,
            "reports_before": row.before.reports,
            "reports_after": row.after.reports,
            "interventions_before": row.before.interventions,
            "interventions_after": row.after.interventions,
        }
        for row in result.members
    ]
