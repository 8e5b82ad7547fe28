"""Check the audit log's hash chain end to end: exit 0 if intact, 1 at the first break.

Print the last hash, keep it outside the database (a daily job writing it to a log elsewhere),
and pass it back with --expect-last: events cut off the end of the chain are then caught too.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safer.audit.selectors import chain_verify

HASH_FORMAT = re.compile(r"[0-9a-f]{64}")
KEY_HINT = (
    " When the very first event fails, check that AUDIT_HMAC_KEY (or SECRET_KEY, if"
    " AUDIT_HMAC_KEY is not set) is the key the log was written with; if it is, the whole chain"
    " was rewritten by someone without the key."
)


class Command(BaseCommand):
    help = "Recompute every audit event's hash and link; exits 1 if the chain is broken."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Events read from the database at a time"
        )
        parser.add_argument(
            "--expect-last",
            metavar="HASH",
            help="A 'Last hash' printed by an earlier run and kept elsewhere: it must still be "
            "in the chain, or events were cut off its end or the chain was rewritten",
        )

    def handle(self, *args, batch_size: int, expect_last: str | None, **options):
        if expect_last is not None:
            expect_last = expect_last.strip().lower()
            if not HASH_FORMAT.fullmatch(expect_last):
                raise CommandError(
                    "--expect-last needs a hash of 64 hexadecimal characters, as printed after "
                    "'Last hash:' by an earlier run",
                    returncode=2,
                )
        report = chain_verify(batch_size=batch_size, expect_last=expect_last)
        if not report.ok:
            event = report.first_broken
            when = timezone.localtime(event.occurred_at).isoformat(timespec="seconds")
            hint = KEY_HINT if report.checked == 0 else ""
            raise CommandError(
                f"Audit chain broken at event {event.pk} ({when}, {event.action}): "
                f"{report.reason}.{hint}",
                returncode=1,
            )
        if report.expected_found is False:
            raise CommandError(
                f"The expected last hash {expect_last} is not in the audit chain, although the "
                f"{report.checked} events left verify on their own: events were cut off the end "
                "of the chain, or the chain was rewritten. Compare with the latest backup.",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {report.checked} events checked")
        if report.expected_found:
            plural = "" if report.after_expected == 1 else "s"
            self.stdout.write(
                f"Expected last hash found, with {report.after_expected} event{plural} since"
            )
        # Keep this somewhere else: a chain cut short at its end still verifies on its own.
        self.stdout.write(f"Last hash: {report.last_hash}")
