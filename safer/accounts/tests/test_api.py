import pytest

from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_me_returns_profile_role_and_organisation(client, caseworker, council):
    client.force_login(caseworker)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "caseworker",
        "name": caseworker.display_name,
        "role": "caseworker",
        "organisation": {"id": council.pk, "name": council.name, "kind": council.kind},
        "approval": "approved",
    }


def test_organisations_lists_active_partners(client, caseworker, council):
    OrganisationFactory(name="Closed Partner", is_active=False)
    client.force_login(caseworker)
    body = client.get("/api/v1/organisations").json()
    assert body["count"] == 1
    assert body["items"] == [{"id": council.pk, "name": council.name, "kind": council.kind}]


def test_openapi_is_published_and_names_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in spec["paths"]
    assert "/api/v1/people/{person_id}" in spec["paths"]


def test_unknown_api_route_answers_json_404(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
