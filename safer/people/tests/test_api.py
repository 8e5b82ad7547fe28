import pytest

from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_person_detail_is_redacted_by_role_and_audited(client, council):
    person = PersonFactory(organisation=council)
    client.force_login(member(Role.VIEWER, council))
    body = client.get(f"/api/v1/people/{person.pk}").json()
    assert body["last_name"] == person.last_name
    assert body["date_of_birth"] is None
    assert body["vulnerability_notes"] is None
    assert AuditEvent.objects.get(action="person.viewed").changes == {"via": "api"}


def test_person_detail_of_other_organisation_is_404(client, council, police):
    person = PersonFactory(organisation=council)
    client.force_login(member(Role.PARTNER_OFFICER, police))
    response = client.get(f"/api/v1/people/{person.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


def test_person_list_filters_by_visibility_and_query(client, caseworker, council, police):
    PersonFactory(organisation=council, last_name="Sample")
    PersonFactory(organisation=council, last_name="Specimen")
    PersonFactory(organisation=police, last_name="Sample")
    client.force_login(caseworker)
    body = client.get("/api/v1/people", {"q": "sample"}).json()
    assert body["count"] == 1
    assert body["items"][0]["last_name"] == "Sample"


def test_analyst_may_not_list_people(client, council):
    client.force_login(member(Role.ANALYST, council))
    assert client.get("/api/v1/people").status_code == 403


def test_match_check_proposes_visible_people_best_first_and_audits_them(
    client, caseworker, council, police
):
    held = PersonFactory(organisation=council, first_name="Samantha", last_name="Ashvale")
    PersonFactory(organisation=police, first_name="Samantha", last_name="Ashvale")
    client.force_login(caseworker)

    response = client.post(
        "/api/v1/people/matches",
        {"first_name": "Samantha", "last_name": "Ashvael", "postcode": held.postcode},
        content_type="application/json",
    )

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["person"]["id"] for item in items] == [held.pk]
    assert items[0]["score"] >= 0.75
    assert "Same postcode" in items[0]["reasons"]
    listed = AuditEvent.objects.get(action="people.listed")
    assert listed.changes["people"] == [held.pk]


def test_match_check_names_missing_fields(client, caseworker):
    client.force_login(caseworker)

    response = client.post(
        "/api/v1/people/matches", {"first_name": ""}, content_type="application/json"
    )

    assert response.status_code == 422
    fields = {tuple(error["loc"][-1:]) for error in response.json()["detail"]}
    assert {("first_name",), ("last_name",)} <= fields
