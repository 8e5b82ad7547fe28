"""Restore a backup made by `manage.py backup`, after checking every file in it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.privacy.backup import BackupRefused, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Check a backup's manifest, checksums and schema, then replace the database, "
        "MEDIA_ROOT and INTEL_DATA_DIR with it. Refuses a database that already holds "
        "records unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A directory written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds records (everything in it is lost)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the backup against its manifest and this code; change nothing",
        )

    def handle(self, *args, path: Path, force: bool, check: bool, **options):
        try:
            if check:
                manifest = backup_verify(path)
                self.stdout.write(
                    f"Backup {path} is complete and intact: {len(manifest['files'])} files "
                    f"verified, made {manifest['created_at']}"
                )
                return
            summary = backup_restore(path, force=force)
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup made {summary.created_at}: {summary.rows} database rows, "
            f"{summary.files} files. Run `manage.py verify_audit` to check the audit chain."
        )
