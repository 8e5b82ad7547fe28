"""Offering a satisfaction survey when a case closes, and taking its answers."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer import audit
from safer.cases.models import Case, ReportPerson
from safer.cases.services.common import timeline
from safer.surveys.models import SatisfactionSurvey

NOT_VALID = "This survey link is not valid. Check it was copied in full."
ALREADY_ANSWERED = "This survey has already been answered. Thank you for taking part."
EXPIRED = "This survey closed on {date}. Thank you all the same."
NO_TEXT_SERVICE = "not sent: no text message service configured"
EMAIL_FAILED = "not sent: the e-mail server refused it"
NO_CONTACT = "not sent: no e-mail address or phone number recorded"
ANSWER_MISSING = {
    "satisfied": "Select how satisfied you are with how we dealt with it",
    "kept_informed": "Select whether we kept you informed",
    "feel_safer": "Select whether you feel safer",
}
COMMENT_MAX = 2000

logger = logging.getLogger(__name__)


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


def survey_message(case: Case, link: str, days: int) -> SurveyMessage:
    """The words sent: short enough for a text message, no detail of the case."""
    partnership = settings.PARTNERSHIP_NAME
    return SurveyMessage(
        subject=f"How did we do? Your anti-social behaviour report ({case.reference})",
        body=(
            f"{partnership} has closed the case about the problem you reported "
            f"({case.reference}). Please tell us how we dealt with it: three questions, "
            f"about a minute. {link} The link works once and closes in {days} days."
        ),
    )


def survey_offer(*, case: Case, offered_by) -> SatisfactionSurvey | None:
    """Offer the survey for a closed case, once; sent by e-mail after the closure commits, or
    recorded as not sent (a text message needs a service; no contact details, none). Every
    message sent is recorded on the case's timeline."""
    if SatisfactionSurvey.objects.filter(case=case).exists():
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
        organisation=case.organisation,
        case_kind=case.kind,
        report_type=first_report.type if first_report else "",
        person=person,
        channel=channel,
        sent=channel == SatisfactionSurvey.Channel.EMAIL,
        delivery_note=(
            "sent by e-mail"
            if channel == SatisfactionSurvey.Channel.EMAIL
            else NO_TEXT_SERVICE
            if channel == SatisfactionSurvey.Channel.TEXT
            else NO_CONTACT
        ),
        token_digest=SatisfactionSurvey.digest_of(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("surveys:answer", args=[token])
    message = survey_message(case, link, days)
    if survey.sent:
        transaction.on_commit(lambda: _send(survey, email, message))
    timeline(
        case,
        actor=offered_by,
        kind="survey",
        summary=f"Satisfaction survey {survey.delivery_note}",
    )
    audit.record(
        actor=offered_by,
        action="survey.offered",
        target=case,
        changes={"channel": channel, "sent": survey.sent},
    )
    return survey


def _send(survey: SatisfactionSurvey, email: str, message: SurveyMessage) -> None:
    """Send after the closure has committed; a mail server that refuses must not turn the
    caseworker's closure into an error page, so the failure is logged and recorded instead."""
    try:
        send_mail(message.subject, message.body, None, [email], fail_silently=False)
    except Exception:
        logger.exception("Satisfaction survey %s could not be e-mailed", survey.pk)
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(
            sent=False, delivery_note=EMAIL_FAILED
        )
        timeline(
            survey.case, actor=None, kind="survey", summary=f"Satisfaction survey {EMAIL_FAILED}"
        )


def survey_offer_on_closure(case: Case, closed_by) -> None:
    """settings.CASE_CLOSED_HOOKS: a closed case offers its survey (at most one per case)."""
    if settings.SURVEY_ON_CLOSURE:
        survey_offer(case=case, offered_by=closed_by)


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
