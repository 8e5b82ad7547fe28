"""The database side of matching: the name key kept on each person, and the candidate pool."""

import datetime

import pytest

from safer.people import selectors
from safer.people.matching import PersonData, name_key, soundex
from safer.people.models import Person
from safer.people.services import person_update
from safer.people.tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ashvale", "A214"),
        ("ashvael", "A214"),
        ("smith", "S530"),
        ("smyth", "S530"),
        ("ashcraft", "A261"),
        ("tymczak", "T522"),
        ("pfister", "P236"),
        ("lee", "L000"),
        ("", ""),
    ],
)
def test_soundex(name, code):
    assert soundex(name) == code


def test_name_key_is_the_last_names_soundex_and_the_first_initial():
    assert name_key("Sam", "Ashvale") == "A214s"
    assert name_key("  Zoë ", "O'Brien") == "O165z"
    assert name_key("Sam", "") == ""


@pytest.mark.django_db
def test_the_name_key_follows_the_names(caseworker, council):
    person = PersonFactory(organisation=council, first_name="Sam", last_name="Ashvale")
    assert Person.objects.get(pk=person.pk).name_key == "A214s"

    person_update(person=person, changed_by=caseworker, first_name="Robin", last_name="Smyth")

    assert Person.objects.get(pk=person.pk).name_key == "S530r"


def _candidate(first, last, **more):
    return PersonData(first, last, more.pop("date_of_birth", None), **more)


@pytest.mark.django_db
def test_typos_swapped_names_and_birth_dates_find_the_person(caseworker, council):
    held = PersonFactory(
        organisation=council,
        first_name="Samantha",
        last_name="Ashvale",
        date_of_birth=datetime.date(1990, 3, 4),
        postcode="OX16 5AZ",
    )
    for candidate in [
        _candidate("Samantha", "Ashvael", postcode="OX16 5AZ"),
        _candidate("Ashvale", "Samantha", postcode="OX16 5AZ"),
        _candidate("Samantha", "Bashvale", date_of_birth=datetime.date(1990, 3, 4)),
    ]:
        found = [p for p, _ in selectors.person_match_candidates(caseworker, candidate)]
        assert found and found[0] == held, candidate


@pytest.mark.django_db
def test_a_full_pool_keeps_the_strongest_evidence(caseworker, council, monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_POOL", 3)
    for _ in range(5):
        PersonFactory(organisation=council, first_name="Sam", last_name="Ashvale", postcode="")
    same_place = PersonFactory(
        organisation=council, first_name="Sam", last_name="Ashvale", postcode="OX16 5AZ"
    )

    found = selectors.person_match_candidates(
        caseworker, _candidate("Sam", "Ashvale", postcode="ox165az")
    )

    assert found[0][0] == same_place


@pytest.mark.django_db
def test_people_the_user_may_not_see_are_never_candidates(caseworker, police):
    PersonFactory(organisation=police, first_name="Sam", last_name="Ashvale")

    assert selectors.person_match_candidates(caseworker, _candidate("Sam", "Ashvale")) == []
