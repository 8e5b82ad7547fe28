"""What each user is reminded of: their reviews and tasks coming due or overdue, high-risk
victims not contacted in time, surveys not sent, and the kinds other apps add
(settings.REMINDER_SOURCES). Only records the user may open are ever named."""

import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string

from safer.cases.models import Case, CaseNote, CaseTask, Report, RiskAssessment, RiskBand
from safer.cases.selectors import case_list_visible_to, visible_case_ids
from safer.notifications.models import ReminderPreference
from safer.partners.access import has_capability, visible_to
from safer.partners.roles import Capability
from safer.surveys.models import SatisfactionSurvey

logger = logging.getLogger(__name__)

REVIEW_DUE = "review_due"
TASK_DUE = "task_due"
HIGH_RISK_NOT_CONTACTED = "high_risk_not_contacted"
SURVEY_TO_SEND = "survey_to_send"
BUILT_IN_KINDS = {
    REVIEW_DUE: "Case reviews coming due or overdue, on cases you lead",
    TASK_DUE: "Tasks given to you coming due or overdue",
    HIGH_RISK_NOT_CONTACTED: "High-risk victims not contacted in time, on your cases",
    SURVEY_TO_SEND: "Satisfaction surveys that could not be sent, on cases you lead",
}
# A note of these kinds is a contact with the victim; "other" is work on the case.
CONTACTS = [t for t in CaseNote.ContactType.values if t != CaseNote.ContactType.OTHER]


@dataclass(frozen=True)
class Reminder:
    kind: str
    title: str
    due_on: date | None
    url: str
    case_id: int | None = None

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today

    def as_dict(self) -> dict:
        return asdict(self)


def _sources() -> list:
    """The callables of settings.REMINDER_SOURCES; one that cannot be imported is logged and
    left out, so a missing app never stops everyone's reminders."""
    found = []
    for path in getattr(settings, "REMINDER_SOURCES", []):
        try:
            found.append(import_string(path))
        except ImportError:
            logger.exception("Reminder source %s could not be imported", path)
    return found


def reminder_kinds() -> dict[str, str]:
    """Every kind of reminder a user may choose, with its label."""
    kinds = dict(BUILT_IN_KINDS)
    for source in _sources():
        kinds.update(getattr(source, "REMINDER_KINDS", {}))
    return kinds


def reminder_preferences(user) -> dict[str, bool]:
    """Kind -> whether the user gets it by e-mail (every kind, unless turned off)."""
    preference = ReminderPreference.objects.filter(user=user).first()
    off = set(preference.email_off) if preference else set()
    return {kind: kind not in off for kind in reminder_kinds()}


def reminders_due(user, *, today: date | None = None) -> list[Reminder]:
    """Everything the user should be reminded of today, soonest first: what falls due within
    settings.REMINDER_DUE_SOON_DAYS and what is overdue, on records they may open."""
    today = today or timezone.localdate()
    found: list[Reminder] = []
    if has_capability(user, Capability.VIEW_RECORDS):
        found += _reviews(user, today) + _tasks(user, today)
        found += _not_contacted(user, today) + _surveys(user, today)
    found += _contributed(user, today)
    return sorted(found, key=lambda r: (r.due_on or date.max, r.kind, r.title))


def _soon(today: date) -> date:
    return today + timedelta(days=settings.REMINDER_DUE_SOON_DAYS)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _case_url(reference: str) -> str:
    return reverse("cases:detail", args=[reference])


def _reviews(user, today: date) -> list[Reminder]:
    cases = case_list_visible_to(user, lead_officer=user).filter(next_review_due__lte=_soon(today))
    return [
        Reminder(
            kind=REVIEW_DUE,
            title=f"Review of {case.reference} "
            + ("overdue since " if case.next_review_due < today else "due on ")
            + _day(case.next_review_due),
            due_on=case.next_review_due,
            url=_case_url(case.reference),
            case_id=case.pk,
        )
        for case in cases
    ]


def _tasks(user, today: date) -> list[Reminder]:
    tasks = CaseTask.objects.filter(
        owner=user,
        done_at__isnull=True,
        due_on__lte=_soon(today),
        case__in=case_list_visible_to(user).values("pk"),
    ).select_related("case")
    return [
        Reminder(
            kind=TASK_DUE,
            title=f"Task on {task.case.reference} "
            + ("overdue since " if task.due_on < today else "due on ")
            + f"{_day(task.due_on)}: {task.description}",
            due_on=task.due_on,
            url=_case_url(task.case.reference),
            case_id=task.case_id,
        )
        for task in tasks.order_by("due_on", "pk")
    ]


def _not_contacted(user, today: date) -> list[Reminder]:
    """High-risk latest assessments whose first contact was due more than
    REMINDER_HIGH_RISK_CONTACT_DAYS ago with no contact noted on the case since the assessment;
    on open cases the user leads, or reports they recorded that are on no case yet."""
    cutoff = today - timedelta(days=settings.REMINDER_HIGH_RISK_CONTACT_DAYS)
    later = RiskAssessment.objects.filter(
        report=OuterRef("report"), assessed_at__gt=OuterRef("assessed_at")
    )
    contacted = CaseNote.objects.filter(
        case=OuterRef("report__case"),
        contact_type__in=CONTACTS,
        contacted_at__gte=OuterRef("assessed_at"),
    )
    mine = Q(report__case__lead_officer=user) & ~Q(report__case__status=Case.Status.CLOSED)
    mine |= Q(report__case__isnull=True, report__recorded_by=user)
    assessments = (
        RiskAssessment.objects.filter(mine, band=RiskBand.HIGH, first_contact_due__lt=cutoff)
        .filter(~Exists(later), ~Exists(contacted))
        .filter(report__in=visible_to(user, Report.objects.all()).values("pk"))
        .filter(
            Q(report__case__isnull=True)
            | Q(report__case__in=visible_to(user, Case.objects.all()).values("pk"))
        )
        .select_related("report", "report__case")
        .order_by("first_contact_due", "pk")
    )
    found = []
    for assessment in assessments:
        case = assessment.report.case
        where = case.reference if case else assessment.report.reference
        found.append(
            Reminder(
                kind=HIGH_RISK_NOT_CONTACTED,
                title=f"High-risk victim on {where} not contacted: first contact was due on "
                f"{_day(assessment.first_contact_due)}",
                due_on=assessment.first_contact_due,
                url=_case_url(case.reference)
                if case
                else reverse("cases:report_detail", args=[assessment.report.reference]),
                case_id=case.pk if case else None,
            )
        )
    return found


def _surveys(user, today: date) -> list[Reminder]:
    surveys = SatisfactionSurvey.objects.filter(
        sent=False,
        answered_at__isnull=True,
        expires_at__gt=timezone.now(),
        case__lead_officer=user,
        case__in=visible_to(user, Case.objects.all()).values("pk"),
    ).select_related("case")
    return [
        Reminder(
            kind=SURVEY_TO_SEND,
            title=f"Satisfaction survey for {survey.case.reference} {survey.delivery_note}",
            due_on=timezone.localdate(survey.created_at),
            url=_case_url(survey.case.reference),
            case_id=survey.case_id,
        )
        for survey in surveys.order_by("created_at", "pk")
    ]


def _contributed(user, today: date) -> list[Reminder]:
    """Items from settings.REMINDER_SOURCES; a source that fails is logged and skipped, and an
    item naming a case the user may not open is dropped."""
    found = []
    for source in _sources():
        try:
            items = [
                Reminder(
                    kind=str(item["kind"]),
                    title=str(item["title"]),
                    due_on=item.get("due_on"),
                    url=str(item.get("url", "")),
                    case_id=item.get("case_id"),
                )
                for item in source(user=user, today=today)
            ]
        except Exception:
            logger.exception("Reminder source %s failed", getattr(source, "__name__", source))
            continue
        found += items
    case_ids = {r.case_id for r in found if r.case_id is not None}
    visible = visible_case_ids(user, case_ids) if case_ids else set()
    return [r for r in found if r.case_id is None or r.case_id in visible]
