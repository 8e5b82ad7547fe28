"""An officer's work, and the small reads other apps make of reports by reference or person."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from safer.cases.models import (
    Case,
    CaseTask,
    Report,
    ReportPerson,
)
from safer.cases.selectors import case_list_visible_to
from safer.partners.access import has_capability, organisation_of, visible_to
from safer.partners.roles import Capability
from safer.people.models import Person

# --- My work -----------------------------------------------------------------------------------

# Reviews and tasks due within this many days show as "due soon" beside the overdue ones.
MY_WORK_HORIZON_DAYS = 14
MY_WORK_LIMIT = 50


@dataclass
class MyWork:
    """What one officer has to do: their tasks, their reviews, their cases by risk and the
    reports their organisation holds that still wait for a first risk assessment."""

    tasks: list[CaseTask]
    reviews: list[Case]
    cases: list[Case]
    unassessed: list[Report]
    counts: dict[str, int]


def my_work(user, *, limit: int = MY_WORK_LIMIT) -> MyWork:
    """The "my work" lists, each with a count of everything behind its first `limit` rows;
    nothing for roles that hold no casework.

    Only records the user may open are listed or counted; tasks given to them on a case no
    longer shared with them are left out.
    """
    if not has_capability(user, Capability.EDIT_RECORDS):
        return MyWork(tasks=[], reviews=[], cases=[], unassessed=[], counts={})
    today = timezone.localdate()
    horizon = today + timedelta(days=MY_WORK_HORIZON_DAYS)
    visible_cases = case_list_visible_to(user)
    tasks = (
        CaseTask.objects.filter(
            owner=user, done_at__isnull=True, case__in=visible_cases.values("pk")
        )
        .select_related("case")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    mine = visible_cases.filter(lead_officer=user)
    reviews = mine.filter(next_review_due__lte=horizon).order_by("next_review_due", "pk")
    unassessed = visible_to(
        user, Report.objects.filter(risk="", organisation=organisation_of(user))
    ).order_by(F("assessment_due").asc(nulls_last=True), "reported_at", "pk")
    by_risk = mine.order_by().aggregate(
        high=Count("pk", filter=Q(risk="high")),
        medium=Count("pk", filter=Q(risk="medium")),
        standard=Count("pk", filter=Q(risk="standard")),
        not_assessed=Count("pk", filter=Q(risk="")),
    )
    counts = {
        "tasks": tasks.count(),
        "tasks_overdue": tasks.filter(due_on__lt=today).count(),
        "reviews": reviews.count(),
        "reviews_overdue": reviews.filter(next_review_due__lt=today).count(),
        "cases": sum(by_risk.values()),
        **{f"cases_{band}": n for band, n in by_risk.items()},
        "unassessed": unassessed.count(),
        "unassessed_overdue": unassessed.filter(assessment_due__lt=today).count(),
    }
    return MyWork(
        tasks=list(tasks[:limit]),
        reviews=list(reviews[:limit]),
        cases=list(mine[:limit]),
        unassessed=list(unassessed[:limit]),
        counts=counts,
    )


def people_last_reports(user, person_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """Each person's latest report the user may open, as (reference, reported_at): it tells two
    proposed matches apart at intake. One read for them all: per person, an indexed look at
    their newest involvements (a handful of people are proposed)."""
    if not person_ids:
        return {}
    visible = visible_to(user, Report.objects.order_by()).values("pk")
    latest = (
        ReportPerson.objects.filter(person_id=OuterRef("pk"), report__in=visible)
        .order_by("-reported_at")
        .values("pk")[:1]
    )
    rows = (
        ReportPerson.objects.filter(
            pk__in=Person.objects.filter(pk__in=person_ids).values(last=Subquery(latest))
        )
        .order_by()
        .values_list("person_id", "report__reference", "reported_at")
    )
    return {person_id: (reference, at) for person_id, reference, at in rows}


def visible_report_references(user, references) -> set[str]:
    """Which of these report references the user may open (a person's record may cite a report
    another organisation holds)."""
    wanted = {r for r in references if r}
    if not wanted:
        return set()
    return set(
        visible_to(user, Report.objects.filter(reference__in=wanted)).values_list(
            "reference", flat=True
        )
    )
