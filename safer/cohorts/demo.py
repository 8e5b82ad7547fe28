"""A demo Deter Young Offenders cohort of people named as alleged perpetrators in the demo
reports, made through the real services. Creates nothing twice."""

from datetime import timedelta

from django.utils import timezone

from safer.accounts.models import User
from safer.cases.models import ReportPerson
from safer.cohorts import services
from safer.cohorts.models import Cohort
from safer.people.models import Person

DEMO_COHORT = "Deter Young Offenders (demo)"


def seed_cohorts(*, members: int = 5) -> int:
    """One cohort of up to `members` alleged perpetrators who joined 120 days ago."""
    if Cohort.objects.filter(name=DEMO_COHORT).exists():
        return 0
    caseworker = User.objects.get(username="caseworker")
    cohort = services.cohort_create(
        name=DEMO_COHORT,
        kind=Cohort.Kind.DYO,
        description="Young people named in repeated reports, managed jointly with the police.",
        created_by=caseworker,
    )
    involved = ReportPerson.objects.filter(role=ReportPerson.Role.ALLEGED_PERPETRATOR).values(
        "person_id"
    )
    people = Person.objects.filter(pk__in=involved, merged_into__isnull=True).order_by("pk")
    joined_on = timezone.localdate() - timedelta(days=120)
    for person in people[:members]:
        services.cohort_member_add(
            cohort=cohort, person=person, joined_on=joined_on, added_by=caseworker
        )
    return 1
