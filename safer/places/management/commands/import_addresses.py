"""manage.py import_addresses FILE [--replace]: the council's gazetteer into the address finder."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safer.places.services import gazetteer_import


class Command(BaseCommand):
    help = (
        "Load a gazetteer CSV (UPRN, ADDRESS, POSTCODE, EASTING, NORTHING; see docs/addresses.md) "
        "into the address finder. The whole file or nothing: a bad row stores none, and each bad "
        "row is named. Re-running updates addresses by UPRN."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also remove addresses whose UPRN is not in the file (the file is the whole "
            "gazetteer)",
        )
        parser.add_argument("--user", help="username recorded as the importer in the audit log")

    def handle(self, *args, file: Path, replace=False, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user called {user}")
        try:
            result = gazetteer_import(path=file, imported_by=actor, replace=replace)
        except ValidationError as error:
            *problems, last = error.messages
            for problem in problems:
                self.stderr.write(f"{file.name} {problem}" if problem[:5] == "line " else problem)
            raise CommandError(last) from None
        self.stdout.write(
            f"{result.rows} addresses in {file.name}: {result.created} new, {result.updated} "
            f"updated" + (f", {result.removed} removed (not in the file)" if replace else "")
        )
