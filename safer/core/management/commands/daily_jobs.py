"""manage.py daily_jobs: queue each daily job that is due (settings.DAILY_JOBS); safe to run
as often as you like, from cron or a systemd timer. The task worker runs what is queued."""

from django.core.management.base import BaseCommand

from safer.core.daily import daily_jobs_enqueue_due


class Command(BaseCommand):
    help = "Queue the daily jobs that are due (each at most once a day)"

    def handle(self, *args, **options):
        queued = daily_jobs_enqueue_due()
        if queued:
            for path in queued:
                self.stdout.write(f"Queued {path}")
        else:
            self.stdout.write("Nothing due: every daily job was queued within the day")
