"""django-tasks-db's db_worker with a heartbeat: the task worker `./run serve` and the systemd
unit run. Same options as `manage.py db_worker`; a thread beside the worker loop enqueues
`safer.core.tasks.worker_heartbeat` every WORKER_HEARTBEAT_SECONDS, and the loop runs it like
any task, so /healthz can tell a working worker from a stuck or absent one. The same thread
asks the daily jobs (settings.DAILY_JOBS) to queue themselves when due.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from safer.core.daily import daily_jobs_enqueue_due
from safer.core.tasks import heartbeat_enqueue

logger = logging.getLogger(__name__)


def heartbeat_loop(stop: threading.Event, interval: float) -> None:
    while True:
        try:
            close_old_connections()
            heartbeat_enqueue()
            daily_jobs_enqueue_due()  # each queues itself at most once a day
        except Exception:  # a failed beat is logged; the next one tries again
            logger.exception("The task worker could not enqueue its heartbeat")
        finally:
            connection.close()
        if stop.wait(interval):
            return


class Command(DbWorkerCommand):
    help = "Run the background task worker (db_worker) with a heartbeat for /healthz"

    def handle(self, *args, **options):
        if options.get("batch"):
            # A batch run ends when the queue is empty; heartbeats would keep it going.
            return super().handle(*args, **options)
        stop = threading.Event()
        beat = threading.Thread(
            target=heartbeat_loop,
            args=(stop, settings.WORKER_HEARTBEAT_SECONDS),
            name="task-worker-heartbeat",
            daemon=True,
        )
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
