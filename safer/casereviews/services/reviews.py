"""The case review once the threshold is met: held with attendees, the victim's voice and
findings; recommendations tracked to completion; the applicant's appeal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from safer import audit
from safer.casereviews.models import Appeal, Application, Attendee, Recommendation, Review
from safer.casereviews.services.applications import (
    ALREADY_COMPLETE,
    APPEAL_DECIDED,
    HAS_APPEAL,
    NOT_DECIDED,
    ORGANISATION_UNKNOWN,
    REVIEW_DATE_MISSING,
    REVIEW_NOT_HELD,
    TEXT_MAX,
)
from safer.partners.models import Organisation


@transaction.atomic
def review_record(
    *,
    review: Review,
    recorded_by,
    held_on: date | None,
    victim_voice: str,
    findings: str,
    attendees: list[dict] | None = None,
) -> Review:
    """Record the review as held: when, how the victim's voice was heard, what it found, and
    (optionally) who attended, each {"organisation_id", "name"}."""
    errors = {}
    for index, attendee in enumerate(attendees or []):
        try:
            _attendee_check(attendee.get("organisation_id"), attendee.get("name") or "")
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"attendees.{index}.{field}"] = messages[0]
    if held_on is None:
        errors["held_on"] = "Enter the date the review was held"
    if victim_voice not in Review.VictimVoice.values:
        errors["victim_voice"] = "Select whether and how the victim's views were heard"
    if not findings.strip():
        errors["findings"] = "Enter the panel's findings"
    elif len(findings) > TEXT_MAX * 2:
        errors["findings"] = f"Use {TEXT_MAX * 2} characters or fewer"
    if errors:
        raise ValidationError(errors)
    review.held_on, review.victim_voice, review.findings = held_on, victim_voice, findings.strip()
    review.full_clean()
    review.save()
    for attendee in attendees or []:
        attendee_add(
            review=review,
            added_by=recorded_by,
            organisation_id=attendee["organisation_id"],
            name=attendee["name"],
        )
    application = review.application
    if application.status == Application.Status.REVIEW_SCHEDULED:
        application.status = Application.Status.REVIEW_HELD
        application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=recorded_by,
        action="casereview.review_held",
        target=application,
        changes={"held_on": str(held_on), "victim_voice": victim_voice},
    )
    return review


def _attendee_check(organisation_id, name: str) -> Organisation:
    errors = {}
    organisation = (
        Organisation.objects.filter(pk=organisation_id, is_active=True).first()
        if organisation_id not in (None, "")
        else None
    )
    if organisation is None:
        errors["organisation_id"] = ORGANISATION_UNKNOWN
    if not name.strip():
        errors["name"] = "Enter the attendee's name"
    elif len(name) > 200:
        errors["name"] = "Use 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    return organisation


@transaction.atomic
def attendee_add(*, review: Review, added_by, organisation_id, name: str) -> Attendee:
    """Note who attended the review, and for which organisation."""
    organisation = _attendee_check(organisation_id, name)
    attendee = Attendee.objects.create(review=review, organisation=organisation, name=name.strip())
    audit.record(
        actor=added_by,
        action="casereview.attendee_added",
        target=review.application,
        changes={"organisation": organisation.pk},
    )
    return attendee


@transaction.atomic
def recommendation_add(
    *, review: Review, added_by, owner_id, text: str, due_on: date | None
) -> Recommendation:
    """Add one of the panel's recommendations, with the partner who owns it and when it is due."""
    errors = {}
    owner = (
        Organisation.objects.filter(pk=owner_id, is_active=True).first()
        if owner_id not in (None, "")
        else None
    )
    if owner is None:
        errors["owner_id"] = ORGANISATION_UNKNOWN
    if not text.strip():
        errors["text"] = "Enter the recommendation"
    elif len(text) > TEXT_MAX:
        errors["text"] = f"Use {TEXT_MAX} characters or fewer"
    if due_on is None:
        errors["due_on"] = "Enter the date it is due"
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        review=review, owner=owner, text=text.strip(), due_on=due_on
    )
    audit.record(
        actor=added_by,
        action="casereview.recommendation_added",
        target=review.application,
        changes={"recommendation": recommendation.pk, "owner": owner.pk},
    )
    return recommendation


@transaction.atomic
def recommendation_complete(
    *, recommendation: Recommendation, completed_by, completed_on: date | None
) -> Recommendation:
    """Mark a recommendation done; the application closes when the review is held and every
    recommendation is done."""
    Recommendation.objects.select_for_update().filter(pk=recommendation.pk).first()
    recommendation.refresh_from_db()
    if recommendation.completed_on is not None:
        raise ValidationError(ALREADY_COMPLETE)
    if completed_on is None:
        raise ValidationError({"completed_on": "Enter the date it was completed"})
    review = recommendation.review
    if review.held_on is None:
        raise ValidationError(REVIEW_NOT_HELD)
    recommendation.completed_on = completed_on
    recommendation.save(update_fields=["completed_on", "updated_at"])
    application = review.application
    if not review.recommendations.filter(completed_on__isnull=True).exists():
        application.status = Application.Status.CLOSED
        application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=completed_by,
        action="casereview.recommendation_completed",
        target=application,
        changes={"recommendation": recommendation.pk, "status": application.status},
    )
    return recommendation


@transaction.atomic
def appeal_record(
    *, application: Application, recorded_by, received_on: date | None, grounds: str
) -> Appeal:
    """Record the applicant's appeal against the decision."""
    if application.decided_on is None:
        raise ValidationError(NOT_DECIDED)
    if Appeal.objects.filter(application=application).exists():
        raise ValidationError(HAS_APPEAL)
    errors = {}
    if received_on is None:
        errors["received_on"] = "Enter the date the appeal was received"
    if not grounds.strip():
        errors["grounds"] = "Enter the grounds of the appeal"
    elif len(grounds) > TEXT_MAX:
        errors["grounds"] = f"Use {TEXT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    appeal = Appeal.objects.create(
        application=application, received_on=received_on, grounds=grounds.strip()
    )
    audit.record(actor=recorded_by, action="casereview.appeal_received", target=application)
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    appeal: Appeal,
    decided_by,
    outcome: str,
    outcome_on: date | None,
    notes: str = "",
    review_on: date | None = None,
) -> Appeal:
    """Record the appeal's outcome; an upheld appeal on an application without a review
    schedules one on `review_on`."""
    if appeal.outcome:
        raise ValidationError(APPEAL_DECIDED)
    application = appeal.application
    errors = {}
    if outcome not in Appeal.Outcome.values:
        errors["outcome"] = "Select the outcome of the appeal"
    if outcome_on is None:
        errors["outcome_on"] = "Enter the date of the outcome"
    needs_review = outcome == Appeal.Outcome.UPHELD and not hasattr(application, "review")
    if needs_review and review_on is None:
        errors["review_on"] = REVIEW_DATE_MISSING
    if errors:
        raise ValidationError(errors)
    appeal.outcome, appeal.outcome_on, appeal.outcome_notes = outcome, outcome_on, notes.strip()
    appeal.save()
    if needs_review:
        Review.objects.create(application=application, scheduled_for=review_on)
        application.status = Application.Status.REVIEW_SCHEDULED
        application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=decided_by,
        action="casereview.appeal_decided",
        target=application,
        changes={"outcome": outcome},
    )
    return appeal
