"""manage.py import_crime PATH... : police.uk files, folders or zips into the crime store.

With --mapping NAME, other CSVs (a council's incident log) are read through that saved column
mapping into the incidents dataset.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safer.intel.models import ColumnMapping
from safer.intel.services import crime_paths_import

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import police.uk street-level crime files (CSV, folders of them, or police.uk zips). "
        "Each file is stored whole or not at all; re-importing changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--user", help="username recorded as the importer in the audit log")
        parser.add_argument(
            "--mapping", help="name of a saved column mapping to read every file through"
        )

    def handle(self, *args, paths, user=None, mapping=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user called {user}")
        chosen = None
        if mapping:
            chosen = ColumnMapping.objects.filter(name=mapping).first()
            if chosen is None:
                raise CommandError(f"No column mapping called {mapping}")
        try:
            summary = crime_paths_import(
                paths=paths, imported_by=actor, progress=self._progress, mapping=chosen
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        for record in summary.files:
            self.stdout.write(
                f"{record.status:<8} {record.file_name}: read {record.rows_read}, "
                f"stored {record.rows_stored}, duplicated {record.rows_duplicated}, "
                f"rejected {record.rows_rejected}"
            )
            for error in record.errors:
                self.stdout.write(f"  {record.file_name} line {error['line']}: {error['reason']}")
            if record.rows_rejected > len(record.errors):
                self.stdout.write(f"  ... and {record.rows_rejected - len(record.errors)} more")
        self.stdout.write(
            f"{len(summary.files)} files: read {summary.total('rows_read')}, "
            f"stored {summary.total('rows_stored')}, "
            f"duplicated {summary.total('rows_duplicated')}, "
            f"rejected {summary.total('rows_rejected')} "
            f"({len(summary.rejected_files)} files rejected)"
        )
        if summary.rejected_files:
            raise CommandError(
                f"{len(summary.rejected_files)} files were rejected; nothing stored from them"
            )

    def _progress(self, done: int, total: int, name: str) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} {Path(name).name[:60]:<60}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
