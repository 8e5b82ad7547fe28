"""Apply the retention rules now, report what a run would do, or hand a run to the worker."""

from django.core.management.base import BaseCommand

from safer.privacy.retention import retention_apply, retention_rules
from safer.privacy.tasks import retention_enqueue_due

LABELS = {
    "closed_cases": "Closed cases past retention",
    "reports_of_closed_cases": "Reports of those cases",
    "documents": "Documents of those cases",
    "reports_without_case": "Reports never made into a case past retention",
    "people_anonymised": "People named in no other record, anonymised",
}


class Command(BaseCommand):
    help = (
        "Delete closed cases and reports past their retention period (settings.RETENTION_YEARS) "
        "and anonymise people named nowhere else. --dry-run reports what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the run to the task worker, unless one was queued in the last 23 hours "
            "(for a timer that may fire more often than daily)",
        )

    def handle(self, *args, dry_run: bool, enqueue: bool, **options):
        if enqueue:
            if retention_enqueue_due():
                self.stdout.write("Retention run queued for the task worker")
            else:
                self.stdout.write("A retention run was queued in the last 23 hours: none added")
            return
        for rule in retention_rules():
            self.stdout.write(f"Rule: {rule['record']}: {rule['years']} years from {rule['from']}")
        run = retention_apply(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb}:" if any(run.as_dict().values()) else "Nothing is due.")
        for name, ids in run.as_dict().items():
            listed = ", ".join(str(pk) for pk in ids) or "none"
            self.stdout.write(f"  {LABELS[name]}: {len(ids)} ({listed})")
