"""Repeat and vulnerability detection: the seed's aim that those at risk are not missed.

Counts run across every report in the system, whichever organisation recorded it: a repeat is a
repeat even when the earlier calls went to another partner. Only the flag is shown; the earlier
reports stay behind the access rule.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from safer.cases.models import Report, ReportPerson, RiskAssessment, RiskBand

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


def report_flags(report: Report, *, thresholds: RepeatThresholds | None = None) -> list[str]:
    """The flags that apply to a stored report now, counting reports up to and including it."""
    t = thresholds or RepeatThresholds.from_settings()
    at = report.reported_at
    involvements = list(report.involvements.select_related("person"))
    flags: list[str] = []

    def window(days: int):
        return (at - timedelta(days=days), at)

    callers = [i.person_id for i in involvements if i.role in CALLER_ROLES]
    if callers and _is_repeat_caller(callers, report, t, window):
        flags.append(REPEAT_CALLER)

    location = Report.objects.filter(
        location_key=report.location_key, reported_at__range=window(t.location_days)
    )
    if report.location_key and location.count() >= t.location_min:
        flags.append(REPEAT_LOCATION)

    perpetrators = [
        i.person_id for i in involvements if i.role == ReportPerson.Role.ALLEGED_PERPETRATOR
    ]
    for person_id in perpetrators:
        count = (
            ReportPerson.objects.filter(
                person_id=person_id,
                role=ReportPerson.Role.ALLEGED_PERPETRATOR,
                reported_at__range=window(t.perpetrator_days),
            )
            .values("report_id")
            .distinct()
            .count()
        )
        if count >= t.perpetrator_min:
            flags.append(REPEAT_PERPETRATOR)
            break

    victims = [i.person for i in involvements if i.role == ReportPerson.Role.VICTIM]
    if victims and _any_vulnerable(victims):
        flags.append(VULNERABLE_VICTIM)

    today = at.date()
    if any(i.person.is_under_18_on(today) for i in involvements):
        flags.append(UNDER_18_INVOLVED)
    return flags


def _is_repeat_caller(person_ids, report, t: RepeatThresholds, window) -> bool:
    for person_id in person_ids:
        calls = ReportPerson.objects.filter(person_id=person_id, role__in=CALLER_ROLES)
        recent = calls.filter(reported_at__range=window(t.caller_days))
        if recent.values("report_id").distinct().count() >= t.caller_min:
            return True
        if t.similar_min and t.similar_days:
            similar = calls.filter(
                reported_at__range=window(t.similar_days), report__type=report.type
            )
            if similar.values("report_id").distinct().count() >= t.similar_min:
                return True
    return False


def _any_vulnerable(victims) -> bool:
    """High risk or vulnerability answers in the victim's latest assessment, or recorded notes."""
    for person in victims:
        if person.vulnerability_notes.strip():
            return True
        latest = RiskAssessment.objects.filter(victim=person).order_by("-assessed_at").first()
        if latest and (latest.band == RiskBand.HIGH or latest.vulnerable):
            return True
    return False
