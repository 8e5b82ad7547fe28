"""The plans API: the same access rules and selectors as the pages."""

import pytest

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import ActionPlan, Indicator, IndicatorValue, Task
from safer.plans.services import task_update_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(partnership):
    return member(Role.PARTNER_OFFICER, partnership["TVP"], username="officer")


def test_plan_list_counts_tasks(seed_plans, client, officer):
    client.force_login(officer)
    body = client.get("/api/v1/plans").json()
    assert body["count"] == 7 == len(body["items"])
    sac = next(i for i in body["items"] if i["title"] == "Serious Acquisitive Crime Action Plan")
    assert set(sac) == {"id", "title", "tasks_count"}
    assert sac["tasks_count"] == 9


def test_plan_detail_has_tasks_with_latest_rag(seed_plans, client, officer):
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    task_update_record(
        task=task, rag="red", commentary="Stalled", complete=False, updated_by=officer
    )
    client.force_login(officer)
    plan = ActionPlan.objects.get(title="Serious Acquisitive Crime Action Plan")
    body = client.get(f"/api/v1/plans/{plan.pk}").json()
    assert body["key_priority"].endswith("Key Priority 1: Reduce Serious Acquisitive Crime")
    pilot = next(t for t in body["tasks"] if t["task"] == "Pilot scheme within Cherwell")
    assert pilot == pilot | {
        "heading": "Nominated Neighbour Scheme",
        "timescale": "",
        "partners": "TVP, OCC, CDC",
        "indicator": "Progress against task",
        "target": "Deadline for completion",
        "target_timescale": "Ongoing",
        "latest_rag": "red",
    }
    assert client.get("/api/v1/plans/999999").status_code == 404


def test_indicator_with_latest_figure_and_rag(seed_plans, client, officer):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Increase the number of confiscation")
    indicator.baseline = 20
    indicator.save()
    IndicatorValue.objects.create(
        indicator=indicator, period="2011-Q1", value=20, entered_by=officer
    )
    IndicatorValue.objects.create(
        indicator=indicator, period="2011-Q2", value=21, entered_by=officer
    )
    client.force_login(officer)
    body = client.get(f"/api/v1/indicators/{indicator.pk}").json()
    assert {"id", "name", "definition", "baseline", "target", "latest"} <= set(body)
    assert body["baseline"] == 20
    assert body["latest"] == {"period": "2011-Q2", "value": 21.0, "rag": "green"}
    assert "Confiscation orders" in body["definition"]


def test_roles_without_records_or_analytics_are_refused_and_anonymous_is_401(
    seed_plans, client, partnership
):
    assert client.get("/api/v1/plans").status_code == 401
    admin = member(Role.ADMIN, partnership["CDC"], username="admin")
    client.force_login(admin)
    assert client.get("/api/v1/plans").status_code == 403


def test_task_updates_through_the_api_follow_the_same_rule(
    seed_plans, client, officer, partnership
):
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    client.force_login(officer)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        {"rag": "green", "commentary": "Pilot running"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["rag"] == "green"
    listed = client.get(f"/api/v1/tasks/{task.pk}/updates").json()
    assert [u["commentary"] for u in listed] == ["Pilot running"]
    bad = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        {"rag": "blue", "commentary": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    nurse = member(Role.PARTNER_OFFICER, partnership["PCT"], username="nurse")
    client.force_login(nurse)
    refused = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        {"rag": "red", "commentary": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
