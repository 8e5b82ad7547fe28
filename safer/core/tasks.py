"""The task worker's heartbeat: proof for /healthz that queued work is being run.

`manage.py task_worker` (db_worker with a heartbeat) enqueues `worker_heartbeat` every
WORKER_HEARTBEAT_SECONDS; the worker runs it like any task, so the finish time of the latest one
says when a worker last took work off the queue, not merely that its process is alive.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


@task()
def worker_heartbeat() -> None:
    """Nothing to do: its finish time is the heartbeat."""


def heartbeat_rows():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path)


def heartbeat_enqueue() -> bool:
    """Queue a heartbeat unless one is already waiting; drop those finished over an hour ago."""
    rows = heartbeat_rows()
    rows.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=timezone.now() - timedelta(hours=1)
    ).delete()
    if rows.filter(status=TaskResultStatus.READY).exists():
        return False
    worker_heartbeat.enqueue()
    return True


def worker_state(stale_after_seconds: int) -> dict:
    """For /healthz: ok, stale or missing, with the heartbeat's age in seconds."""
    last = (
        heartbeat_rows()
        .filter(status=TaskResultStatus.SUCCESSFUL)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if last is None:
        return {"worker": "missing", "worker_heartbeat_age_seconds": None}
    age = max(0, round((timezone.now() - last).total_seconds()))
    state = "ok" if age <= stale_after_seconds else "stale"
    return {"worker": state, "worker_heartbeat_age_seconds": age}
