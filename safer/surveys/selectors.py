"""Survey results for managers: counts and shares by team, case type and quarter, never one
person's answers. A group with fewer answers than SURVEY_MIN_ANSWERS shows counts only, since a
share of two or three answers could tell who gave them."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from safer.cases.models import Case
from safer.surveys.models import SatisfactionSurvey

GROUPS = {"team": "Team", "kind": "Case type", "quarter": "Quarter", "occasion": "Asked when"}
SATISFIED = [
    SatisfactionSurvey.Satisfaction.VERY_SATISFIED,
    SatisfactionSurvey.Satisfaction.SATISFIED,
]


_COUNTS = {
    "sent": Count("pk", filter=Q(sent=True)),
    "answered": Count("pk", filter=Q(answered_at__isnull=False)),
    "satisfied": Count("pk", filter=Q(satisfied__in=SATISFIED)),
    "informed": Count("pk", filter=Q(kept_informed=SatisfactionSurvey.KeptInformed.YES)),
    "safer": Count("pk", filter=Q(feel_safer=SatisfactionSurvey.FeelSafer.YES)),
}


@dataclass(frozen=True)
class ResultRow:
    label: str
    offered: int
    sent: int
    answered: int
    response_rate: float | None  # answered / sent, %
    satisfied: float | None  # shares of the answers, %; None below the minimum
    kept_informed: float | None
    feel_safer: float | None


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def survey_results(*, year: int, group_by: str = "quarter") -> list[ResultRow]:
    """Every partner's surveys offered in the year, grouped by team (the organisation that led
    the case), case type or quarter: aggregates only, for those with the analytics capability."""
    if group_by not in GROUPS:
        group_by = "quarter"
    surveys = SatisfactionSurvey.objects.filter(
        created_at__date__gte=date(year, 1, 1),
        created_at__date__lte=date(year, 12, 31),
    )
    key = {
        "team": "organisation__name",
        "kind": "case_kind",
        "quarter": "quarter",
        "occasion": "occasion",
    }[group_by]
    if group_by == "quarter":
        surveys = surveys.annotate(year=ExtractYear("created_at"), month=ExtractMonth("created_at"))
    rows = surveys.values(*(["year", "month"] if group_by == "quarter" else [key])).annotate(
        offered=Count("pk"), **_COUNTS
    )
    merged: dict[str, dict] = {}
    for row in rows:
        if group_by == "quarter":
            label = f"{row['year']} Q{(row['month'] - 1) // 3 + 1}"
        elif group_by == "kind":
            label = Case.Kind(row[key]).label if row[key] in Case.Kind.values else row[key]
        elif group_by == "occasion":
            label = SatisfactionSurvey.Occasion(row[key]).label
        else:
            label = row[key]
        totals = merged.setdefault(
            label,
            dict.fromkeys(("offered", "sent", "answered", "satisfied", "informed", "safer"), 0),
        )
        for name in totals:
            totals[name] += row[name]
    return [_row(label, merged[label]) for label in sorted(merged)]


def _row(label: str, t: dict) -> ResultRow:
    """One group's counts, with its shares only when enough people answered."""
    enough = t["answered"] >= settings.SURVEY_MIN_ANSWERS
    return ResultRow(
        label=label,
        offered=t["offered"],
        sent=t["sent"],
        answered=t["answered"],
        response_rate=_share(t["answered"], t["sent"]),
        satisfied=_share(t["satisfied"], t["answered"]) if enough else None,
        kept_informed=_share(t["informed"], t["answered"]) if enough else None,
        feel_safer=_share(t["safer"], t["answered"]) if enough else None,
    )


def survey_totals(*, start: datetime, end: datetime) -> ResultRow:
    """Every partner's surveys offered from start (inclusive) to end (exclusive), as one group:
    the partnership's satisfaction figures for a period (the plans app's live measures)."""
    totals = SatisfactionSurvey.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        offered=Count("pk"), **_COUNTS
    )
    return _row("", totals)


def subject_access_surveys(person_ids: list[int]) -> dict:
    """settings.SUBJECT_ACCESS_SECTIONS: the surveys offered to the person and their answers."""
    surveys = SatisfactionSurvey.objects.filter(person__in=person_ids).select_related("case")
    return {
        "key": "satisfaction_surveys",
        "title": "Satisfaction surveys",
        "rows": [
            {
                "Offered": s.created_at,
                "Case": s.case.reference,
                "Asked when": s.get_occasion_display(),
                "Sent": s.delivery_note,
                "Answered": s.answered_at,
                "Satisfied": s.get_satisfied_display(),
                "Kept informed": s.get_kept_informed_display(),
                "Feel safer": s.get_feel_safer_display(),
                "Comment": s.comment,
            }
            for s in surveys.order_by("created_at", "pk")
        ],
    }
