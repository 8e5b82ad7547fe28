"""Matching at intake (issue 11): short forms and close spellings of first names at the same
address or date of birth, one person typed twice in one form, people who cannot be named, and
the details that tell two candidates apart in the match check."""

import datetime

import pytest

from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people import matching, selectors
from safer.people.matching import PersonData
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1984, 9, 12)


@pytest.mark.parametrize(
    ("held", "typed"),
    [
        ("William", "Bill"),
        ("Charlie", "Charly"),
        ("John", "Jon"),
        ("Robert", "Bob"),
        ("Elizabeth", "Liz"),
        ("Margaret", "Peggy"),
    ],
)
def test_short_forms_and_spellings_at_the_same_postcode_are_found(council, caseworker, held, typed):
    person = PersonFactory(
        organisation=council,
        first_name=held,
        last_name="Hartwell",
        date_of_birth=None,
        postcode="OX16 4ZZ",
    )
    typed_in = PersonData(first_name=typed, last_name="Hartwell", postcode="OX16 4ZZ")
    found = selectors.person_match_candidates(caseworker, typed_in)
    assert [p for p, _ in found] == [person]


def test_short_form_with_the_same_date_of_birth_is_found(council, caseworker):
    person = PersonFactory(
        organisation=council,
        first_name="Elizabeth",
        last_name="Quenby",
        date_of_birth=BORN,
        postcode="",
    )
    typed = PersonData(first_name="Liz", last_name="Quenby", date_of_birth=BORN)
    assert [p for p, _ in selectors.person_match_candidates(caseworker, typed)] == [person]


def test_short_form_alone_is_not_enough(council, caseworker):
    """A name's short form with nothing else in common could be anyone of that surname."""
    PersonFactory(
        organisation=council,
        first_name="William",
        last_name="Hartwell",
        date_of_birth=None,
        postcode="OX16 4ZZ",
    )
    typed = PersonData(first_name="Bill", last_name="Hartwell", postcode="OX5 1ZZ")
    assert selectors.person_match_candidates(caseworker, typed) == []


def test_people_who_cannot_be_named_are_never_matched(council, caseworker):
    PersonFactory(
        organisation=council,
        first_name="",
        last_name="",
        description="Unknown youths",
        date_of_birth=BORN,
    )
    assert selectors.person_match_candidates(caseworker, PersonData(date_of_birth=BORN)) == []
    typed = PersonData(first_name="Ann", last_name="Other", date_of_birth=BORN)
    assert selectors.person_match_candidates(caseworker, typed) == []


def test_the_same_person_twice_among_people_entered_together():
    entered = [
        PersonData(first_name="Charlie", last_name="Doubleday", date_of_birth=BORN),
        PersonData(first_name="Wendy", last_name="Watcher"),
        PersonData(first_name="Charly", last_name="Doubleday", date_of_birth=BORN),
        PersonData(),  # cannot be named: never paired
    ]
    pairs = matching.same_people_within(entered)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert matching.FIRST_NAME_NICKNAME in pairs[0][2].reasons


def test_match_check_shows_address_birth_date_and_last_report(client, council, caseworker):
    person = PersonFactory(
        organisation=council,
        first_name="Jon",
        last_name="Ashcombe",
        date_of_birth=BORN,
        address="3 Mill Lane",
        postcode="OX5 7ZZ",
    )
    earlier = report(caseworker, people=[PersonInput(role="victim", person_id=person.pk)])
    body = {"first_name": "John", "last_name": "Ashcombe", "postcode": "OX5 7ZZ"}
    client.force_login(caseworker)
    (item,) = client.post("/api/v1/people/matches", body, content_type="application/json").json()[
        "items"
    ]
    assert item["address"] == "3 Mill Lane"
    assert item["date_of_birth"] == BORN.isoformat()
    assert item["last_report"]["reference"] == earlier.reference
    client.force_login(member(Role.VIEWER, council))
    (item,) = client.post("/api/v1/people/matches", body, content_type="application/json").json()[
        "items"
    ]
    assert item["date_of_birth"] is None and item["last_report"]["reference"] == earlier.reference
