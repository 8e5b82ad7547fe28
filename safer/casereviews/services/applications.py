"""Recording a Community Trigger application, counting its complaints across every partner's
records, and the decision."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from safer import audit
from safer.casereviews.models import (
    Application,
    Complaint,
    Review,
)
from safer.casereviews.threshold import ComplaintFacts, Rules, assess, decision_due, window_start
from safer.cases.models import Report, ReportPerson
from safer.cases.services.common import next_reference
from safer.cases.services.public_reports import intake_organisation
from safer.partners.access import organisation_of
from safer.partners.models import Organisation
from safer.people.models import Person

REFERENCE_PREFIX = "CT"
REQUIRED = {
    "applicant.first_name": "Enter the applicant's first name",
    "applicant.last_name": "Enter the applicant's last name",
    "received_on": "Enter the date the application was received",
    "occurred_on": "Enter the date the behaviour happened",
    "reported_on": "Enter the date it was reported",
    "organisation_id": "Select the organisation it was reported to",
    "description": "Describe what was reported",
}
EMAIL_INVALID = "Enter an e-mail address in the correct format, like name@example.com"
CONTACT_MISSING = "Enter an e-mail address or a phone number so the decision can be sent"
RECEIVED_FUTURE = "The date received must be today or in the past"
REPORTED_BEFORE_OCCURRED = "The date reported must be the same as or after the behaviour"
REPORTED_AFTER_RECEIVED = "The date reported must be on or before the date the application came"
ORGANISATION_UNKNOWN = "Select an organisation of the partnership"
BEHALF_NAME_MISSING = "Enter the name of the person the application is made for"
ALREADY_DECIDED = "The decision on this application has already been made"
REVIEW_DATE_MISSING = "Enter the date the review will be held"
REVIEW_DATE_EARLY = "The review cannot be held before the decision"
NO_REVIEW = "No review has been scheduled for this application"
REVIEW_NOT_HELD = "Record the review as held before completing its recommendations"
ALREADY_COMPLETE = "This recommendation is already marked complete"
HAS_APPEAL = "An appeal has already been recorded for this application"
NOT_DECIDED = "An appeal can be recorded only after the decision"
APPEAL_DECIDED = "The outcome of this appeal has already been recorded"
TEXT_MAX = 5000


def _contact_errors(applicant: dict, errors: dict) -> None:
    for key in ("first_name", "last_name"):
        if not (applicant.get(key) or "").strip():
            errors[f"applicant.{key}"] = REQUIRED[f"applicant.{key}"]
        elif len(applicant[key].strip()) > 100:
            errors[f"applicant.{key}"] = "Use 100 characters or fewer"
    email = (applicant.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant.email"] = EMAIL_INVALID
    elif not (applicant.get("phone") or "").strip():
        errors["applicant.email"] = CONTACT_MISSING
    if len((applicant.get("phone") or "").strip()) > 30:
        errors["applicant.phone"] = "Use 30 characters or fewer"


def _complaint_errors(
    complaint: dict, *, received_on: date | None, prefix: str, errors: dict
) -> Organisation | None:
    """Check one typed complaint; its organisation when valid."""
    named_other = bool((complaint.get("reported_to_other") or "").strip())
    for key in ("occurred_on", "reported_on", "organisation_id", "description"):
        if key == "organisation_id" and named_other:
            continue  # reported to someone outside the partnership, named in words
        value = complaint.get(key)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            errors[f"{prefix}{key}"] = REQUIRED[key]
    occurred, reported = complaint.get("occurred_on"), complaint.get("reported_on")
    if occurred and reported and reported < occurred:
        errors[f"{prefix}reported_on"] = REPORTED_BEFORE_OCCURRED
    elif reported and received_on and reported > received_on:
        errors[f"{prefix}reported_on"] = REPORTED_AFTER_RECEIVED
    if len(complaint.get("reported_to_other") or "") > 200:
        errors[f"{prefix}reported_to_other"] = "Use 200 characters or fewer"
    if len(complaint.get("description") or "") > TEXT_MAX:
        errors[f"{prefix}description"] = f"Use {TEXT_MAX} characters or fewer"
    organisation = None
    if complaint.get("organisation_id") not in (None, ""):
        organisation = Organisation.objects.filter(
            pk=complaint["organisation_id"], is_active=True
        ).first()
        if organisation is None:
            errors[f"{prefix}organisation_id"] = ORGANISATION_UNKNOWN
    return organisation


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _gather(application: Application, rules: Rules) -> int:
    """Add the linked victim's reports (as victim or reporter, any organisation) whose behaviour
    falls in the window as complaints; the count then uses every partner's records. Returns how
    many were added."""
    if application.victim_id is None:
        return 0
    start = window_start(application.received_on, rules)
    already = set(
        application.complaints.filter(report__isnull=False).values_list("report_id", flat=True)
    )
    reports = (
        Report.objects.filter(
            involvements__person_id=application.victim_id,
            involvements__role__in=[ReportPerson.Role.VICTIM, ReportPerson.Role.REPORTER],
            occurred_at__gte=_aware(start),
            occurred_at__lt=_aware(application.received_on) + timezone.timedelta(days=1),
        )
        .exclude(pk__in=already)
        .distinct()
    )
    added = [
        Complaint(
            application=application,
            occurred_on=timezone.localtime(report.occurred_at).date(),
            reported_on=timezone.localtime(report.reported_at).date(),
            organisation_id=report.organisation_id,
            hate_motivated=report.type == Report.Type.HATE_MOTIVATED,
            report=report,
        )
        for report in reports
    ]
    Complaint.objects.bulk_create(added)
    return len(added)


def _reassess(application: Application, rules: Rules) -> None:
    """Judge every complaint again and store the verdicts and the application's count."""
    complaints = list(application.complaints.select_related("organisation").order_by("pk"))
    outcome = assess(
        [
            ComplaintFacts(
                occurred_on=c.occurred_on,
                reported_on=c.reported_on,
                hate_motivated=c.hate_motivated,
                organisation_name=c.reported_to,
            )
            for c in complaints
        ],
        received_on=application.received_on,
        rules=rules,
    )
    for complaint, verdict in zip(complaints, outcome.verdicts, strict=True):
        complaint.qualifying, complaint.reason = verdict.qualifying, verdict.reason
    Complaint.objects.bulk_update(complaints, ["qualifying", "reason"])
    application.threshold_met = outcome.met
    application.qualifying_complaints = outcome.qualifying
    application.save(update_fields=["threshold_met", "qualifying_complaints", "updated_at"])


def public_organisation() -> Organisation:
    """The organisation that receives applications sent through the public web form: the one
    whose short name is COMMUNITY_TRIGGER_PUBLIC_ORGANISATION, else the first district council."""
    return intake_organisation(
        settings.COMMUNITY_TRIGGER_PUBLIC_ORGANISATION,
        setting="COMMUNITY_TRIGGER_PUBLIC_ORGANISATION",
    )


@transaction.atomic
def application_record(
    *,
    recorded_by,
    applicant: dict,
    received_on: date | None,
    complaints: list[dict] | None = None,
    on_behalf_of: dict | None = None,
    victim: Person | None = None,
    received_via: str = Application.ReceivedVia.STAFF,
    language: str = "",
) -> Application:
    """Record an application, gather the linked victim's reports from every partner, judge the
    complaints against the threshold and set the decision deadline. Bad input stores nothing
    and names each field (applicant.email, complaints.0.reported_on, ...).

    A web application has no recorder (`recorded_by` None): it belongs to
    `public_organisation()`, is audited with no actor, and keeps the page's `language`. A
    complaint may name who it was reported to in words (`reported_to_other`) instead of a
    partner (`organisation_id`)."""
    complaints = complaints or []
    public = recorded_by is None
    if public and received_via != Application.ReceivedVia.WEB:
        raise ValueError("Only a web application may be recorded without a staff recorder")
    errors: dict[str, str] = {}
    _contact_errors(applicant, errors)
    if received_on is None:
        errors["received_on"] = REQUIRED["received_on"]
    elif received_on > timezone.localdate():
        errors["received_on"] = RECEIVED_FUTURE
    if on_behalf_of is not None:
        if not (on_behalf_of.get("name") or "").strip():
            errors["on_behalf_of.name"] = BEHALF_NAME_MISSING
        elif len(on_behalf_of["name"]) > 200:
            errors["on_behalf_of.name"] = "Use 200 characters or fewer"
        if len(on_behalf_of.get("relationship") or "") > 100:
            errors["on_behalf_of.relationship"] = "Use 100 characters or fewer"
    organisations = [
        _complaint_errors(c, received_on=received_on, prefix=f"complaints.{i}.", errors=errors)
        for i, c in enumerate(complaints)
    ]
    if errors:
        raise ValidationError(errors)
    rules = Rules.from_settings()
    # The reference first: its counter row lock is taken before any other row is written.
    reference = next_reference(REFERENCE_PREFIX, year=received_on.year)
    application = Application(
        reference=reference,
        organisation=public_organisation() if public else organisation_of(recorded_by),
        applicant_first_name=applicant["first_name"].strip(),
        applicant_last_name=applicant["last_name"].strip(),
        applicant_email=(applicant.get("email") or "").strip(),
        applicant_phone=(applicant.get("phone") or "").strip(),
        on_behalf_of_name=((on_behalf_of or {}).get("name") or "").strip(),
        on_behalf_of_relationship=((on_behalf_of or {}).get("relationship") or "").strip(),
        victim=victim,
        received_on=received_on,
        received_via=received_via,
        recorded_by=recorded_by,
        language=(language or "")[:10],
        decision_due=decision_due(received_on, rules),
    )
    application.full_clean()
    application.save()
    Complaint.objects.bulk_create(
        [
            Complaint(
                application=application,
                occurred_on=c["occurred_on"],
                reported_on=c["reported_on"],
                organisation=organisation,
                reported_to_other=""
                if organisation
                else (c.get("reported_to_other") or "").strip(),
                description=c["description"].strip(),
                hate_motivated=bool(c.get("hate_motivated")),
            )
            for c, organisation in zip(complaints, organisations, strict=True)
        ]
    )
    gathered = _gather(application, rules)
    _reassess(application, rules)
    audit.record(
        actor=recorded_by,
        action="casereview.application_recorded",
        target=application,
        organisation=application.organisation,
        changes={
            "received_via": application.received_via,
            "complaints": len(complaints),
            "gathered": gathered,
            "threshold_met": application.threshold_met,
            "qualifying": application.qualifying_complaints,
        },
    )
    return application


def _require_undecided(application: Application) -> None:
    if application.decided_on is not None:
        raise ValidationError(ALREADY_DECIDED)


@transaction.atomic
def complaint_add(
    *,
    application: Application,
    added_by,
    occurred_on: date | None,
    reported_on: date | None,
    organisation_id: int | None,
    description: str,
    hate_motivated: bool = False,
) -> Complaint:
    """Add a typed complaint before the decision, and judge the application again."""
    _require_undecided(application)
    errors: dict[str, str] = {}
    facts = {
        "occurred_on": occurred_on,
        "reported_on": reported_on,
        "organisation_id": organisation_id,
        "description": description,
    }
    organisation = _complaint_errors(
        facts, received_on=application.received_on, prefix="", errors=errors
    )
    if errors:
        raise ValidationError(errors)
    complaint = Complaint.objects.create(
        application=application,
        occurred_on=occurred_on,
        reported_on=reported_on,
        organisation=organisation,
        description=description.strip(),
        hate_motivated=hate_motivated,
    )
    _reassess(application, Rules.from_settings())
    audit.record(
        actor=added_by,
        action="casereview.complaint_added",
        target=application,
        changes={"complaint": complaint.pk, "threshold_met": application.threshold_met},
    )
    return complaint


def application_refresh(*, application: Application, refreshed_by) -> int:
    """Gather any newly recorded reports about the victim before the decision; how many."""
    _require_undecided(application)
    rules = Rules.from_settings()
    with transaction.atomic():
        added = _gather(application, rules)
        _reassess(application, rules)
        audit.record(
            actor=refreshed_by,
            action="casereview.complaints_gathered",
            target=application,
            changes={"gathered": added, "threshold_met": application.threshold_met},
        )
    return added


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def decision_letter_default(application: Application) -> str:
    """The letter's words: the outcome, why, and (when not met) the appeal route."""
    rules = Rules.from_settings()
    name = application.applicant_name
    about = (
        f" on behalf of {application.on_behalf_of_name}" if application.on_behalf_of_name else ""
    )
    opening = (
        f"Dear {name},\n\nThank you for your application for an anti-social behaviour case "
        f"review{about}, received on {_day(application.received_on)} "
        f"(reference {application.reference}).\n\n"
    )
    if application.threshold_met:
        return opening + (
            "Your application meets the threshold for a case review. The partners will meet "
            "to review how the problem has been dealt with, and we will ask you how you would "
            "like your views to be heard. We will write to you with the panel's findings and "
            "any recommendations.\n"
        )
    reasons = [
        f"- {c.occurred_on:%d/%m/%Y}, reported to {c.reported_to}: {c.reason}"
        for c in application.complaints.select_related("organisation")
    ]
    return opening + (
        "We have checked the complaints made about the problem against the partnership's "
        f"threshold: {rules.complaints} complaints about the same problem, each made within "
        f"{rules.reporting_days} days of the behaviour, the behaviour within "
        f"{rules.window_months} months before the application. "
        f"{application.qualifying_complaints} of the complaints counted, so the threshold is "
        "not met and a case review will not be held.\n\n"
        + ("\n".join(reasons) + "\n\n" if reasons else "")
        + "If you disagree with this decision you may appeal. Write to us within 20 working "
        "days of this letter, quoting the reference above and saying why you think the "
        "decision is wrong. Someone who took no part in the decision will consider your "
        "appeal and write to you with the outcome.\n"
    )


@transaction.atomic
def application_decide(
    *,
    application: Application,
    decided_by,
    decided_on: date,
    review_on: date | None = None,
    letter: str = "",
) -> Application:
    """Decide: threshold met -> a review is scheduled on `review_on`; not met -> the letter
    says why and how to appeal. The letter is the given text or the default wording."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    application.refresh_from_db()
    _require_undecided(application)
    errors = {}
    if application.threshold_met:
        if review_on is None:
            errors["review_on"] = REVIEW_DATE_MISSING
        elif decided_on and review_on < decided_on:
            errors["review_on"] = REVIEW_DATE_EARLY
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    if len(letter) > TEXT_MAX * 2:
        errors["letter"] = f"Use {TEXT_MAX * 2} characters or fewer"
    if errors:
        raise ValidationError(errors)
    application.decided_on, application.decided_by = decided_on, decided_by
    application.decision_letter = letter.strip() or decision_letter_default(application)
    if application.threshold_met:
        application.status = Application.Status.REVIEW_SCHEDULED
        Review.objects.create(application=application, scheduled_for=review_on)
    else:
        application.status = Application.Status.NOT_MET
    application.save()
    audit.record(
        actor=decided_by,
        action="casereview.decided",
        target=application,
        changes={"status": application.status, "review_on": str(review_on or "")},
    )
    return application
