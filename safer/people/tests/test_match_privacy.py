"""Matching never reveals a field the caller may not see (issue 17, finding 3).

A viewer (no view_sensitive) once recovered a full date of birth by sending guesses to the match
check and reading its reasons. For such a caller the date of birth must change nothing they can
observe: reasons, scores, which people come back or their order.
"""

import datetime

import pytest

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people import matching, selectors
from safer.people.matching import PersonData
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 3, 4)
GUESSES = [
    BORN,  # the true date
    datetime.date(1990, 3, 5),  # one part differs
    datetime.date(1990, 4, 3),  # day and month swapped
    datetime.date(1971, 11, 23),  # wholly different
    None,
]
DOB_REASONS = {
    matching.SAME_DOB,
    matching.DOB_CLOSE,
    matching.DOB_DAY_MONTH_SWAPPED,
    matching.DOB_DIFFERENT,
}


@pytest.fixture
def held(council):
    """People the probe looks for: one found by name, one only through the date of birth."""
    return [
        PersonFactory(
            organisation=council,
            first_name="Samantha",
            last_name="Ashvale",
            date_of_birth=BORN,
            postcode="OX16 5AZ",
        ),
        PersonFactory(
            organisation=council,
            first_name="Robin",
            last_name="Quayle",
            date_of_birth=BORN,
            postcode="OX5 1AA",
        ),
    ]


def _probe(client, dob, **names):
    body = {"first_name": "Samantha", "last_name": "Ashvael", "postcode": "OX16 5AZ", **names}
    if dob is not None:
        body["date_of_birth"] = dob.isoformat()
    response = client.post("/api/v1/people/matches", body, content_type="application/json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    "names",
    [
        {},  # found by name: the date of birth could move the score or the reasons
        {"first_name": "Robin", "last_name": "Kuayle"},  # found only through the date of birth
    ],
)
def test_a_viewer_gets_the_same_answer_whatever_date_of_birth_they_send(
    client, council, held, names
):
    client.force_login(member(Role.VIEWER, council))

    answers = [_probe(client, dob, **names) for dob in GUESSES]

    assert all(answer == answers[-1] for answer in answers), answers
    for answer in answers:
        for item in answer["items"]:
            assert not DOB_REASONS & set(item["reasons"])


def test_a_caseworker_still_matches_on_the_date_of_birth(client, caseworker, held):
    client.force_login(caseworker)

    same = _probe(client, BORN)
    close = _probe(client, datetime.date(1990, 3, 5))
    by_birth_only = _probe(client, BORN, first_name="Robin", last_name="Kuayle")

    assert matching.SAME_DOB in same["items"][0]["reasons"]
    assert matching.DOB_CLOSE in close["items"][0]["reasons"]
    assert same["items"][0]["score"] > close["items"][0]["score"]
    assert [item["person"]["id"] for item in by_birth_only["items"]] == [held[1].pk]


def test_the_selector_ignores_the_date_of_birth_for_a_viewer(council, held):
    viewer = member(Role.VIEWER, council)
    found = [
        [(p.pk, m) for p, m in selectors.person_match_candidates(viewer, PersonData(**fields))]
        for fields in (
            {"first_name": "Robin", "last_name": "Kuayle", "date_of_birth": BORN},
            {"first_name": "Robin", "last_name": "Kuayle"},
        )
    ]

    assert found[0] == found[1]
