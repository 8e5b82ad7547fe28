"""The scheme's measures: its own counts this period against last year, police-recorded
shoplifting and violence in its area from the hub, and the action plan measures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import street_row, write_street_csv
from safer.plans.measures import MEASURES, measure_read
from safer.schemes import services
from safer.schemes.access import access_scheme
from safer.schemes.measures import hub_figures, scheme_figures
from safer.schemes.tests import factories as f

pytestmark = pytest.mark.django_db


def _report(user, scheme, *, kind="theft", days_ago=0, offender_id=None):
    return services.incident_report(
        access=access_scheme(user, scheme.pk),
        reported_by=user,
        kind=kind,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        description="Incident",
        offender_id=offender_id,
        offender_description="" if offender_id else "Woman, 30s",
        goods_value=10 if kind == "theft" else None,
    )


def test_scheme_figures_count_incidents_exclusions_repeats_and_breaches(
    admin_user, member, red_lion, council
):
    scheme = red_lion.scheme
    excluded = f.exclusion(admin_user, scheme, f.person(council), [red_lion], starts=-5)
    _report(member, scheme)
    _report(member, scheme, kind="violence")
    _report(member, scheme, kind="disorder", offender_id=excluded.profile_id)
    _report(member, scheme, kind="disorder", offender_id=excluded.profile_id)
    figures = {x.label: x for x in scheme_figures(scheme, today=timezone.localdate())}
    assert figures["Incidents reported by members"].now == 4
    assert figures["Incidents reported by members"].last_year == 0
    assert figures["Thefts reported by members"].now == 1
    assert figures["Violence reported by members"].now == 1
    assert figures["Exclusions issued"].now == 1
    assert figures["Repeat offenders (two or more incidents)"].now == 1
    assert figures["Breaches of exclusions"].now == 2
    assert figures["Incidents reported by members"].change_percent is None  # none last year


def test_hub_figures_compare_the_last_three_months_with_a_year_before(settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    rows = []
    for month in ("2024-01", "2024-02", "2024-03"):
        rows += [street_row(month=month, crime_type="Shoplifting")] * 4
        rows += [street_row(month=month, crime_type="Violence and sexual offences")] * 2
    for month in ("2025-01", "2025-02", "2025-03"):
        rows += [street_row(month=month, crime_type="Shoplifting")] * 3
        rows += [street_row(month=month, crime_type="Violence and sexual offences")] * 2
    folder = tmp_path / "csv"
    folder.mkdir()
    for month in sorted({r[1] for r in rows}):
        write_street_csv(
            folder / f"{month}-thames-valley-street.csv", [r for r in rows if r[1] == month]
        )
    assert not crime_paths_import(paths=[folder]).rejected_files
    shoplifting, violence = hub_figures("E07000177")
    assert (shoplifting.now, shoplifting.last_year, shoplifting.change_percent) == (9, 12, -25.0)
    assert (violence.now, violence.last_year, violence.change_percent) == (6, 6, 0.0)
    assert hub_figures("") == []


def test_the_schemes_measures_are_in_the_action_plan_registry(admin_user, member, red_lion):
    for key in (
        "schemes_incidents",
        "schemes_thefts",
        "schemes_breaches",
        "schemes_area_shoplifting",
        "schemes_area_violent_crime",
    ):
        assert key in MEASURES
    _report(member, red_lion.scheme)
    today = timezone.localdate()
    period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    reading = measure_read("schemes_thefts", period)
    assert reading.value == 1.0 and reading.baseline == 0.0
