"""A task update with a NUL character is refused as the form refuses it, and nothing is stored."""

import pytest

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans.models import Task, TaskUpdate

pytestmark = pytest.mark.django_db


def test_task_update_with_null_character_answers_422(seed_plans, client, partnership):
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    client.force_login(member(Role.PARTNER_OFFICER, partnership["TVP"]))
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates",
        {"rag": "green", "commentary": "Pilot\x00 running"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "commentary"]
    assert response.json()["detail"][0]["msg"] == "Null characters are not allowed."
    assert not TaskUpdate.objects.exists()
