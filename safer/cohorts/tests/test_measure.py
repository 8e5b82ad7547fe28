from datetime import date, timedelta

import pytest
from django.utils import timezone

from safer.cases import services as case_services
from safer.cohorts import services
from safer.cohorts.measure import change_percent, cohort_measure, member_measure, period_days
from safer.cohorts.tests.factories import cohort, perpetrator_report, person

pytestmark = pytest.mark.django_db


def _join(user, group, who, days_ago):
    return services.cohort_member_add(
        cohort=group,
        person=who,
        joined_on=timezone.localdate() - timedelta(days=days_ago),
        added_by=user,
    )


def test_four_before_and_one_after_is_a_75_percent_reduction(caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    for days_ago in (110, 120, 130, 140):  # joined 100 days ago: 10 to 40 days before
        perpetrator_report(caseworker, who, days_ago=days_ago)
    perpetrator_report(caseworker, who, days_ago=95)
    _join(caseworker, group, who, 100)
    measure = cohort_measure(group)
    assert (measure.before.reports, measure.after.reports) == (4, 1)
    assert measure.reports_change == -75.0
    assert measure.members[0].days == 100


def test_periods_are_equal_and_end_at_their_edges(caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    perpetrator_report(caseworker, who, days_ago=200)  # joined-on-minus-100: first day before
    perpetrator_report(caseworker, who, days_ago=201)  # one day earlier: outside
    perpetrator_report(caseworker, who, days_ago=100)  # the day they joined counts as after
    perpetrator_report(caseworker, who, days_ago=0)  # today is not yet over: outside
    member = _join(caseworker, group, who, 100)
    measure = member_measure(member)
    assert (measure.days, measure.before.reports, measure.after.reports) == (100, 1, 1)


def test_period_is_capped_and_stops_when_they_left(settings):
    settings.COHORT_MEASURE_DAYS = 365
    today = date(2026, 12, 4)
    assert period_days(date(2025, 1, 1), None, today, 365) == 365
    assert period_days(date(2026, 9, 1), date(2026, 10, 1), today, 365) == 30
    assert period_days(today, None, today, 365) == 0


def test_cohort_sums_members_and_change_is_none_when_before_is_zero(caseworker, council):
    group = cohort(caseworker)
    first, second = person(council), person(council, first="Sam")
    perpetrator_report(caseworker, first, days_ago=60)
    perpetrator_report(caseworker, second, days_ago=70)
    perpetrator_report(caseworker, second, days_ago=20)
    _join(caseworker, group, first, 50)
    _join(caseworker, group, second, 50)
    measure = cohort_measure(group)
    assert (measure.before.reports, measure.after.reports) == (2, 1)
    assert measure.reports_change == -50.0
    assert change_percent(0, 3) is None
    assert change_percent(2, 3) == 50.0


def test_interventions_against_the_member_are_counted(caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    first = perpetrator_report(caseworker, who, days_ago=90)
    case = case_services.case_open(opened_by=caseworker, reports=[first], title="Cohort case")
    for days_ago in (80, 30):
        case_services.intervention_record(
            case=case,
            person=who,
            kind="mediation",
            recorded_by=caseworker,
            issued_on=timezone.localdate() - timedelta(days=days_ago),
        )
    member = _join(caseworker, group, who, 50)
    measure = member_measure(member)
    assert (measure.before.interventions, measure.after.interventions) == (1, 1)


def test_only_alleged_perpetrator_reports_count(caseworker, council):
    from safer.cases.services import PersonInput
    from safer.cases.tests.factories import report

    group = cohort(caseworker)
    who = person(council)
    report(caseworker, people=[PersonInput(role="victim", person_id=who.pk)], days_ago=60)
    member = _join(caseworker, group, who, 50)
    assert member_measure(member).before.reports == 0
