"""The partnership's daily jobs (settings.DAILY_JOBS): each queues its work unless it was
queued within the day, so asking often is harmless. The task worker asks at every heartbeat;
`manage.py daily_jobs` asks from cron or a systemd timer where no worker loop runs."""

import logging

from django.conf import settings
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
