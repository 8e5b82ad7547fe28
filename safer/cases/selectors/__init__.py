"""Reads of reports and cases; every list starts from the need-to-know rule."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safer.cases import legal
from safer.cases.models import (
    Case,
    CaseEvent,
    Intervention,
    Report,
    ReportPerson,
    RiskAssessment,
)
from safer.cases.search_words import query_words
from safer.partners.access import visible_to
from safer.people.models import Person


def report_list_visible_to(
    user,
    *,
    q: str = "",
    unassessed: bool = False,
    flag: str = "",
) -> QuerySet[Report]:
    """Reports the user may see, newest first: by reference, address, postcode or a name, not
    yet risk-assessed, or carrying a flag."""
    reports = visible_to(user, Report.objects.select_related("organisation", "case"))
    if q:
        reports = reports.filter(search_terms__words_start=" ".join(query_words(q)))
    if unassessed:
        reports = reports.filter(risk="")
    if flag:
        reports = reports.filter(flags__icontains=f'"{flag}"')
    return reports.order_by("-reported_at", "-pk")


def case_list_visible_to(
    user,
    *,
    q: str = "",
    status: str = "",
    risk: str = "",
    kind: str = "",
    lead_officer=None,
    review_overdue: bool = False,
    include_closed: bool = False,
    postcode_area: str = "",
    report_type: str = "",
) -> QuerySet[Case]:
    """Cases the user may see, highest risk and soonest review first."""
    cases = visible_to(user, Case.objects.select_related("organisation", "lead_officer"))
    if status:
        cases = cases.filter(status=status)
    elif not include_closed:
        cases = cases.exclude(status=Case.Status.CLOSED)
    if risk:
        cases = cases.filter(risk=risk)
    if kind:
        cases = cases.filter(kind=kind)
    if lead_officer is not None:
        cases = cases.filter(lead_officer=lead_officer)
    if review_overdue:
        cases = cases.filter(next_review_due__lt=timezone.localdate()).exclude(
            status=Case.Status.CLOSED
        )
    if q:
        cases = cases.filter(search_terms__words_start=" ".join(query_words(q)))
    if postcode_area:
        cases = cases.filter(
            Exists(
                Report.objects.filter(
                    case=OuterRef("pk"), postcode__istartswith=postcode_area.strip()
                )
            )
        )
    if report_type:
        cases = cases.filter(Exists(Report.objects.filter(case=OuterRef("pk"), type=report_type)))
    # Filtered by risk, the risk order is constant: leaving it out lets an index give the order.
    risk_order = [] if risk else [_risk_order()]
    return cases.order_by(*risk_order, "next_review_due", "-opened_at", "-pk")


def _risk_order():
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    return When_(
        When(risk="high", then=Value(0)),
        When(risk="medium", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    ).asc()


@dataclass(frozen=True)
class CaseloadSummary:
    open_cases: int
    high_risk: int
    reviews_overdue: int
    reports_unassessed: int
    assessments_overdue: int


def caseload_summary(user) -> CaseloadSummary:
    """Headline counts for the home page: one pass over the open cases, one over the reports
    not yet assessed."""
    today = timezone.localdate()
    cases = (
        case_list_visible_to(user)
        .order_by()
        .aggregate(
            open_cases=Count("pk"),
            high_risk=Count("pk", filter=Q(risk="high")),
            reviews_overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        )
    )
    reports = (
        visible_to(user, Report.objects.all())
        .filter(risk="")
        .order_by()
        .aggregate(
            reports_unassessed=Count("pk"),
            assessments_overdue=Count("pk", filter=Q(assessment_due__lt=today)),
        )
    )
    return CaseloadSummary(**cases, **reports)


def case_reports(user, case: Case) -> QuerySet[Report]:
    """The case's reports the user may open, newest first.

    A case shared with a partner can hold reports that were not shared with it (one attached
    later, or owned by a third organisation): those are left out, never listed by reference.
    """
    return visible_to(user, case.reports.all()).order_by("-reported_at", "-pk")


HIDDEN_REPORT = "a report not shared with your organisation"


def case_timeline(user, case: Case) -> list[CaseEvent]:
    """The case's timeline, newest first, with the reference of any report the user may not
    open replaced by words that neither name nor number it."""
    events = list(case.events.select_related("actor").order_by("-occurred_at", "-pk")[:100])
    hidden = set(case.reports.values_list("reference", flat=True)) - set(
        case_reports(user, case).values_list("reference", flat=True)
    )
    if hidden:
        pattern = re.compile("|".join(re.escape(ref) for ref in sorted(hidden, key=len)[::-1]))
        for event in events:
            event.summary = pattern.sub(HIDDEN_REPORT, event.summary)
    return events


def visible_case_ids(user, case_ids) -> set[int]:
    """Which of these cases the user may open: a report can be shared with a partner whose
    organisation was not given its case."""
    ids = {pk for pk in case_ids if pk is not None}
    if not ids:
        return set()
    return set(visible_to(user, Case.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def with_case_visibility(user, reports) -> list:
    """The reports, each marked `case_visible`: whether the user may open its case (a list must
    not link to a case it would answer 404 for, nor name it)."""
    reports = list(reports)
    seen = visible_case_ids(user, [r.case_id for r in reports])
    for report in reports:
        report.case_visible = report.case_id in seen
    return reports


def _visible_person_ids(user, person_ids) -> set[int]:
    return set(
        visible_to(user, Person.objects.filter(pk__in=set(person_ids))).values_list("pk", flat=True)
    )


def report_people(user, report: Report) -> list[ReportPerson]:
    """The people involved in a report whom the user may open (a report can name someone
    another organisation holds and has not shared)."""
    involvements = list(
        report.involvements.select_related("person").order_by("role", "person__last_name")
    )
    seen = _visible_person_ids(user, [i.person_id for i in involvements])
    return [i for i in involvements if i.person_id in seen]


def case_people(user, case: Case) -> list[tuple[Person, list[str]]]:
    """Everyone the user may open who is involved in the case's reports they may open, with
    their roles."""
    people: dict[int, tuple[Person, set[str]]] = {}
    involvements = list(
        ReportPerson.objects.filter(
            report__in=case_reports(user, case).values("pk")
        ).select_related("person")
    )
    seen = _visible_person_ids(user, [i.person_id for i in involvements])
    for involvement in involvements:
        if involvement.person_id not in seen:
            continue
        entry = people.setdefault(involvement.person_id, (involvement.person, set()))
        entry[1].add(involvement.get_role_display())
    return [(person, sorted(roles)) for person, roles in people.values()]


def case_interventions(user, case: Case, *, pk: int | None = None) -> list[Intervention]:
    """The case's interventions (or the one with `pk`) with their breaches and history, each
    with `person_visible`: the person an order is against may be held by an organisation that
    has not shared them, and is then not named; and `publicity_allowed`: whether a publicity
    sheet may be produced (only naming someone the reader may see, and only as the tool and the
    person's age allow)."""
    found = case.interventions.filter(pk=pk) if pk is not None else case.interventions.all()
    interventions = list(
        found.select_related("person", "issuing_organisation").prefetch_related(
            "breaches", "changes__changed_by", "changes__organisation"
        )
    )
    seen = _visible_person_ids(user, [i.person_id for i in interventions])
    today = timezone.localdate()
    for intervention in interventions:
        intervention.person_visible = intervention.person_id in seen
        intervention.publicity_allowed = (
            intervention.person_visible
            and legal.publicity_allowed(intervention.kind, intervention.person.age_on(today))[0]
        )
    return interventions


def report_assessments(report: Report) -> QuerySet[RiskAssessment]:
    return report.assessments.select_related("questionnaire", "assessed_by")


def report_suggested_cases(user, report: Report) -> QuerySet[Case]:
    """Open cases this report probably belongs to: same people or same place."""
    if report.case_id:
        return Case.objects.none()
    person_ids = report.involvements.values("person_id")
    related = Report.objects.filter(
        Q(involvements__person_id__in=person_ids) | Q(location_key=report.location_key)
    ).exclude(pk=report.pk)
    if not report.location_key:
        related = Report.objects.filter(involvements__person_id__in=person_ids).exclude(
            pk=report.pk
        )
    return (
        case_list_visible_to(user)
        .filter(pk__in=related.filter(case__isnull=False).values("case_id"))
        .distinct()[:5]
    )


def interventions_due(user, *, within_days: int = 28) -> QuerySet[Intervention]:
    """Interventions on visible cases that expire or need review soon."""
    today = timezone.localdate()
    horizon = today + timedelta(days=within_days)
    cases = case_list_visible_to(user, include_closed=True).values("pk")
    return (
        Intervention.objects.filter(case_id__in=cases)
        .exclude(status__in=Intervention.FINISHED)
        .filter(Q(expires_on__lte=horizon, expires_on__gte=today) | Q(next_review_on__lte=horizon))
        .select_related("case", "case__lead_officer", "person")
        .order_by("expires_on")
    )


def repeat_callers(user, *, days: int = 365, minimum: int = 3, limit: int = 50) -> list[Person]:
    """People the user may see who reported or were victims in at least `minimum` reports the
    user may see lately, most calls first (each with `calls` set), at most `limit` of them.

    Counted from the involvements of the period (which carry their report's date) before the
    access rule is asked about anyone: checking every involvement's person first took seconds
    at a million reports, where the counts then the rule for the busiest take about one.
    """
    since = timezone.now() - timedelta(days=days)
    # Distinct (person, report) pairs first (someone may be both reporter and victim of one
    # report), then counted per person: two hash aggregates, where COUNT(DISTINCT) would sort.
    pairs = (
        ReportPerson.objects.filter(
            role__in=["reporter", "victim"],
            reported_at__gte=since,
            # Only reports the user may open are counted: a count must not number the others.
            report__in=visible_to(user, Report.objects.order_by()).values("pk"),
        )
        .order_by()
        .values("person_id", "report_id")
        .distinct()
    )
    inner, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT person_id, COUNT(*) FROM ({inner}) pairs GROUP BY person_id
            HAVING COUNT(*) >= %s ORDER BY 2 DESC, 1""",  # noqa: S608 - ORM-built SQL
            [*params, minimum],
        )
        counts = cursor.fetchall()
    callers: list[Person] = []
    visible = visible_to(user, Person.objects.filter(merged_into__isnull=True))
    for start in range(0, len(counts), REPEAT_CALLER_BATCH):
        batch = counts[start : start + REPEAT_CALLER_BATCH]
        people = visible.in_bulk([pk for pk, _ in batch])
        for pk, calls in batch:
            if pk in people:
                people[pk].calls = calls
                callers.append(people[pk])
        if len(callers) >= limit:
            break
    return callers[:limit]


REPEAT_CALLER_BATCH = 100


def repeat_locations(user, *, days: int = 365, minimum: int = 3, limit: int = 50) -> list[dict]:
    """Places with at least `minimum` reports the user may see lately, busiest first: each with
    its address and the references of those reports, newest first (never its internal key)."""
    since = timezone.now() - timedelta(days=days)
    recent = visible_to(user, Report.objects.filter(reported_at__gte=since)).exclude(
        location_key=""
    )
    places = list(
        recent.values("location_key")
        .annotate(reports=Count("pk"))
        .filter(reports__gte=minimum)
        .order_by("-reports", "location_key")[:limit]
    )
    found: dict[str, list[dict]] = {place["location_key"]: [] for place in places}
    for row in (
        recent.filter(location_key__in=list(found))
        .order_by("-reported_at", "-pk")
        .values("location_key", "reference", "address", "postcode")
    ):
        found[row["location_key"]].append(row)
    return [
        {
            "address": ", ".join(
                part for part in (rows[0]["address"], rows[0]["postcode"]) if part
            ),
            "reports": place["reports"],
            "references": [row["reference"] for row in rows],
        }
        for place in places
        for rows in [found[place["location_key"]]]
    ]


def cases_by_type_and_area(user) -> list[dict]:
    """Open visible cases counted by report type and postcode district."""
    cases = case_list_visible_to(user).values("pk")
    rows = (
        visible_to(user, Report.objects.filter(case_id__in=cases))
        .values("type", "postcode")
        .annotate(cases=Count("case_id", distinct=True))
    )
    totals: dict[tuple[str, str], int] = {}
    for row in rows:
        district = (row["postcode"] or "").split(" ")[0] or "Unknown"
        key = (Report.Type(row["type"]).label, district)
        totals[key] = totals.get(key, 0) + row["cases"]
    return [
        {"type": t, "area": a, "cases": n}
        for (t, a), n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def is_overdue(due: date | None) -> bool:
    return bool(due and due < timezone.localdate())


# The reads split out by concept, re-exported so callers keep `selectors.<name>`.
from safer.cases.selectors.aggregates import (  # noqa: E402, F401
    WEEKDAYS,
    ReportPoints,
    ReportTimeProfile,
    _reports_occurred,
    report_monthly_counts,
    report_occurred_months,
    report_points_with_dates,
    report_time_profile,
)
from safer.cases.selectors.public import (  # noqa: E402, F401
    PUBLIC_CLOSED,
    PUBLIC_IN_HAND,
    PUBLIC_RECEIVED,
    PublicReportStatus,
    report_for_public_check,
    report_public_status,
)
from safer.cases.selectors.work import (  # noqa: E402, F401
    MY_WORK_HORIZON_DAYS,
    MY_WORK_LIMIT,
    MyWork,
    my_work,
    people_last_reports,
    visible_report_references,
)
