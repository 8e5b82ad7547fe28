"""The daily reminder digests (settings.DAILY_JOBS), run by the task worker."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from safer.notifications.services import reminder_digests_send


@task()
def reminder_digests_send_daily() -> int:
    """Send today's reminder digests; each user's at most once a day however often it runs."""
    return reminder_digests_send()


def reminder_digests_enqueue_due(*, now: datetime | None = None) -> bool:
    """Queue today's digests from settings.REMINDER_DIGEST_HOUR on, unless they were queued
    since midnight (local time), so the worker's heartbeat and a cron timer may both ask; the
    digests themselves are unique per user and day, so even a second run sends nothing."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.REMINDER_DIGEST_HOUR:
        return False
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        midnight = timezone.make_aware(datetime.combine(now.date(), time.min))
        if DBTaskResult.objects.filter(
            task_path=reminder_digests_send_daily.module_path, enqueued_at__gte=midnight
        ).exists():
            return False
    reminder_digests_send_daily.enqueue()
    return True
