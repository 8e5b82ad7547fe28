"""Background work of the data protection app (django-tasks, run by the task worker)."""

from datetime import datetime, timedelta

from django_tasks import task

from safer.core.daily import enqueue_unless_recent
from safer.privacy.retention import retention_apply

# A run is queued at most once in this long, however often something asks.
RETENTION_INTERVAL = timedelta(hours=23)


@task()
def retention_apply_daily() -> dict[str, int]:
    """Apply the retention rules; queued once a day by `retention_enqueue_due`. Returns how
    many records of each type went."""
    run = retention_apply()
    return {name: len(ids) for name, ids in run.as_dict().items()}


def retention_enqueue_due(*, now: datetime | None = None) -> bool:
    """Queue the retention run unless one was queued in the last 23 hours, so a timer (or a
    loop) may call this as often as it likes and the rules still run once a day."""
    return enqueue_unless_recent(retention_apply_daily, within=RETENTION_INTERVAL, now=now)
