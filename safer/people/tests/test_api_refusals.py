"""Bad input to the people API is a 422 naming what is wrong, never a 500."""

import pytest

from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"q": "Sam\x00ple"}, "q"),
    ],
)
def test_person_list_refuses_out_of_range_paging_and_null_characters(
    client, caseworker, council, query, field
):
    PersonFactory(organisation=council)
    client.force_login(caseworker)
    response = client.get("/api/v1/people", query)
    assert response.status_code == 422
    assert ["query", field] in locations(response)


@pytest.mark.parametrize("field", ["first_name", "last_name", "address", "postcode", "phone"])
def test_match_check_refuses_null_characters(client, caseworker, field):
    client.force_login(caseworker)
    body = {"first_name": "Robin", "last_name": "Example"} | {field: "x\x00"}
    response = client.post("/api/v1/people/matches", body, content_type="application/json")
    assert response.status_code == 422
    assert ["body", "payload", field] in locations(response)
