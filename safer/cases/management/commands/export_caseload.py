"""manage.py export_caseload OUT --organisation NAME (docs/caseload-layout.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from safer.cases.transfer.organisations import organisation_named
from safer.cases.transfer.write import export_caseload


class Command(BaseCommand):
    help = "Write an organisation's people, reports and cases in the caseload layout."

    def add_arguments(self, parser):
        parser.add_argument("out", help="an .xlsx or .zip file, or else a folder of CSV files")
        parser.add_argument("--organisation", required=True, help="name or short name")

    def handle(self, *args, out, organisation, **options):
        owner = organisation_named(organisation)
        counts = export_caseload(organisation=owner, out=Path(out))
        summary = ", ".join(f"{count} {sheet.lower()}" for sheet, count in counts.items())
        self.stdout.write(f"Exported {summary} of {owner.name} to {out}")
