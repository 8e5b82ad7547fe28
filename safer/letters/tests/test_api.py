"""POST /api/v1/cases/{id}/letters and GET /api/v1/letter-templates: the pages' rules."""

import pytest

from safer.audit.models import AuditEvent
from safer.letters.models import Letter
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_a_letter_is_produced_and_filed(client, caseworker, case, perpetrator):
    client.force_login(caseworker)
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/letters",
        {"template_kind": "first_warning", "recipient_id": perpetrator.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    letter = Letter.objects.get()
    assert body["id"] == letter.pk
    assert body["document_ids"] == [letter.docx_id, letter.pdf_id]
    assert sorted(case.documents.values_list("pk", flat=True)) == sorted(body["document_ids"])
    assert (body["template_kind"], body["template_version"]) == ("first_warning", 1)
    assert body["recipient_id"] == perpetrator.pk
    assert AuditEvent.objects.filter(action="letter.produced").count() == 1
    listed = client.get(f"/api/v1/cases/{case.pk}/letters").json()
    assert [item["id"] for item in listed] == [letter.pk]


def test_a_person_not_on_the_case_is_422(client, caseworker, case, council):
    client.force_login(caseworker)
    stranger = PersonFactory(organisation=council)
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/letters",
        {"template_kind": "first_warning", "recipient_id": stranger.pk},
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "recipient_id"]
    assert not Letter.objects.exists() and not case.documents.exists()


def test_missing_details_and_unknown_kinds_are_422(client, caseworker, case, perpetrator):
    client.force_login(caseworker)
    url = f"/api/v1/cases/{case.pk}/letters"
    missing = post(
        client,
        url,
        {"template_kind": "community_protection_notice", "recipient_id": perpetrator.pk},
    )
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "details"]
    unknown = post(client, url, {"template_kind": "eviction", "recipient_id": perpetrator.pk})
    assert unknown.status_code == 422


def test_another_organisation_gets_404_and_a_viewer_403(client, case, police, viewer, perpetrator):
    body = {"template_kind": "first_warning", "recipient_id": perpetrator.pk}
    client.force_login(member(Role.CASEWORKER, police))
    assert post(client, f"/api/v1/cases/{case.pk}/letters", body).status_code == 404
    client.force_login(viewer)
    assert post(client, f"/api/v1/cases/{case.pk}/letters", body).status_code == 403
    assert not Letter.objects.exists()


def test_templates_in_force_are_listed_for_those_who_produce_letters(client, caseworker, viewer):
    client.force_login(caseworker)
    response = client.get("/api/v1/letter-templates")
    assert response.status_code == 200
    kinds = [t["kind"] for t in response.json()]
    assert kinds == [
        "first_warning",
        "acceptable_behaviour_contract",
        "community_protection_warning",
        "community_protection_notice",
        "case_closure_to_victim",
        "case_review_invitation",
    ]
    assert all(t["partnership_default"] and t["version"] == 1 for t in response.json())
    client.force_login(viewer)
    assert client.get("/api/v1/letter-templates").status_code == 403


def test_the_openapi_description_documents_the_refusals(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    produce = paths["/api/v1/cases/{case_id}/letters"]["post"]["responses"]
    assert {"201", "403", "404", "422"} <= set(produce)
    assert {"200", "403"} <= set(paths["/api/v1/letter-templates"]["get"]["responses"])
