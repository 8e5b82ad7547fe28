"""Reads of Community Trigger records: lists within the access rule, the complaints and the
partners' case history as the caller may see them, the year's statistics, eligible victims,
agenda proposals and reminders for other apps."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safer.casereviews.models import (
    Application,
    Complaint,
    EligibleVictim,
    Recommendation,
    Review,
)
from safer.casereviews.threshold import ComplaintFacts, Rules, assess, window_start
from safer.cases.models import Case, Report, ReportPerson
from safer.cases.selectors import case_timeline
from safer.cases.working_days import add_working_days
from safer.partners.access import has_capability, visible_to
from safer.partners.roles import Capability
from safer.people.models import Person

WITHHELD = "a report held by {organisation} on {day}"


def application_list_visible_to(user, *, status: str = "") -> QuerySet[Application]:
    """Applications the user's organisation holds or was shared, newest first."""
    applications = visible_to(user, Application.objects.select_related("organisation"))
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    return applications.order_by("-received_on", "-pk")


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    occurred_on: date | None  # None when withheld: the date could identify the record
    reported_on: date
    organisation: str
    description: str | None  # None when withheld
    label: str  # the report's reference, or the withheld wording
    report_reference: str | None
    hate_motivated: bool
    qualifying: bool
    reason: str
    withheld: bool


def _day(value: date) -> str:
    return date_format(value, "j F")


def complaint_rows(user, application: Application) -> list[ComplaintRow]:
    """The application's complaints as the caller may see them: a complaint gathered from a
    report the caller cannot open is shown only as "a report held by <organisation> on <day>",
    with no reference and no description."""
    complaints = list(
        application.complaints.select_related("organisation", "report", "report__case")
    )
    report_ids = [c.report_id for c in complaints if c.report_id]
    visible = set(
        visible_to(user, Report.objects.filter(pk__in=report_ids)).values_list("pk", flat=True)
    )
    rows = []
    for c in complaints:
        withheld = c.report_id is not None and c.report_id not in visible
        if c.report_id is None:
            description, label, reference = c.description, "", None
        elif withheld:
            description, reference = None, None
            label = WITHHELD.format(organisation=c.reported_to, day=_day(c.reported_on))
        else:
            description, label = c.report.description, c.report.reference
            reference = c.report.reference
        rows.append(
            ComplaintRow(
                id=c.pk,
                occurred_on=None if withheld else c.occurred_on,
                reported_on=c.reported_on,
                organisation=c.reported_to,
                description=description,
                label=label,
                report_reference=reference,
                hate_motivated=c.hate_motivated,
                qualifying=c.qualifying,
                reason=c.reason if not withheld else _withheld_reason(c),
                withheld=withheld,
            )
        )
    return rows


def _withheld_reason(complaint: Complaint) -> str:
    """The verdict without the dates of behaviour another organisation's record holds."""
    return "Counted" if complaint.qualifying else "Not counted"


@dataclass(frozen=True)
class HistoryItem:
    day: date
    organisation: str
    text: str
    withheld: bool
    case_reference: str | None = None


def review_history(user, application: Application) -> list[HistoryItem]:
    """The partners' case history the review gathers: each report counted, and the timeline
    of each case they joined, newest first; records the caller cannot open are named only by
    the organisation holding them and the day."""
    complaints = list(
        application.complaints.filter(report__isnull=False).select_related(
            "organisation", "report", "report__case", "report__case__organisation"
        )
    )
    reports = [c.report for c in complaints]
    visible_reports = set(
        visible_to(user, Report.objects.filter(pk__in=[r.pk for r in reports])).values_list(
            "pk", flat=True
        )
    )
    case_ids = {r.case_id for r in reports if r.case_id}
    visible_cases = visible_to(user, Case.objects.filter(pk__in=case_ids)).select_related(
        "organisation"
    )
    items: list[HistoryItem] = []
    for c in complaints:
        report = c.report
        if report.pk in visible_reports:
            items.append(
                HistoryItem(
                    day=c.reported_on,
                    organisation=c.organisation.name,
                    text=f"Report {report.reference} ({report.get_type_display()}): "
                    f"{report.description}",
                    withheld=False,
                    case_reference=report.case.reference if report.case_id else None,
                )
            )
        else:
            items.append(
                HistoryItem(
                    day=c.reported_on,
                    organisation=c.organisation.name,
                    text=WITHHELD.format(organisation=c.organisation.name, day=_day(c.reported_on)),
                    withheld=True,
                )
            )
    for case in visible_cases:
        for event in case_timeline(user, case)[:20]:
            items.append(
                HistoryItem(
                    day=timezone.localtime(event.occurred_at).date(),
                    organisation=case.organisation.name,
                    text=f"Case {case.reference}: {event.summary}",
                    withheld=False,
                    case_reference=case.reference,
                )
            )
    withheld_cases = len(case_ids) - len(visible_cases)
    if withheld_cases:
        items.append(
            HistoryItem(
                day=application.received_on,
                organisation="",
                text=f"{withheld_cases} case(s) held by other organisations are not shown",
                withheld=True,
            )
        )
    return sorted(items, key=lambda i: i.day, reverse=True)


def statistics(*, year: int) -> dict[str, int]:
    """The year's figures a partnership publishes, across every partner: applications received,
    threshold not met, reviews held, reviews held that made recommendations. Aggregates only."""
    return statistics_between(first=date(year, 1, 1), last=date(year, 12, 31))


def statistics_between(*, first: date, last: date) -> dict[str, int]:
    """The same figures for the days first to last inclusive (a quarter, for the dashboard)."""
    applications = Application.objects.filter(received_on__gte=first, received_on__lte=last)
    reviews = Review.objects.filter(held_on__gte=first, held_on__lte=last)
    return {
        "applications": applications.count(),
        "threshold_not_met": applications.filter(threshold_met=False).count(),
        "reviews_held": reviews.count(),
        "reviews_with_recommendations": reviews.filter(
            Exists(Recommendation.objects.filter(review=OuterRef("pk")))
        ).count(),
    }


STATISTICS_LABELS = {
    "applications": "Applications received",
    "threshold_not_met": "Threshold not met",
    "reviews_held": "Reviews held",
    "reviews_with_recommendations": "Reviews with recommendations",
}


def person_complaint_facts(person_ids, *, since: date, until: date) -> dict[int, list]:
    """Each person's reports (as victim or reporter, any organisation) whose behaviour fell in
    the period, as complaint facts."""
    rows = (
        ReportPerson.objects.filter(
            person_id__in=person_ids,
            role__in=[ReportPerson.Role.VICTIM, ReportPerson.Role.REPORTER],
            report__occurred_at__date__gte=since,
            report__occurred_at__date__lte=until,
        )
        .values(
            "person_id",
            "report_id",
            "report__occurred_at",
            "report__reported_at",
            "report__type",
        )
        .distinct()
    )
    found: dict[int, dict[int, ComplaintFacts]] = {}
    for row in rows:
        found.setdefault(row["person_id"], {})[row["report_id"]] = ComplaintFacts(
            occurred_on=timezone.localtime(row["report__occurred_at"]).date(),
            reported_on=timezone.localtime(row["report__reported_at"]).date(),
            hate_motivated=row["report__type"] == Report.Type.HATE_MOTIVATED,
        )
    return {person: list(facts.values()) for person, facts in found.items()}


def eligible_victims(*, today: date | None = None) -> list[tuple[int, int]]:
    """(person id, qualifying complaints) of every victim whose complaints across the partners
    already meet the threshold and who has not applied within the window."""
    today = today or timezone.localdate()
    rules = Rules.from_settings()
    start = window_start(today, rules)
    minimum = 1 if rules.hate_alone else rules.complaints
    candidates = (
        ReportPerson.objects.filter(
            role__in=[ReportPerson.Role.VICTIM, ReportPerson.Role.REPORTER],
            report__occurred_at__date__gte=start,
            report__occurred_at__date__lte=today,
        )
        .values("person_id")
        .annotate(reports=Count("report", distinct=True))
        .filter(reports__gte=minimum)
        .values_list("person_id", flat=True)
    )
    applied = set(
        Application.objects.filter(victim_id__isnull=False, received_on__gte=start).values_list(
            "victim_id", flat=True
        )
    )
    wanted = [p for p in candidates if p not in applied]
    facts = person_complaint_facts(wanted, since=start, until=today)
    eligible = []
    for person_id, complaints in facts.items():
        outcome = assess(complaints, received_on=today, rules=rules)
        if outcome.met:
            eligible.append((person_id, outcome.qualifying))
    return sorted(eligible)


def eligible_victims_visible_to(user) -> tuple[list, int]:
    """The eligible victims the user may open (person, qualifying complaints, found on), and how
    many more other organisations hold (a count, never a name)."""
    rows = list(EligibleVictim.objects.select_related("person"))
    visible = set(
        visible_to(user, Person.objects.filter(pk__in=[r.person_id for r in rows])).values_list(
            "pk", flat=True
        )
    )
    shown = [r for r in rows if r.person_id in visible]
    return shown, len(rows) - len(shown)


def second_complaint(report: Report) -> list[Person]:
    """The victims or reporters of this report who made another complaint (to any partner)
    about behaviour within the window before it, and have not applied: the caseworker should
    tell them about the case review. Only the people are returned, never the other reports."""
    rules = Rules.from_settings()
    occurred = timezone.localtime(report.occurred_at).date()
    start = window_start(occurred, rules)
    people = ReportPerson.objects.filter(
        report=report, role__in=[ReportPerson.Role.VICTIM, ReportPerson.Role.REPORTER]
    ).values_list("person_id", flat=True)
    earlier = (
        ReportPerson.objects.filter(
            person_id__in=list(people),
            role__in=[ReportPerson.Role.VICTIM, ReportPerson.Role.REPORTER],
            report__occurred_at__date__gte=start,
            report__occurred_at__date__lte=occurred,
        )
        .exclude(report=report)
        .values_list("person_id", flat=True)
    )
    applied = Application.objects.filter(victim_id=OuterRef("pk"), received_on__gte=start)
    return list(
        Person.objects.filter(pk__in=list(earlier))
        .exclude(Exists(applied))
        .order_by("last_name", "first_name", "pk")
    )


def agenda_proposals(*, series, held_on: date, since: date | None = None) -> list[dict]:
    """settings.TASKING_AGENDA_SOURCES: Community Trigger reviews due on or before the meeting
    and not yet held. `case` is the newest case of the reports counted, for the meeting's own
    access rule to withhold; the title names no one."""
    reviews = (
        Review.objects.filter(held_on__isnull=True, scheduled_for__lte=held_on)
        .select_related("application")
        .order_by("scheduled_for", "pk")
    )
    proposals = []
    for review in reviews:
        application = review.application
        case = (
            Case.objects.filter(
                reports__in=Report.objects.filter(
                    pk__in=application.complaints.filter(report__isnull=False).values("report_id")
                )
            )
            .order_by("-opened_at")
            .first()
        )
        proposals.append(
            {
                "kind": "community_trigger_review",
                "case": case,
                "title": f"Community Trigger review {application.reference}",
                "reason": f"Case review due on {date_format(review.scheduled_for, 'j F Y')}",
            }
        )
    return proposals


def reminders(*, user, today: date) -> list[dict]:
    """settings.REMINDER_SOURCES: decisions due within two working days, or overdue, on the
    applications the user may see and decide (co-ordinators)."""
    if not has_capability(user, Capability.SUPERVISE):
        return []
    soon = add_working_days(today, 2)
    applications = application_list_visible_to(user).filter(
        status=Application.Status.RECEIVED, decision_due__lte=soon
    )
    return [
        {
            "kind": "community_trigger_decision",
            "title": f"Community Trigger decision due: {a.reference}",
            "due_on": a.decision_due,
            "url": reverse("casereviews:detail", args=[a.reference]),
        }
        for a in applications.order_by("decision_due", "pk")
    ]


reminders.REMINDER_KINDS = {"community_trigger_decision": "Community Trigger decisions due"}


def recommendations_open(application: Application) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(review__application=application, completed_on__isnull=True)


def subject_access_applications(person_ids: list[int]) -> dict:
    """settings.SUBJECT_ACCESS_SECTIONS: Community Trigger applications about the person as the
    victim (the applicant's own details are the applicant's, given in the application)."""
    applications = Application.objects.filter(victim__in=person_ids).order_by("received_on", "pk")
    return {
        "key": "case_review_applications",
        "title": "ASB case review (Community Trigger) applications",
        "rows": [
            {
                "Reference": a.reference,
                "Received": a.received_on,
                "Applicant": f"{a.applicant_first_name} {a.applicant_last_name}",
                "Status": a.get_status_display(),
                "Threshold met": "Yes" if a.threshold_met else "No",
                "Decided": a.decided_on,
            }
            for a in applications
        ],
    }
