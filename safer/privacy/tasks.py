"""Background work of the data protection app (django-tasks, run by the task worker)."""

from django_tasks import task

from safer.privacy.retention import retention_apply


@task()
def retention_apply_daily() -> dict[str, int]:
    """Apply the retention rules; enqueued once a day (`manage.py apply_retention --enqueue`
    from a timer, see docs/data-protection.md). Returns how many records of each type went."""
    run = retention_apply()
    return {name: len(ids) for name, ids in run.as_dict().items()}
