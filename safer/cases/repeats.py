"""Repeat and vulnerability detection: the seed's aim that those at risk are not missed.

Counts run across every report in the system, whichever organisation recorded it: a repeat is a
repeat even when the earlier calls went to another partner. Only the flag is shown; the earlier
reports stay behind the access rule.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery

from safer.cases.models import Report, ReportPerson, RiskAssessment, RiskBand
from safer.people.models import Person, PersonVulnerability

REPEAT_CALLER = "repeat_caller"
REPEAT_LOCATION = "repeat_location"
REPEAT_PERPETRATOR = "repeat_perpetrator"
VULNERABLE_VICTIM = "vulnerable_victim"
UNDER_18_INVOLVED = "under_18_involved"

FLAG_LABELS = {
    REPEAT_CALLER: "Repeat caller",
    REPEAT_LOCATION: "Repeat location",
    REPEAT_PERPETRATOR: "Repeat alleged perpetrator",
    VULNERABLE_VICTIM: "Vulnerable victim",
    UNDER_18_INVOLVED: "Under 18 involved",
}

CALLER_ROLES = (ReportPerson.Role.REPORTER, ReportPerson.Role.VICTIM)


@dataclass(frozen=True)
class RepeatThresholds:
    """Thresholds from settings (REPEAT_*), with the partnership's usual defaults."""

    caller_min: int
    caller_days: int
    similar_min: int | None
    similar_days: int | None
    location_min: int
    location_days: int
    perpetrator_min: int
    perpetrator_days: int

    @classmethod
    def from_settings(cls) -> "RepeatThresholds":
        get = lambda name, default: getattr(settings, name, default)  # noqa: E731
        return cls(
            caller_min=get("REPEAT_CALLER_MIN_REPORTS", 3),
            caller_days=get("REPEAT_CALLER_WINDOW_DAYS", 365),
            similar_min=get("REPEAT_SIMILAR_MIN_REPORTS", 3),
            similar_days=get("REPEAT_SIMILAR_WINDOW_DAYS", 90),
            location_min=get("REPEAT_LOCATION_MIN_REPORTS", 3),
            location_days=get("REPEAT_LOCATION_WINDOW_DAYS", 365),
            perpetrator_min=get("REPEAT_PERPETRATOR_MIN_REPORTS", 3),
            perpetrator_days=get("REPEAT_PERPETRATOR_WINDOW_DAYS", 365),
        )


def report_flags(
    report: Report,
    *,
    people: list[tuple[str, Person]] | None = None,
    pending: bool = False,
    thresholds: RepeatThresholds | None = None,
) -> list[str]:
    """The flags that apply to a report, counting reports up to and including it.

    `people` are its (role, person) pairs (read from the database if not given). With
    `pending=True` the report and its involvements are not stored yet, so each count adds one
    for it: intake computes the flags before its single insert.
    """
    t = thresholds or RepeatThresholds.from_settings()
    at = report.reported_at
    own = 1 if pending else 0
    if people is None:
        people = [(i.role, i.person) for i in report.involvements.select_related("person")]
    flags: list[str] = []

    def since(days: int):
        return at - timedelta(days=days)

    def reports_of(person_id: int, roles, days: int):
        return ReportPerson.objects.filter(
            person_id=person_id, role__in=roles, reported_at__range=(since(days), at)
        )

    similar_on = bool(t.similar_min and t.similar_days)
    callers = {person.pk for role, person in people if role in CALLER_ROLES}
    if any(
        _at_least(reports_of(pk, CALLER_ROLES, t.caller_days), t.caller_min - own)
        or (
            similar_on
            and _at_least(
                reports_of(pk, CALLER_ROLES, t.similar_days).filter(report__type=report.type),
                t.similar_min - own,
            )
        )
        for pk in callers
    ):
        flags.append(REPEAT_CALLER)

    if report.location_key and _at_least(
        Report.objects.filter(
            location_key=report.location_key, reported_at__range=(since(t.location_days), at)
        ),
        t.location_min - own,
        key="pk",
    ):
        flags.append(REPEAT_LOCATION)

    accused = {p.pk for role, p in people if role == ReportPerson.Role.ALLEGED_PERPETRATOR}
    perpetrator_roles = [ReportPerson.Role.ALLEGED_PERPETRATOR]
    if any(
        _at_least(reports_of(pk, perpetrator_roles, t.perpetrator_days), t.perpetrator_min - own)
        for pk in accused
    ):
        flags.append(REPEAT_PERPETRATOR)

    victims = [person for role, person in people if role == ReportPerson.Role.VICTIM]
    if victims and _any_vulnerable(victims):
        flags.append(VULNERABLE_VICTIM)

    today = at.date()
    if any(person.is_under_18_on(today) for _, person in people):
        flags.append(UNDER_18_INVOLVED)
    return flags


def _at_least(rows, n: int, *, key: str = "report_id") -> bool:
    """Whether the rows name at least n different reports, reading at most 2n rows, newest
    first (one person has at most two roles in a report; a heavy caller has thousands)."""
    if n <= 0:
        return True
    ids = rows.order_by("-reported_at").values_list(key, flat=True)[: 2 * n]
    return len(set(ids)) >= n


def _any_vulnerable(victims) -> bool:
    """High risk or vulnerability answers in a victim's latest assessment, recorded notes, or a
    vulnerability carried to the person's record (by any earlier assessment: it stays found)."""
    if any(person.vulnerability_notes.strip() for person in victims):
        return True
    latest = RiskAssessment.objects.filter(victim=OuterRef("pk")).order_by("-assessed_at", "-pk")
    return (
        Person.objects.filter(pk__in=[person.pk for person in victims])
        .annotate(
            latest_band=Subquery(latest.values("band")[:1]),
            latest_vulnerable=Subquery(latest.values("vulnerable")[:1]),
            carried=Exists(PersonVulnerability.objects.filter(person=OuterRef("pk"))),
        )
        .filter(Q(latest_band=RiskBand.HIGH) | Q(latest_vulnerable=True) | Q(carried=True))
        .exists()
    )
