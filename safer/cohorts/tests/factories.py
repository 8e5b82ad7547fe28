"""Cohort state built through the real services."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.cohorts import services
from safer.people.models import Person


def perpetrator_report(user, person: Person, *, days_ago: int):
    """A report, of an incident `days_ago` local days ago (at noon, or now if that is earlier),
    naming the person as alleged perpetrator. Counted in local days, as the measure counts: a
    time taken as "now minus N days" falls on another local date across a clock change when run
    late in the evening."""
    day = timezone.localdate() - timedelta(days=days_ago)
    at = min(timezone.make_aware(datetime.combine(day, time(12))), timezone.now())
    return report(
        user,
        people=[PersonInput(role="alleged_perpetrator", person_id=person.pk)],
        reported_at=at,
        days_ago=0,
    )


def cohort(user, *, name="Deter Young Offenders 2026", kind="dyo"):
    return services.cohort_create(name=name, kind=kind, created_by=user)


def person(organisation, first="Alex", last="Sample") -> Person:
    return Person.objects.create(organisation=organisation, first_name=first, last_name=last)
