"""The partnership's daily jobs (settings.DAILY_JOBS): each queues its work unless it was
queued within the day, so asking often is harmless. The task worker asks at every heartbeat;
`manage.py daily_jobs` asks from cron or a systemd timer where no worker loop runs."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def daily_jobs_enqueue_due() -> list[str]:
    """Ask every daily job to queue itself if due; the ones that did. A job that fails to queue
    is logged and the others still run."""
    queued = []
    for path in settings.DAILY_JOBS:
        try:
            if import_string(path)():
                queued.append(path)
        except Exception:
            logger.exception("Daily job %s could not be queued", path)
    return queued


def enqueue_unless_recent(task, *, within: timedelta, now: datetime | None = None) -> bool:
    """Queue `task` unless it was queued within `within` of `now` (safe to ask as often as a
    timer likes); True when it was queued. Only the database backend remembers what was
    queued: with the immediate backend (tests) every call runs it."""
    now = now or timezone.now()
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(
            task_path=task.module_path, enqueued_at__gt=now - within
        ).exists():
            return False
    task.enqueue()
    return True
