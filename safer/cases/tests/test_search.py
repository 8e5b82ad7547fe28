"""Case search: every path that finds a case, and the visibility rule around it."""

import pytest

from safer.cases import selectors, services
from safer.cases.models import ReportPerson
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.services import person_create

pytestmark = pytest.mark.django_db


def found(user, q: str) -> set[str]:
    return set(selectors.case_list_visible_to(user, q=q).values_list("reference", flat=True))


def test_case_is_found_by_reference_title_address_postcode_and_names(caseworker):
    first = report(caseworker, people=[victim()], address="7 Lantern Way", postcode="OX16 4QQ")
    case = services.case_open(opened_by=caseworker, reports=[first], title="Door shouting")
    other = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, address="2 Elsewhere Street")]
    )

    for q in [
        case.reference.lower(),
        first.reference,
        "door shouting",
        "lantern",
        "OX16 4QQ",
        "ox16",
        "Exam",
        "robin example",
    ]:
        assert case.reference in found(caseworker, q), q
    assert found(caseworker, "Lantern Elsewhere") == set()
    assert found(caseworker, "elsewhere") == {other.reference}


def test_a_person_in_an_attached_report_finds_the_case(caseworker):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    person = person_create(created_by=caseworker, first_name="Quill", last_name="Specimen")
    attached = report(caseworker, people=[victim(person)], address="9 Other Road")
    assert found(caseworker, "Specimen") == set()

    services.case_attach_report(case=case, report=attached, attached_by=caseworker)

    assert found(caseworker, "Specimen") == {case.reference}
    assert set(ReportPerson.objects.values_list("case_id", flat=True)) == {case.pk}


def test_search_never_finds_a_case_the_user_may_not_see(caseworker, police):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    assert found(officer, "Example") == set()

    services.case_share(case=case, organisation=police, shared_by=caseworker)

    assert found(officer, "Example") == {case.reference}
