"""A partnership's tasking groups built through the services: a JATAC chaired by the council's
co-ordinator, with the police and a housing trust as members, and an operations group under it."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from safer.cases import services as case_services
from safer.cases.models import Case
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.tasking import services
from safer.tasking.models import MeetingSeries


@dataclass
class Partnership:
    council: object
    police: object
    housing: object
    chair: object
    caseworker: object
    officer: object
    housing_officer: object
    jatac: MeetingSeries
    operations: MeetingSeries


def partnership(council, police, caseworker) -> Partnership:
    housing = OrganisationFactory(name="Test Housing Trust", short_name="THT")
    chair = member(Role.COORDINATOR, council, username="chair", first_name="Chris")
    officer = member(Role.PARTNER_OFFICER, police, username="pc", first_name="Pat", last_name="Cop")
    housing_officer = member(Role.CASEWORKER, housing, username="housing")
    jatac = services.series_create(
        created_by=chair,
        name="JATAC",
        kind=MeetingSeries.Kind.JATAC,
        organisation=council,
        frequency_days=14,
        chair=chair,
        members=[caseworker, officer, housing_officer],
    )
    operations = services.series_create(
        created_by=chair,
        name="Operations group",
        kind=MeetingSeries.Kind.OPERATIONS,
        organisation=council,
        parent=jatac,
        chair=chair,
        members=[caseworker, officer],
    )
    return Partnership(
        council, police, housing, chair, caseworker, officer, housing_officer, jatac, operations
    )


def a_case(caseworker, *, title: str, share_with=None, **fields) -> Case:
    """An open council case, shared if asked, with fields set by hand (risk, dates, review)."""
    case = case_services.case_open(
        opened_by=caseworker,
        # An address of its own, so the case is no repeat location unless a test makes it one.
        reports=[report(caseworker, people=[victim()], address=f"{title} House, Banbury")],
        title=title,
    )
    if share_with is not None:
        case_services.case_share(case=case, organisation=share_with, shared_by=caseworker)
    if fields:
        Case.objects.filter(pk=case.pk).update(**fields)
        case.refresh_from_db()
    return case


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)
