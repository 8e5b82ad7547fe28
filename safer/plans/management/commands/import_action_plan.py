from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.plans.services import plan_file_import


class Command(BaseCommand):
    help = (
        "Import action plans from a CSV or XLSX file with the columns Plan, Theme, Corporate "
        "priority, Key priority, Heading, Task, Timescale, Partners, Indicator, Target, Target "
        "timescale. The file is imported whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--replace", action="store_true", help="Make plans already held match the file"
        )
        existing.add_argument(
            "--skip-existing", action="store_true", help="Leave plans already held as they are"
        )

    def handle(self, *args, file: Path, replace: bool, skip_existing: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        report = plan_file_import(
            content=file.read_bytes(),
            filename=file.name,
            imported_by=None,
            existing="replace" if replace else "skip" if skip_existing else "error",
        )
        for line in report.unknown_partners:
            self.stderr.write(f"Warning: {line}")
        if not report.ok:
            for line in report.errors:
                self.stderr.write(line)
            raise CommandError("Nothing was imported")
        for title in report.created:
            self.stdout.write(f"Imported: {title}")
        for title in report.replaced:
            self.stdout.write(f"Replaced: {title}")
        for title in report.skipped:
            self.stdout.write(f"Already held, left as it was: {title}")
        self.stdout.write(f"{report.tasks} tasks, {report.indicators} indicators")
