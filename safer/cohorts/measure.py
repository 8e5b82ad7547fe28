"""The before-and-after measure of a cohort: what the partnership's records show about each
member over equal periods before and after they joined, and the cohort's totals.

For each member the period is N days, N = the days from joining to today (or to the day they
left, if earlier), at most settings.COHORT_MEASURE_DAYS. "After" is the N days starting on the
day they joined; "before" is the N days ending the day before they joined. Counted: reports in
which the member is an alleged perpetrator, by the day the incident happened, and interventions
recorded against them, by the day issued, across every partner's records. The cohort's figures
are the members' sums; the change is (after - before) / before x 100, none when before is 0.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from safer.cases.models import Intervention, ReportPerson
from safer.cohorts.models import Cohort, CohortMember


def method_text(days: int) -> str:
    return (
        "For each member, the period is the number of days from joining until today (or until "
        f"they left, if earlier), at most {days} days. 'After' counts the days of that period "
        "starting on the day they joined; 'before' counts the same number of days ending the "
        "day before they joined. Reports are those, in every partner's records, in which the "
        "member is an alleged perpetrator, counted by the day the incident happened; "
        "interventions are those recorded against the member, counted by the day issued. The "
        "cohort's before and after are the sums over its members; the change is (after - "
        "before) / before x 100, rounded to one decimal place, and not given when before is 0. "
        "Members who joined today have no period yet and count 0 in both."
    )


@dataclass(frozen=True)
class Counts:
    reports: int = 0
    interventions: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.reports + other.reports, self.interventions + other.interventions)


@dataclass(frozen=True)
class MemberMeasure:
    member: CohortMember
    days: int
    before: Counts
    after: Counts

    @property
    def reports_change(self) -> float | None:
        return change_percent(self.before.reports, self.after.reports)


@dataclass(frozen=True)
class CohortMeasure:
    members: list[MemberMeasure]
    before: Counts
    after: Counts
    reports_change: float | None
    interventions_change: float | None
    method: str


def change_percent(before: int, after: int) -> float | None:
    """(after - before) / before x 100 to one decimal place; None when before is 0."""
    if before == 0:
        return None
    return round((after - before) / before * 100, 1)


def period_days(joined_on: date, left_on: date | None, today: date, cap: int) -> int:
    """N: the days from joining to today or leaving (whichever is first), at most `cap`."""
    end = min(today, left_on) if left_on else today
    return max(0, min((end - joined_on).days, cap))


def _dates(person_ids: set[int], start: date, end: date) -> tuple[dict, dict]:
    """{person_id: [incident days]} of reports naming them as alleged perpetrator (each report
    once), and {person_id: [issue days]} of interventions against them, between two days."""
    reports: dict[int, list[date]] = defaultdict(list)
    seen = set()
    involvements = ReportPerson.objects.filter(
        person_id__in=person_ids,
        role=ReportPerson.Role.ALLEGED_PERPETRATOR,
        report__occurred_at__date__gte=start,
        report__occurred_at__date__lte=end,
    ).values_list("person_id", "report_id", "report__occurred_at")
    for person_id, report_id, occurred_at in involvements:
        if (person_id, report_id) not in seen:
            seen.add((person_id, report_id))
            reports[person_id].append(timezone.localtime(occurred_at).date())
    interventions: dict[int, list[date]] = defaultdict(list)
    issued = Intervention.objects.filter(
        person_id__in=person_ids, issued_on__gte=start, issued_on__lte=end
    ).values_list("person_id", "issued_on")
    for person_id, issued_on in issued:
        interventions[person_id].append(issued_on)
    return reports, interventions


def _count(days: list[date], start: date, length: int) -> int:
    end = start + timedelta(days=length)
    return sum(1 for day in days if start <= day < end)


def _measures(members: list[CohortMember], today: date) -> list[MemberMeasure]:
    """Every member's measure from two queries, whatever the number of members."""
    cap = settings.COHORT_MEASURE_DAYS
    spans = [(m, period_days(m.joined_on, m.left_on, today, cap)) for m in members]
    spans_with_days = [(m, n) for m, n in spans if n > 0]
    reports, interventions = ({}, {})
    if spans_with_days:
        reports, interventions = _dates(
            {m.person_id for m, _ in spans_with_days},
            min(m.joined_on - timedelta(days=n) for m, n in spans_with_days),
            max(m.joined_on + timedelta(days=n - 1) for m, n in spans_with_days),
        )
    result = []
    for member, days in spans:
        before_start = member.joined_on - timedelta(days=days)
        mine_reports = reports.get(member.person_id, [])
        mine_interventions = interventions.get(member.person_id, [])
        result.append(
            MemberMeasure(
                member=member,
                days=days,
                before=Counts(
                    _count(mine_reports, before_start, days),
                    _count(mine_interventions, before_start, days),
                ),
                after=Counts(
                    _count(mine_reports, member.joined_on, days),
                    _count(mine_interventions, member.joined_on, days),
                ),
            )
        )
    return result


def member_measure(member: CohortMember, *, today: date | None = None) -> MemberMeasure:
    """One member's counts over equal periods before and after joining."""
    return _measures([member], today or timezone.localdate())[0]


def cohort_measure(cohort: Cohort, *, today: date | None = None) -> CohortMeasure:
    """Every member's measure and the cohort's sums, with the method in words."""
    members = _measures(
        list(cohort.members.select_related("person").order_by("joined_on", "pk")),
        today or timezone.localdate(),
    )
    before = sum((m.before for m in members), Counts())
    after = sum((m.after for m in members), Counts())
    return CohortMeasure(
        members=members,
        before=before,
        after=after,
        reports_change=change_percent(before.reports, after.reports),
        interventions_change=change_percent(before.interventions, after.interventions),
        method=method_text(settings.COHORT_MEASURE_DAYS),
    )
