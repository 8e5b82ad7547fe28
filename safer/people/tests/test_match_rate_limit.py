"""The match check is limited per user (issue 17, finding 3): guesses cannot be sent in bulk."""

from datetime import timedelta

import pytest

from safer.audit.models import AuditEvent
from safer.core.models import RateCounter
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

CHECK = {"first_name": "Samantha", "last_name": "Ashvale"}


@pytest.fixture
def limit(settings):
    settings.PEOPLE_MATCH_LIMIT = 3
    settings.PEOPLE_MATCH_WINDOW_MINUTES = 10
    return 3


def _check(client):
    return client.post("/api/v1/people/matches", CHECK, content_type="application/json")


def test_the_match_check_answers_429_past_the_limit_and_audits_it(client, council, limit):
    viewer = member(Role.VIEWER, council)
    client.force_login(viewer)

    assert [_check(client).status_code for _ in range(limit)] == [200] * limit
    refused = _check(client)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Too many match checks" in refused.json()["detail"]
    event = AuditEvent.objects.get(action="people.match_limited")
    assert event.actor == viewer
    assert event.changes["via"] == "api"
    # Refused checks are not run, so list nobody.
    assert AuditEvent.objects.filter(action="people.listed").count() == limit


def test_the_limit_is_per_user_and_resets_after_the_window(client, council, limit):
    first, second = member(Role.VIEWER, council), member(Role.CASEWORKER, council)
    client.force_login(first)
    for _ in range(limit):
        _check(client)
    assert _check(client).status_code == 429

    client.force_login(second)
    assert _check(client).status_code == 200

    counter = RateCounter.objects.get(key=str(first.pk))
    counter.window_start -= timedelta(minutes=10)
    counter.save()
    client.force_login(first)
    assert _check(client).status_code == 200


def test_429_is_documented_in_the_openapi_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/people/matches"]["post"]["responses"]
    assert "429" in responses
