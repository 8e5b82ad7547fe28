"""The repeat callers list: distinct reports in the window, busiest first, visible people only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.cases import selectors
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.services import person_create

pytestmark = pytest.mark.django_db


def _person(user, last_name):
    return person_create(created_by=user, first_name="Robin", last_name=last_name)


def test_busiest_first_each_report_once_old_ones_left_out(caseworker):
    busy, steady, quiet = (_person(caseworker, n) for n in ("Busy", "Steady", "Quiet"))
    for _ in range(4):
        report(caseworker, people=[victim(busy)])
    for _ in range(2):  # reporter and victim of the same report: one call
        report(
            caseworker,
            people=[victim(steady), PersonInput(role="reporter", person_id=steady.pk)],
        )
    report(caseworker, people=[victim(steady)])
    old = timezone.now() - timedelta(days=400)
    for _ in range(3):
        report(caseworker, people=[victim(quiet)], reported_at=old)

    callers = selectors.repeat_callers(caseworker)

    assert [(p.last_name, p.calls) for p in callers] == [("Busy", 4), ("Steady", 3)]
    assert selectors.repeat_callers(caseworker, minimum=4)[0] == busy
    assert len(selectors.repeat_callers(caseworker, limit=1)) == 1


def test_people_the_user_may_not_see_are_left_out(caseworker, police):
    busy = _person(caseworker, "Busy")
    for _ in range(3):
        report(caseworker, people=[victim(busy)])
    officer = member(Role.PARTNER_OFFICER, police, username="officer")

    assert selectors.repeat_callers(officer) == []
    assert [p.pk for p in selectors.repeat_callers(caseworker)] == [busy.pk]
