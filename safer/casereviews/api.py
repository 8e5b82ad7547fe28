"""Community Trigger through the API: the same access, selectors and services as the pages.
Complaints gathered from a record the caller cannot open are shown only as "a report held by
<organisation> on <day>"."""

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from safer import audit
from safer.casereviews import selectors, services
from safer.casereviews.access import (
    access_application_by_id,
    access_recommendation,
    require_statistics,
)
from safer.casereviews.models import Appeal, Application, Review
from safer.core.api_schema import InputSchema, errors
from safer.partners.access import require_capability, visible_to
from safer.partners.roles import Capability
from safer.people.models import Person

router = Router(tags=["community trigger"])

VICTIM_NOT_FOUND = "Select a person your organisation holds"


class ApplicantIn(InputSchema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)


class OnBehalfOfIn(InputSchema):
    name: str = Field(max_length=200, description="The victim the application is made for")
    relationship: str = Field("", max_length=100, description="The applicant's relationship")


class ComplaintIn(InputSchema):
    occurred_on: date
    reported_on: date
    organisation_id: int
    description: str = Field(max_length=5000)
    hate_motivated: bool = False


class ApplicationIn(InputSchema):
    applicant: ApplicantIn
    on_behalf_of: OnBehalfOfIn | None = None
    received_on: date
    complaints: list[ComplaintIn] = Field(default_factory=list, max_length=100)
    victim_id: int | None = Field(
        None, description="A person record: their reports with every partner are counted too"
    )


class ApplicationCreatedOut(Schema):
    id: int
    reference: str
    threshold_met: bool
    qualifying_complaints: int
    decision_due: date


class ApplicationSummaryOut(Schema):
    id: int
    reference: str
    status: str
    received_on: date
    threshold_met: bool
    qualifying_complaints: int
    decision_due: date
    decided_on: date | None


class ComplaintOut(Schema):
    id: int
    occurred_on: date | None = Field(description="null when the record is withheld")
    reported_on: date
    organisation: str
    description: str | None = Field(description="null when the record is withheld")
    label: str
    report_reference: str | None
    hate_motivated: bool
    qualifying: bool
    reason: str
    withheld: bool


class RecommendationOut(Schema):
    id: int
    owner: str
    text: str
    due_on: date
    completed_on: date | None


class ReviewOut(Schema):
    scheduled_for: date
    held_on: date | None
    victim_voice: str
    findings: str
    attendees: list[dict]
    recommendations: list[RecommendationOut]


class AppealOut(Schema):
    received_on: date
    grounds: str
    outcome: str
    outcome_on: date | None


class ApplicationOut(ApplicationSummaryOut):
    applicant_name: str
    on_behalf_of: str
    decision_letter: str
    complaints: list[ComplaintOut]
    review: ReviewOut | None
    appeal: AppealOut | None


class DecisionIn(InputSchema):
    decided_on: date
    review_on: date | None = Field(None, description="Required when the threshold is met")
    letter: str = Field("", max_length=10000, description="Empty: the standard wording")


class AttendeeIn(InputSchema):
    organisation_id: int
    name: str = Field(max_length=200)


class ReviewIn(InputSchema):
    held_on: date
    victim_voice: str = Field(description=", ".join(Review.VictimVoice.values))
    findings: str = Field(max_length=10000)
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=50)


class RecommendationIn(InputSchema):
    owner_id: int
    text: str = Field(max_length=5000)
    due_on: date


class CompletionIn(InputSchema):
    completed_on: date


class AppealIn(InputSchema):
    received_on: date
    grounds: str = Field(max_length=5000)


class AppealOutcomeIn(InputSchema):
    outcome: str = Field(description=", ".join(Appeal.Outcome.values))
    outcome_on: date
    notes: str = Field("", max_length=5000)
    review_on: date | None = None


class ListQuery(InputSchema):
    status: str = Field("", max_length=20)


class StatisticsQuery(InputSchema):
    year: int = Field(ge=2000, le=2100)


class StatisticsOut(Schema):
    applications: int
    threshold_not_met: int
    reviews_held: int
    reviews_with_recommendations: int


def _summary(application: Application) -> dict:
    return {
        "id": application.pk,
        "reference": application.reference,
        "status": application.status,
        "received_on": application.received_on,
        "threshold_met": application.threshold_met,
        "qualifying_complaints": application.qualifying_complaints,
        "decision_due": application.decision_due,
        "decided_on": application.decided_on,
    }


def _detail(request, application: Application) -> dict:
    audit.record(actor=request.user, action="casereview.application_viewed", target=application)
    review = Review.objects.filter(application=application).first()
    appeal = Appeal.objects.filter(application=application).first()
    return {
        **_summary(application),
        "applicant_name": application.applicant_name,
        "on_behalf_of": application.on_behalf_of_name,
        "decision_letter": application.decision_letter,
        "complaints": [row.__dict__ for row in selectors.complaint_rows(request.user, application)],
        "review": {
            "scheduled_for": review.scheduled_for,
            "held_on": review.held_on,
            "victim_voice": review.victim_voice,
            "findings": review.findings,
            "attendees": [
                {"organisation": a.organisation.name, "name": a.name}
                for a in review.attendees.select_related("organisation")
            ],
            "recommendations": [
                _recommendation_out(r) for r in review.recommendations.select_related("owner")
            ],
        }
        if review
        else None,
        "appeal": {
            "received_on": appeal.received_on,
            "grounds": appeal.grounds,
            "outcome": appeal.outcome,
            "outcome_on": appeal.outcome_on,
        }
        if appeal
        else None,
    }


@router.post(
    "/community-trigger/applications",
    response={201: ApplicationCreatedOut, **errors(400, 403, 413, 422)},
    summary="Record a Community Trigger application and check it against the threshold",
)
def application_create(request, payload: ApplicationIn):
    require_capability(request.user, Capability.EDIT_RECORDS)
    victim = None
    if payload.victim_id is not None:
        victim = visible_to(request.user, Person.objects.filter(pk=payload.victim_id)).first()
        if victim is None:
            raise ValidationError({"victim_id": VICTIM_NOT_FOUND})
    application = services.application_record(
        recorded_by=request.user,
        applicant=payload.applicant.model_dump(),
        on_behalf_of=payload.on_behalf_of.model_dump() if payload.on_behalf_of else None,
        received_on=payload.received_on,
        complaints=[c.model_dump() for c in payload.complaints],
        victim=victim,
    )
    return Status(
        201,
        {
            "id": application.pk,
            "reference": application.reference,
            "threshold_met": application.threshold_met,
            "qualifying_complaints": application.qualifying_complaints,
            "decision_due": application.decision_due,
        },
    )


@router.get(
    "/community-trigger/applications",
    response={200: list[ApplicationSummaryOut], **errors(403, 422)},
    summary="Applications your organisation holds, newest first",
)
def application_list(request, query: Query[ListQuery]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    applications = selectors.application_list_visible_to(request.user, status=query.status)
    return [_summary(a) for a in applications[:500]]


@router.get(
    "/community-trigger/applications/{application_id}",
    response={200: ApplicationOut, **errors(403, 404, 422)},
    summary="One application with its complaints (as you may see them), review and appeal",
)
def application_detail(request, application_id: int):
    application = access_application_by_id(request.user, application_id)
    return _detail(request, application)


@router.post(
    "/community-trigger/applications/{application_id}/decision",
    response={200: ApplicationOut, **errors(400, 403, 404, 413, 422)},
    summary="Decide: threshold met schedules the review; not met sends the letter",
)
def application_decision(request, application_id: int, payload: DecisionIn):
    application = access_application_by_id(request.user, application_id, supervise=True)
    services.application_decide(
        application=application,
        decided_by=request.user,
        decided_on=payload.decided_on,
        review_on=payload.review_on,
        letter=payload.letter,
    )
    return _detail(request, application)


def _review_of(application: Application) -> Review:
    review = Review.objects.filter(application=application).first()
    if review is None:
        raise ValidationError(services.NO_REVIEW)
    return review


@router.post(
    "/community-trigger/applications/{application_id}/review",
    response={200: ApplicationOut, **errors(400, 403, 404, 413, 422)},
    summary="Record the review as held: attendees, the victim's voice, findings",
)
def review_held(request, application_id: int, payload: ReviewIn):
    application = access_application_by_id(request.user, application_id, supervise=True)
    services.review_record(
        review=_review_of(application),
        recorded_by=request.user,
        held_on=payload.held_on,
        victim_voice=payload.victim_voice,
        findings=payload.findings,
        attendees=[a.model_dump() for a in payload.attendees],
    )
    application.refresh_from_db()
    return _detail(request, application)


@router.post(
    "/community-trigger/applications/{application_id}/recommendations",
    response={201: RecommendationOut, **errors(400, 403, 404, 413, 422)},
    summary="Add one of the review's recommendations",
)
def recommendation_create(request, application_id: int, payload: RecommendationIn):
    application = access_application_by_id(request.user, application_id, supervise=True)
    recommendation = services.recommendation_add(
        review=_review_of(application),
        added_by=request.user,
        owner_id=payload.owner_id,
        text=payload.text,
        due_on=payload.due_on,
    )
    return Status(201, _recommendation_out(recommendation))


@router.post(
    "/community-trigger/recommendations/{recommendation_id}/complete",
    response={200: RecommendationOut, **errors(400, 403, 404, 413, 422)},
    summary="Mark a recommendation complete",
)
def recommendation_done(request, recommendation_id: int, payload: CompletionIn):
    recommendation = access_recommendation(request.user, recommendation_id)
    recommendation = services.recommendation_complete(
        recommendation=recommendation,
        completed_by=request.user,
        completed_on=payload.completed_on,
    )
    return _recommendation_out(recommendation)


def _recommendation_out(recommendation) -> dict:
    return {
        "id": recommendation.pk,
        "owner": recommendation.owner.name,
        "text": recommendation.text,
        "due_on": recommendation.due_on,
        "completed_on": recommendation.completed_on,
    }


@router.post(
    "/community-trigger/applications/{application_id}/appeal",
    response={200: ApplicationOut, **errors(400, 403, 404, 413, 422)},
    summary="Record the applicant's appeal against the decision",
)
def appeal_create(request, application_id: int, payload: AppealIn):
    application = access_application_by_id(request.user, application_id, supervise=True)
    services.appeal_record(
        application=application,
        recorded_by=request.user,
        received_on=payload.received_on,
        grounds=payload.grounds,
    )
    return _detail(request, application)


@router.post(
    "/community-trigger/applications/{application_id}/appeal/outcome",
    response={200: ApplicationOut, **errors(400, 403, 404, 413, 422)},
    summary="Record the appeal's outcome (upheld: a review is scheduled if none was)",
)
def appeal_outcome(request, application_id: int, payload: AppealOutcomeIn):
    application = access_application_by_id(request.user, application_id, supervise=True)
    appeal = Appeal.objects.filter(application=application).first()
    if appeal is None:
        raise ValidationError("No appeal has been recorded for this application")
    services.appeal_decide(
        appeal=appeal,
        decided_by=request.user,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        notes=payload.notes,
        review_on=payload.review_on,
    )
    application.refresh_from_db()
    return _detail(request, application)


@router.get(
    "/community-trigger/statistics",
    response={200: StatisticsOut, **errors(403, 422)},
    summary="The year's Community Trigger figures across the partnership (aggregates only)",
)
def statistics(request, query: Query[StatisticsQuery]):
    require_statistics(request.user)
    return selectors.statistics(year=query.year)
