"""Case search: every path that finds a case, and the visibility rule around it."""

from io import StringIO

import pytest
from django.core.management import call_command

from safer.cases import selectors, services
from safer.cases.models import Case, ReportPerson
from safer.cases.services.search import case_search_rebuild
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.services import person_create, person_merge, person_update

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


def test_words_start_with_the_term_not_contain_it(caseworker):
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, address="4 Ashvale Road", postcode="")]
    )

    assert found(caseworker, "ash") == {case.reference}
    assert found(caseworker, "ASHVALE") == {case.reference}
    assert found(caseworker, "vale") == set()


def test_a_full_postcode_is_one_word_and_the_outward_code_finds_it_too(caseworker):
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, postcode="OX16 5AZ")]
    )
    services.case_open(opened_by=caseworker, reports=[report(caseworker, postcode="OX15 5AZ")])

    assert found(caseworker, "ox165az") == {case.reference}
    assert found(caseworker, "OX16 5AZ") == {case.reference}
    assert case.reference in found(caseworker, "OX16")


def test_apostrophes_and_hyphens_in_names(caseworker):
    person = person_create(created_by=caseworker, first_name="Ffion", last_name="O'Dell-Ramsay")
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, people=[victim(person)])]
    )

    for q in ["O'Dell", "odell", "Ramsay", "O\u2019Dell-Ramsay", "odell-ram"]:
        assert found(caseworker, q) == {case.reference}, q


def test_renaming_someone_changes_the_words_their_cases_are_found_by(caseworker):
    person = person_create(created_by=caseworker, first_name="Quill", last_name="Specimen")
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, people=[victim(person)])]
    )

    person_update(person=person, changed_by=caseworker, last_name="Sample")

    assert found(caseworker, "Specimen") == set()
    assert found(caseworker, "Sample") == {case.reference}


def test_merging_people_leaves_the_case_found_by_the_kept_record(caseworker):
    keep = person_create(created_by=caseworker, first_name="Quill", last_name="Specimen")
    duplicate = person_create(created_by=caseworker, first_name="Quil", last_name="Speciman")
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, people=[victim(duplicate)])]
    )
    assert found(caseworker, "Speciman") == {case.reference}

    person_merge(keep=keep, duplicate=duplicate, merged_by=caseworker)

    assert found(caseworker, "Specimen") == {case.reference}
    assert found(caseworker, "Speciman") == set()


def test_correcting_a_report_or_retitling_a_case_changes_its_words(caseworker):
    first = report(caseworker, address="1 Old Lane", postcode="OX16 1AA")
    case = services.case_open(opened_by=caseworker, reports=[first], title="Shouting")

    services.report_update(
        report=first, changed_by=caseworker, expected_version=None, address="3 New Street"
    )
    case.refresh_from_db()
    services.case_update(
        case=case, changed_by=caseworker, expected_version=None, title="Loud music"
    )

    assert found(caseworker, "old") == set()
    assert found(caseworker, "new street") == {case.reference}
    assert found(caseworker, "shouting") == set()
    assert found(caseworker, "loud") == {case.reference}


def test_rebuilding_every_case_gives_the_words_the_services_keep(caseworker):
    case = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, people=[victim()])], title="Graffiti"
    )
    case.refresh_from_db()
    kept = case.search_terms
    Case.objects.update(search_terms="")

    assert case_search_rebuild() == 1

    case.refresh_from_db()
    assert case.search_terms == kept
    assert {"graffiti", case.reference.lower()} <= set(kept.split())


def test_rebuild_command_reports_how_many_cases_and_people(caseworker):
    services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    Case.objects.update(search_terms="")
    Person.objects.update(name_key="")
    out = StringIO()

    call_command("rebuild_search_keys", stdout=out)

    assert "Search words rebuilt for 1 reports and 1 cases." in out.getvalue()
    assert Case.objects.get().search_terms
    assert Person.objects.exclude(name_key="").exists()


def reports_found(user, q: str) -> set[str]:
    return set(selectors.report_list_visible_to(user, q=q).values_list("reference", flat=True))


def test_reports_are_found_by_their_own_words_kept_up_to_date(caseworker, police):
    person = person_create(created_by=caseworker, first_name="Quill", last_name="Specimen")
    recorded = report(
        caseworker, people=[victim(person)], address="7 Lantern Way", postcode="OX16 4QQ"
    )
    for q in [recorded.reference, "lantern", "OX16 4QQ", "ox16", "Specimen", "quill spec"]:
        assert reports_found(caseworker, q) == {recorded.reference}, q
    assert reports_found(member(Role.PARTNER_OFFICER, police, username="p"), "Specimen") == set()

    person_update(person=person, changed_by=caseworker, last_name="Sample")
    services.report_update(
        report=recorded, changed_by=caseworker, expected_version=None, address="3 New Street"
    )

    assert reports_found(caseworker, "Specimen") == set()
    assert reports_found(caseworker, "lantern") == set()
    assert reports_found(caseworker, "sample new") == {recorded.reference}
