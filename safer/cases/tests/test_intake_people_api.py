"""People on POST /api/v1/reports (issue 11): someone who cannot be named is a description, the
reporter is reused with same_as, and half a name answers 422 naming the person."""

import pytest

from safer.cases.models import Report
from safer.cases.tests.test_api import api, post, report_body  # noqa: F401 (fixture)
from safer.people.models import Person

pytestmark = pytest.mark.django_db

REPORTER = {"role": "reporter", "first_name": "Sam", "last_name": "Caller"}


def test_someone_who_cannot_be_named_and_the_reporter_as_victim(api):  # noqa: F811
    people = [
        REPORTER,
        {"role": "victim", "same_as": "reporter"},
        {"role": "alleged_perpetrator", "description": "Unknown youths, about five, aged 14 to 16"},
    ]
    response = post(api, "/api/v1/reports", report_body(people=people))
    assert response.status_code == 201, response.json()
    involved = {(p["role"], p["person_id"]) for p in response.json()["people"]}
    caller = Person.objects.get(last_name="Caller")
    unnamed = Person.objects.get(last_name="")
    assert involved == {
        ("reporter", caller.pk),
        ("victim", caller.pk),
        ("alleged_perpetrator", unnamed.pk),
    }
    assert unnamed.description == "Unknown youths, about five, aged 14 to 16"
    detail = api.get(f"/api/v1/people/{unnamed.pk}").json()
    assert detail["description"] == "Unknown youths, about five, aged 14 to 16"


def test_half_a_name_answers_422_naming_the_person(api):  # noqa: F811
    people = [REPORTER, {"role": "alleged_perpetrator", "first_name": "Jay"}]
    response = post(api, "/api/v1/reports", report_body(people=people))
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "people", "1", "last_name"]
    assert problem["msg"].startswith("Person 2 (alleged perpetrator): enter a last name")
    assert not Report.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([{"role": "victim", "same_as": "reporter"}], "there is no reporter"),
        ([REPORTER, {"role": "victim", "same_as": "reporter", "first_name": "X"}], "not both"),
        ([REPORTER, {"role": "reporter", "same_as": "reporter"}], "cannot be the same"),
        ([REPORTER, {"role": "witness"}], "enter a first and a last name"),
    ],
)
def test_people_that_name_nobody_are_refused(api, people, message):  # noqa: F811
    response = post(api, "/api/v1/reports", report_body(people=people))
    assert response.status_code == 422
    assert any(message in p["msg"] for p in response.json()["detail"]), response.json()
    assert not Report.objects.exists()


def test_same_as_and_description_are_documented(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PersonIn"]
    assert {"description", "same_as"} <= set(schema["properties"])
    assert "cannot be named" in schema["description"]
