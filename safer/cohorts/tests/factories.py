"""Cohort state built through the real services."""

from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.cohorts import services
from safer.people.models import Person


def perpetrator_report(user, person: Person, *, days_ago: int):
    """A report, of an incident `days_ago` days ago, naming the person as alleged perpetrator."""
    return report(
        user,
        people=[PersonInput(role="alleged_perpetrator", person_id=person.pk)],
        days_ago=days_ago,
    )


def cohort(user, *, name="Deter Young Offenders 2026", kind="dyo"):
    return services.cohort_create(name=name, kind=kind, created_by=user)


def person(organisation, first="Alex", last="Sample") -> Person:
    return Person.objects.create(organisation=organisation, first_name=first, last_name=last)
