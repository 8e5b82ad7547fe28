"""/healthz beyond the database: the task worker's heartbeat and the analytics store."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safer.core.management.commands.task_worker import heartbeat_loop
from safer.core.tasks import heartbeat_enqueue, heartbeat_rows, worker_heartbeat

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def heartbeat_finished(seconds_ago: float, status=TaskResultStatus.SUCCESSFUL) -> DBTaskResult:
    when = timezone.now() - timedelta(seconds=seconds_ago)
    return DBTaskResult.objects.create(
        task_path=worker_heartbeat.module_path,
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=when,
        started_at=when if status != TaskResultStatus.READY else None,
        finished_at=when if status != TaskResultStatus.READY else None,
        exception_class_path="",
        traceback="",
    )


def test_no_heartbeat_ever_reports_the_worker_missing(client):
    body = client.get("/healthz").json()
    assert body["worker"] == "missing"
    assert body["worker_heartbeat_age_seconds"] is None


def test_a_recent_heartbeat_is_ok_with_its_age(client):
    heartbeat_finished(seconds_ago=12)
    heartbeat_finished(seconds_ago=400)
    body = client.get("/healthz").json()
    assert body["worker"] == "ok"
    assert 11 <= body["worker_heartbeat_age_seconds"] <= 14


def test_an_old_heartbeat_is_stale_but_the_service_still_answers_200(client, settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 300
    heartbeat_finished(seconds_ago=301)
    heartbeat_finished(seconds_ago=5, status=TaskResultStatus.READY)  # queued, never run
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "stale"
    assert response.json()["worker_heartbeat_age_seconds"] >= 301


def test_the_worker_queues_one_heartbeat_at_a_time_and_prunes_old_ones(settings):
    settings.TASKS = DATABASE_TASKS
    heartbeat_finished(seconds_ago=2 * 3600)  # pruned
    kept = heartbeat_finished(seconds_ago=60)

    assert heartbeat_enqueue() is True
    assert heartbeat_enqueue() is False  # one already waiting

    rows = heartbeat_rows()
    assert rows.filter(status=TaskResultStatus.READY).count() == 1
    assert set(rows.exclude(status=TaskResultStatus.READY)) == {kept}


def test_the_heartbeat_thread_survives_a_failed_beat(monkeypatch, caplog):
    import threading

    from safer.core.management.commands import task_worker

    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("database locked")

    monkeypatch.setattr(task_worker, "heartbeat_enqueue", failing)
    stop = threading.Event()
    thread = threading.Thread(target=heartbeat_loop, args=(stop, 0.01))
    thread.start()
    import time

    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert "could not enqueue its heartbeat" in caplog.text


def test_the_analytics_store_is_ok_when_duckdb_opens(client, settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path
    assert client.get("/healthz").json()["analytics_store"] == "ok"


def test_the_analytics_store_not_created_yet_is_empty_and_unreachable_is_missing(
    client, settings, tmp_path
):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    assert client.get("/healthz").json()["analytics_store"] == "empty"

    settings.INTEL_DATA_DIR = tmp_path / "no" / "such" / "place"
    assert client.get("/healthz").json()["analytics_store"] == "missing"


def test_the_analytics_store_as_a_file_is_reported(client, settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "file"
    settings.INTEL_DATA_DIR.write_text("not a folder")
    assert client.get("/healthz").json()["analytics_store"] == "not a folder"
