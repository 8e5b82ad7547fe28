"""Check the audit log's hash chain end to end: exit 0 if intact, 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safer.audit.selectors import chain_verify


class Command(BaseCommand):
    help = "Recompute every audit event's hash and link; exits 1 if the chain is broken."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Events read from the database at a time"
        )

    def handle(self, *args, batch_size: int, **options):
        report = chain_verify(batch_size=batch_size)
        if not report.ok:
            event = report.first_broken
            when = timezone.localtime(event.occurred_at).isoformat(timespec="seconds")
            raise CommandError(
                f"Audit chain broken at event {event.pk} ({when}, {event.action}): {report.reason}",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {report.checked} events checked")
        # Keep this somewhere else: a chain cut short at its end still verifies on its own.
        self.stdout.write(f"Last hash: {report.last_hash}")
