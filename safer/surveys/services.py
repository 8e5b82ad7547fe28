"""Offering a satisfaction survey when a case closes, and taking its answers."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer import audit
from safer.cases.models import Case, ReportPerson, RiskAssessment
from safer.cases.services.common import timeline
from safer.notifications.models import Message
from safer.notifications.services import (
    NO_TEXT_SERVICE,
    message_send,
    text_service_configured,
)
from safer.surveys.models import SatisfactionSurvey

NOT_VALID = "This survey link is not valid. Check it was copied in full."
ALREADY_ANSWERED = "This survey has already been answered. Thank you for taking part."
EXPIRED = "This survey closed on {date}. Thank you all the same."
# What the record of the message keeps instead of the link: the link's secret is kept nowhere.
LINK_WITHHELD = "[single-use survey link, not kept]"
NO_CONTACT = "not sent: no e-mail address or phone number recorded"
ANSWER_MISSING = {
    "satisfied": "Select how satisfied you are with how we dealt with it",
    "kept_informed": "Select whether we kept you informed",
    "feel_safer": "Select whether you feel safer",
}
COMMENT_MAX = 2000


class SurveyUnavailable(Exception):
    """The link cannot be answered (not valid, already answered, or closed); says why."""


@dataclass(frozen=True)
class SurveyMessage:
    subject: str
    body: str


def _asked(case: Case):
    """Who is asked: the person who reported the case's first report, else its first victim."""
    involvements = (
        ReportPerson.objects.filter(report__case=case, role__in=["reporter", "victim"])
        .select_related("person", "report")
        .order_by("report__reported_at", "report_id", "pk")
    )
    chosen = None
    for involvement in involvements:
        if involvement.role == ReportPerson.Role.REPORTER:
            return involvement
        chosen = chosen or involvement
    return chosen


def survey_message(
    case: Case, link: str, days: int, occasion: str = SatisfactionSurvey.Occasion.CLOSURE
) -> SurveyMessage:
    """The words sent: short enough for a text message, no detail of the case."""
    partnership = settings.PARTNERSHIP_NAME
    done = "reviewed" if occasion == SatisfactionSurvey.Occasion.REVIEW else "closed"
    return SurveyMessage(
        subject=f"How did we do? Your anti-social behaviour report ({case.reference})",
        body=(
            f"{partnership} has {done} the case about the problem you reported "
            f"({case.reference}). Please tell us how we dealt with it: three questions, "
            f"about a minute. {link} The link works once and closes in {days} days."
        ),
    )


def survey_offer(
    *, case: Case, offered_by, review: RiskAssessment | None = None
) -> SatisfactionSurvey | None:
    """Offer the survey for a closed case once, or for one review of an open case (`review`,
    once per review); sent by e-mail (or text message, when GOV.UK Notify is configured) after
    the transaction commits, or recorded as not sent. Every message is recorded
    (notifications.Message) and on the case's timeline."""
    occasion = SatisfactionSurvey.Occasion.REVIEW if review else SatisfactionSurvey.Occasion.CLOSURE
    asked = SatisfactionSurvey.objects.filter(case=case, occasion=occasion)
    if (asked.filter(review=review) if review else asked).exists():
        return None
    involvement = _asked(case)
    person = involvement.person if involvement else None
    first_report = case.reports.order_by("reported_at", "pk").first()
    email = (person.email or "").strip() if person else ""
    phone = (person.phone or "").strip() if person else ""
    channel = (
        SatisfactionSurvey.Channel.EMAIL
        if email
        else SatisfactionSurvey.Channel.TEXT
        if phone
        else SatisfactionSurvey.Channel.NONE
    )
    token = secrets.token_urlsafe(32)
    days = settings.SURVEY_LINK_DAYS
    survey = SatisfactionSurvey.objects.create(
        case=case,
        occasion=occasion,
        review=review,
        organisation=case.organisation,
        case_kind=case.kind,
        report_type=first_report.type if first_report else "",
        person=person,
        channel=channel,
        sent=channel == SatisfactionSurvey.Channel.EMAIL
        or (channel == SatisfactionSurvey.Channel.TEXT and text_service_configured()),
        delivery_note=(
            "sent by e-mail"
            if channel == SatisfactionSurvey.Channel.EMAIL
            else NO_CONTACT
            if channel == SatisfactionSurvey.Channel.NONE
            else "sent by text message"
            if text_service_configured()
            else NO_TEXT_SERVICE
        ),
        token_digest=SatisfactionSurvey.digest_of(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("surveys:answer", args=[token])
    message = survey_message(case, link, days, occasion)
    if survey.sent:
        to_email, to_phone = (email, "") if email else ("", phone)
        message_send(
            kind="survey",
            subject=message.subject,
            body=message.body,
            to_email=to_email,
            to_phone=to_phone,
            case=case,
            person=person,
            sent_by=offered_by,
            stored_body=survey_message(case, LINK_WITHHELD, days, occasion).body,
            then=lambda sent: _note_outcome(survey, sent),
        )
    timeline(
        case,
        actor=offered_by,
        kind="survey",
        summary=f"Satisfaction survey ({survey.get_occasion_display().lower()}) "
        f"{survey.delivery_note}",
    )
    audit.record(
        actor=offered_by,
        action="survey.offered",
        target=case,
        changes={"channel": channel, "sent": survey.sent, "occasion": occasion},
    )
    return survey


def _note_outcome(survey: SatisfactionSurvey, sent: Message) -> None:
    """After the closure has committed, message_send tells how the sending went; a server that
    refused must not turn the closure into an error page: the message records the failure (on
    the case's timeline too) and the survey notes it was not sent."""
    if sent.status != Message.Status.SENT:
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(
            sent=False, delivery_note=sent.status_reason
        )


def survey_offer_on_closure(case: Case, closed_by) -> None:
    """settings.CASE_CLOSED_HOOKS: a closed case offers its survey (at most one per case)."""
    if settings.SURVEY_ON_CLOSURE:
        survey_offer(case=case, offered_by=closed_by)


def survey_offer_at_review(case: Case, assessment: RiskAssessment, reviewed_by) -> None:
    """settings.CASE_REVIEWED_HOOKS: a review of an open case (a risk assessment at the review
    stage) offers the survey when SURVEY_AT_REVIEW is on: once per review."""
    if settings.SURVEY_AT_REVIEW:
        survey_offer(case=case, offered_by=reviewed_by, review=assessment)


def survey_for_token(token: str) -> SatisfactionSurvey:
    """The survey a link opens, or SurveyUnavailable saying why it cannot be answered."""
    survey = SatisfactionSurvey.objects.filter(
        token_digest=SatisfactionSurvey.digest_of(token or "")
    ).first()
    if survey is None:
        raise SurveyUnavailable(NOT_VALID)
    if survey.answered_at is not None:
        raise SurveyUnavailable(ALREADY_ANSWERED)
    if survey.expires_at <= timezone.now():
        raise SurveyUnavailable(
            EXPIRED.format(date=timezone.localtime(survey.expires_at).strftime("%-d %B %Y"))
        )
    return survey


@transaction.atomic
def survey_answer(
    *, token: str, satisfied: str, kept_informed: str, feel_safer: str, comment: str = ""
) -> SatisfactionSurvey:
    """Store the answers once; the link is spent. Bad answers store nothing and name the field."""
    survey = survey_for_token(token)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:  # answered meanwhile, in another tab
        raise SurveyUnavailable(ALREADY_ANSWERED)
    errors = {}
    for field, value, choices in (
        ("satisfied", satisfied, SatisfactionSurvey.Satisfaction.values),
        ("kept_informed", kept_informed, SatisfactionSurvey.KeptInformed.values),
        ("feel_safer", feel_safer, SatisfactionSurvey.FeelSafer.values),
    ):
        if value not in choices:
            errors[field] = ANSWER_MISSING[field]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"Keep your comment to {COMMENT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    survey.satisfied, survey.kept_informed, survey.feel_safer = satisfied, kept_informed, feel_safer
    survey.comment = comment.strip()
    survey.answered_at = timezone.now()
    survey.save(
        update_fields=["satisfied", "kept_informed", "feel_safer", "comment", "answered_at"]
    )
    audit.record(actor=None, action="survey.answered", target=survey)
    return survey
