"""The staff API: the pages' access rule, selectors and services."""

import pytest
from django.test import Client

from safer.audit.models import AuditEvent
from safer.neighbourhoods.models import Priority
from safer.neighbourhoods.tests.factories import event, neighbourhood, priority, team_member
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(signed_in, council):
    return signed_in(member(Role.COORDINATOR, council, username="coordinator"))


def test_list_and_detail_for_a_reader(client, council):
    n = neighbourhood(population=7000)
    neighbourhood("hidden", "Hidden", lsoas=["E01028449"], is_published=False)
    team_member(n, "PC Made Up", rank="PC")
    event(n, title="Beat meeting")
    priority(n, issue="Parking on pavements")
    priority(n, issue="Done", closed_on=n.created_at.date())
    client.force_login(member(Role.ANALYST, council))
    listed = client.get("/api/v1/neighbourhoods").json()
    assert [(x["id"], x["is_published"]) for x in listed] == [
        ("banbury-town", True),
        ("hidden", False),
    ]
    detail = client.get("/api/v1/neighbourhoods/banbury-town").json()
    assert detail["boundary"]["type"] == "MultiPolygon"
    assert [m["name"] for m in detail["team"]] == ["PC Made Up"]
    assert [e["title"] for e in detail["events_upcoming"]] == ["Beat meeting"]
    assert [p["issue"] for p in detail["priorities_current"]] == ["Parking on pavements"]
    assert client.get("/api/v1/neighbourhoods/nowhere").status_code == 404


def test_only_coordinators_add_and_close_priorities(council, coordinator_client):
    neighbourhood()
    client = Client()
    client.force_login(member(Role.CASEWORKER, council))
    body = {"issue": "Graffiti in the underpass", "issue_date": "2026-11-01"}
    url = "/api/v1/neighbourhoods/banbury-town/priorities"
    assert client.post(url, body, content_type="application/json").status_code == 403
    added = coordinator_client.post(url, body, content_type="application/json")
    assert added.status_code == 201
    assert added.json()["issue"] == "Graffiti in the underpass"
    refused = coordinator_client.post(
        url,
        {**body, "action": "", "action_date": "2026-10-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert {tuple(d["loc"]) for d in refused.json()["detail"]} == {
        ("body", "action"),
        ("body", "action_date"),
    }
    assert Priority.objects.count() == 1
    closing = f"{url}/{added.json()['id']}/close"
    closed = coordinator_client.post(
        closing, {"closed_on": "2026-11-30", "action": "Cleaned"}, content_type="application/json"
    )
    assert closed.status_code == 200
    assert closed.json()["closed_on"] == "2026-11-30" and closed.json()["action"] == "Cleaned"
    again = coordinator_client.post(closing, {}, content_type="application/json")
    assert again.status_code == 422  # already closed
    assert AuditEvent.objects.filter(action="neighbourhood.priority_closed").count() == 1
