"""Licensed premises through the API: licensing reviews of a scheme's premises and the
committee's decisions, with the same access rule and services as the pages (administrators
only)."""

from collections import defaultdict
from datetime import date

from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.schemes import licensing, selectors
from safer.schemes.access import access_scheme
from safer.schemes.models import LicensingReview

router = Router(tags=["schemes"])


class ConditionOut(Schema):
    id: int
    text: str
    imposed_on: date


class ReviewOut(Schema):
    id: int
    business_id: int
    applied_on: date
    grounds: str
    status: str
    decision: str = Field(description="One of " + ", ".join(LicensingReview.Decision.values))
    decided_on: date | None
    outcome: str = Field(description="The committee's reasons")
    incident_ids: list[int]
    conditions: list[str] = Field(description="Conditions the decision added to the licence")
    conditions_removed: list[str] = Field(
        description="Conditions the decision removed from the licence"
    )
    licence_conditions: list[ConditionOut] = Field(
        description="The conditions on the premises licence today (ids for conditions_removed)"
    )


class DecisionIn(InputSchema):
    decision: str = Field(description="One of " + ", ".join(LicensingReview.Decision.values))
    decided_on: date
    outcome: str = Field(max_length=4000, description="The committee's reasons")
    conditions: list[str] = Field(
        default_factory=list, max_length=50, description="Conditions added, each in full"
    )
    conditions_removed: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="Ids of conditions on the licence (licence_conditions) the decision removes",
    )


def _review(review: LicensingReview, licence: list | None = None) -> dict:
    """A review as the API gives it; `licence`, the premises' conditions today when the
    caller has fetched them."""
    if licence is None:
        licence = list(selectors.conditions_current(review.business))
    return {
        "id": review.pk,
        "business_id": review.business_id,
        "applied_on": review.applied_on,
        "grounds": review.grounds,
        "status": review.status,
        "decision": review.decision,
        "decided_on": review.decided_on,
        "outcome": review.outcome,
        "incident_ids": sorted(i.pk for i in review.incidents.all()),
        "conditions": [c.text for c in review.conditions.all()],
        "conditions_removed": [c.text for c in review.conditions_removed.all()],
        "licence_conditions": [
            {"id": c.pk, "text": c.text, "imposed_on": c.imposed_on} for c in licence
        ],
    }


@router.get(
    "/schemes/{scheme_id}/licensing-reviews",
    response={200: list[ReviewOut], **errors(403, 404, 422)},
    summary="Licensing reviews of the scheme's premises (administrators)",
)
def review_list(request, scheme_id: int):
    access = access_scheme(request.user, scheme_id, manage=True)
    reviews = selectors.reviews_of(access)
    licences = defaultdict(list)
    for condition in selectors.conditions_current(scheme=access.scheme):
        licences[condition.business_id].append(condition)
    return [_review(r, licences[r.business_id]) for r in reviews[:500]]


@router.post(
    "/schemes/{scheme_id}/licensing-reviews/{review_id}/decision",
    response={200: ReviewOut, **errors(400, 403, 404, 413, 422)},
    summary="Record the licensing committee's decision on a review (administrators)",
)
def review_decide(request, scheme_id: int, review_id: int, payload: DecisionIn):
    access = access_scheme(request.user, scheme_id, manage=True)
    review = LicensingReview.objects.filter(business__scheme=access.scheme, pk=review_id).first()
    if review is None:
        raise Http404
    decided = licensing.review_decide(
        access=access, review=review, decided_by=request.user, **payload.dict()
    )
    return _review(decided)
