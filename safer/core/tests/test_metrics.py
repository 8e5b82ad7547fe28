"""/metrics: Prometheus text for a token holder or a loopback caller with no proxy in front;
404 to everyone else. Request counts by view name, task queue and intel import figures."""

import pytest
from django_tasks.base import TaskResultStatus
from prometheus_client.parser import text_string_to_metric_families

from safer.core.tests.test_health import heartbeat_finished
from safer.intel.models import CrimeImport

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789abcdef"


def samples(response) -> dict:
    """{(name, frozenset(labels)): value} of a metrics page."""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def test_loopback_without_a_proxy_may_scrape(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = True
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_anyone_else_gets_404(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = True
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # A proxy on loopback forwarding someone else's request.
    forwarded = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forwarded.status_code == 404
    wrong = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404


def test_behind_a_proxy_loopback_is_not_enough_and_the_token_is_needed(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = False
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    response = client.get(
        "/metrics", REMOTE_ADDR="198.51.100.4", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert response.status_code == 200


def test_without_a_configured_token_no_bearer_token_is_accepted(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = False
    settings.METRICS_TOKEN = ""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_requests_are_counted_by_view_name_and_status(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = True
    before = samples(client.get("/metrics"))
    client.get("/livez")
    client.get("/livez")
    client.get("/people/12345/")  # a reference in the path: counted by view name only
    after = samples(client.get("/metrics"))

    livez = (
        "safer_http_requests_total",
        frozenset({"view": "core:livez", "method": "GET", "status": "200"}.items()),
    )
    assert after[livez] - before.get(livez, 0) == 2
    assert not any("12345" in str(labels) for _, labels in after)
    latency = (
        "safer_http_request_duration_seconds_count",
        frozenset({"view": "core:livez"}.items()),
    )
    assert after[latency] - before.get(latency, 0) == 2


def test_task_queue_and_import_runs_are_read_from_the_database(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = True
    heartbeat_finished(seconds_ago=5, status=TaskResultStatus.READY)
    heartbeat_finished(seconds_ago=5, status=TaskResultStatus.READY)
    heartbeat_finished(seconds_ago=5, status=TaskResultStatus.FAILED)
    for number, status in enumerate(["stored", "stored", "rejected"]):
        CrimeImport.objects.create(
            import_id=f"imp{number}", file_name="f.csv", sha256="0" * 64, status=status
        )

    found = samples(client.get("/metrics"))

    def tasks(status):
        return found[("safer_tasks", frozenset({"status": status, "queue": "default"}.items()))]

    assert tasks("READY") == 2
    assert tasks("FAILED") == 1
    assert found[("safer_intel_imports", frozenset({"status": "stored"}.items()))] == 2
    assert found[("safer_intel_imports", frozenset({"status": "rejected"}.items()))] == 1


def test_made_up_methods_do_not_grow_the_label_set(client, settings):
    settings.METRICS_ALLOW_LOOPBACK = True
    client.generic("BREW", "/livez")
    client.generic("PROPFIND", "/livez")
    found = samples(client.get("/metrics"))
    methods = {
        dict(labels)["method"] for name, labels in found if name == "safer_http_requests_total"
    }
    assert "BREW" not in methods and "PROPFIND" not in methods
    assert "other" in methods
