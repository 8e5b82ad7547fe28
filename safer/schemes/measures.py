"""A scheme's measures: what its members report and the scheme does (incidents, exclusions,
repeat offenders, breaches), and the police-recorded shoplifting and violence in its area from
the intelligence hub, each this period against the same period a year before.

The same figures, summed over every active scheme, are action plan measures (registered in
plans.measures.MEASURES when the app is ready), so an indicator such as "shoplifting in the
schemes' areas" reads live; each scheme's own are offered through plans.measures.PROVIDERS.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.http import Http404

from safer.schemes.models import Exclusion, Incident, Scheme

HUB_TYPES = (
    ("shoplifting", "Shoplifting (police recorded)"),
    ("violent-crime", "Violence and sexual offences (police recorded)"),
)
HUB_NOTE = (
    "From police.uk street-level crime in the scheme's area, the last three months stored "
    "against the same months a year before. police.uk does not publish the time of day, so "
    "violence is all violence in the area, the night-time economy's included."
)


@dataclass(frozen=True)
class Figure:
    label: str
    now: int | None
    last_year: int | None

    @property
    def change_percent(self) -> float | None:
        if self.now is None or not self.last_year:
            return None
        return round((self.now - self.last_year) / self.last_year * 100, 1)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def scheme_counts(schemes, start: date, end: date) -> dict[str, int]:
    """Counts over [start, end) for the given schemes (a queryset or list)."""
    incidents = Incident.objects.filter(
        scheme__in=schemes, occurred_at__date__gte=start, occurred_at__date__lt=end
    )
    repeat = (
        incidents.filter(offender__isnull=False)
        .values("offender")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .count()
    )
    return {
        "incidents": incidents.count(),
        "thefts": incidents.filter(kind=Incident.Kind.THEFT).count(),
        "violence": incidents.filter(kind=Incident.Kind.VIOLENCE).count(),
        "breaches": incidents.filter(breach_of__isnull=False).count(),
        "repeat_offenders": repeat,
        "exclusions": Exclusion.objects.filter(
            scheme__in=schemes, starts_on__gte=start, starts_on__lt=end
        ).count(),
    }


LABELS = {
    "incidents": "Incidents reported by members",
    "thefts": "Thefts reported by members",
    "violence": "Violence reported by members",
    "exclusions": "Exclusions issued",
    "repeat_offenders": "Repeat offenders (two or more incidents)",
    "breaches": "Breaches of exclusions",
}


def scheme_figures(scheme: Scheme, *, today: date, days: int = 90) -> list[Figure]:
    """The scheme's own figures over the last `days` days against the same days a year before."""
    end = today + timedelta(days=1)
    start = end - timedelta(days=days)
    now = scheme_counts([scheme], start, end)
    before = scheme_counts([scheme], _year_before(start), _year_before(end))
    return [Figure(LABELS[k], now[k], before[k]) for k in LABELS]


def hub_figures(area_code: str) -> list[Figure]:
    """Police-recorded shoplifting and violence in the area: the last three stored months
    against the same months a year before; no figure when the hub lacks either."""
    from safer.intel import selectors, storage
    from safer.intel.areas import area_resolve

    if not area_code:
        return []
    stored = storage.stored_months()
    if not stored:
        return [Figure(label, None, None) for _, label in HUB_TYPES]
    try:
        area = area_resolve(area_code)
    except Http404:  # an area since removed reads as no data
        return [Figure(label, None, None) for _, label in HUB_TYPES]
    last = stored[-1]
    first = selectors.month_add(last, -2)
    comparisons = selectors.period_comparisons(
        area=area, wanted=[(t, None) for t, _ in HUB_TYPES], month_from=first, month_to=last
    )
    return [
        Figure(label, c.status.current, c.status.previous)
        for (_, label), c in zip(HUB_TYPES, comparisons, strict=True)
    ]


# --- Action plan measures ---------------------------------------------------------------------


def _schemes(scheme_id: int | None):
    """Every active scheme, or the one scheme while it is active. A scheme that is no longer
    active (or deleted) reads as no data: a quarter after it stopped would otherwise count
    nothing and look like a fall."""
    schemes = Scheme.objects.filter(is_active=True)
    return schemes if scheme_id is None else schemes.filter(pk=scheme_id)


def _quarter_count(key: str, scheme_id: int | None = None):
    def compute(period: str):
        from safer.plans.periods import period_first_day, period_last_day
        from safer.plans.reading import Reading, against_last_year

        schemes = list(_schemes(scheme_id))
        if scheme_id is not None and not schemes:
            return Reading(None)

        def count(p: str) -> float:
            start, end = period_first_day(p), period_last_day(p) + timedelta(days=1)
            return float(scheme_counts(schemes, start, end)[key])

        return against_last_year(count, period)

    return compute


def _areas(scheme_id: int | None) -> list:
    """The hub areas of the active schemes that name one (each once), or of the one scheme;
    an area since removed from the hub is left out rather than failing the page."""
    from safer.intel.areas import area_resolve

    found = []
    for code in sorted(set(_schemes(scheme_id).exclude(area="").values_list("area", flat=True))):
        try:
            found.append(area_resolve(code))
        except Http404:
            continue
    return found


def _area_crime(crime_type: str, scheme_id: int | None = None):
    """Police-recorded crime of one type summed over the areas of every active scheme with an
    area (each area once), or in the one scheme's area."""

    def compute(period: str):
        from safer.intel import selectors, storage
        from safer.plans.measures import Reading
        from safer.plans.periods import period_add, period_months

        areas = _areas(scheme_id)
        stored = set(storage.stored_months())

        def total(months: list[str]) -> float | None:
            if not areas or not all(m in stored for m in months):
                return None
            return float(
                sum(
                    selectors.crime_counts(
                        area=area, crime_type=crime_type, month_from=months[0], month_to=months[-1]
                    ).total
                    for area in areas
                )
            )

        return Reading(total(period_months(period)), total(period_months(period_add(period, -4))))

    return compute


def plan_measures_register() -> None:
    """Add the schemes' measures to the action plans' registry (plans.measures.MEASURES)."""
    from safer.plans import measures

    same = " Compared with the same quarter a year before."
    found = [
        measures.Measure(
            f"schemes_{key}",
            measures.CASES,
            f"Business crime schemes: {LABELS[key].lower()}",
            f"{LABELS[key]} in every active Pubwatch, Shopwatch or business crime scheme in the "
            "quarter." + same,
            "count",
            "lower" if key != "exclusions" else "higher",
            _quarter_count(key),
            compares_last_year=True,
        )
        for key in COUNTED
    ] + [
        measures.Measure(
            f"schemes_area_{crime_type.replace('-', '_')}",
            measures.INTEL,
            f"{label.split(' (')[0]} in the business crime schemes' areas",
            f"{label} in the areas of every active scheme that names one, in the quarter "
            "(police.uk street-level crime)." + same,
            "crimes",
            "lower",
            _area_crime(crime_type),
            compares_last_year=True,
        )
        for crime_type, label in HUB_TYPES
    ]
    for measure in found:
        measures.MEASURES.setdefault(measure.key, measure)
    if scheme_measures not in measures.PROVIDERS:
        measures.PROVIDERS.append(scheme_measures)


COUNTED = ("incidents", "thefts", "breaches", "repeat_offenders", "exclusions")


def scheme_measures() -> list:
    """Each scheme's own measures, for an indicator such as "shoplifting in the Bicester
    Shopwatch area": its counts, and police-recorded crime in its area when it names one. A
    scheme that is no longer active is not offered for new indicators, and its measures read
    as no data for those already using them, as a deleted scheme's do."""
    from safer.plans import measures

    same = " Compared with the same quarter a year before."
    found = []
    for scheme in Scheme.objects.order_by("name", "pk"):
        name = scheme.name + ("" if scheme.is_active else " (no longer active: no data)")
        found += [
            measures.Measure(
                f"scheme_{scheme.pk}_{key}",
                measures.CASES,
                f"{name}: {LABELS[key].lower()}",
                f"{LABELS[key]} in {scheme.name} in the quarter." + same,
                "count",
                "lower" if key != "exclusions" else "higher",
                _quarter_count(key, scheme.pk),
                compares_last_year=True,
                offered=scheme.is_active,
            )
            for key in COUNTED
        ]
        if scheme.area:
            found += [
                measures.Measure(
                    f"scheme_{scheme.pk}_area_{crime_type.replace('-', '_')}",
                    measures.INTEL,
                    f"{name}: {label.split(' (')[0].lower()} in its area",
                    f"{label} in {scheme.name}'s area in the quarter (police.uk street-level "
                    "crime)." + same,
                    "crimes",
                    "lower",
                    _area_crime(crime_type, scheme.pk),
                    compares_last_year=True,
                    offered=scheme.is_active,
                )
                for crime_type, label in HUB_TYPES
            ]
    return found
