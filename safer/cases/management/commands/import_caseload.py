"""manage.py import_caseload FILE --organisation NAME --user USERNAME (docs/caseload-layout.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.cases.transfer.load import ImportRefused, import_caseload
from safer.cases.transfer.organisations import importer_named, organisation_named
from safer.cases.transfer.read import read_caseload


class Command(BaseCommand):
    help = "Bring in people, reports and cases from a caseload file: all of it or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx workbook, a .zip of CSV files, or a folder")
        parser.add_argument("--organisation", required=True, help="name or short name")
        parser.add_argument(
            "--user", required=True, help="the member recorded as having brought the rows in"
        )

    def handle(self, *args, file, organisation, user, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{file} does not exist")
        owner = organisation_named(organisation)
        importer = importer_named(user, owner)
        sheets, problems = read_caseload(path)
        try:
            if problems:
                raise ImportRefused(problems)
            created = import_caseload(sheets=sheets, imported_by=importer, source=path.name)
        except ImportRefused as refused:
            raise CommandError("Nothing was imported:\n" + "\n".join(refused.problems)) from refused
        summary = ", ".join(f"{count} {sheet.lower()}" for sheet, count in created.items())
        self.stdout.write(f"Imported {summary} for {owner.name}")
