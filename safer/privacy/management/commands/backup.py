"""Back up the database, uploaded documents and analytics store to a new directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.privacy.backup import BackupRefused, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup (database rows, MEDIA_ROOT, INTEL_DATA_DIR, manifest.json with "
        "SHA-256 checksums) to PATH, a directory that must not exist or be empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A new or empty directory for the backup")

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup_create(path)
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backup written to {path}: {manifest['rows']} database rows, "
            f"{len(manifest['files'])} files, {size} bytes"
        )
