"""A case with a victim and an alleged perpetrator, and the people who work on it."""

import pytest

from safer.cases import services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.roles import Role
from safer.partners.tests.factories import member


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Filed letters go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(caseworker):
    people = [
        PersonInput(
            role="victim",
            first_name="Robin",
            last_name="Example",
            address="1 Imaginary Road, Banbury",
            postcode="ox16 1zz",
        ),
        PersonInput(
            role="alleged_perpetrator",
            first_name="Riley",
            last_name="Specimen",
            address="3 Imaginary Road, Banbury",
            postcode="OX16 1ZZ",
        ),
    ]
    return services.case_open(opened_by=caseworker, reports=[report(caseworker, people=people)])


@pytest.fixture
def victim_person(case):
    return case.reports.get().involvements.get(role="victim").person


@pytest.fixture
def perpetrator(case):
    return case.reports.get().involvements.get(role="alleged_perpetrator").person


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator", first_name="Cleo")


@pytest.fixture
def viewer(council):
    return member(Role.VIEWER, council, username="viewer")
