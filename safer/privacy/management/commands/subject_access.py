"""Write the subject access export for one person to a zip file (for the data protection
officer, where the page cannot be used)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safer.people.models import Person
from safer.privacy.subject_access import subject_access_export


class Command(BaseCommand):
    help = (
        "Write everything held about a person (PDF and JSON, and the files of cases about them "
        "alone) to OUT.zip; recorded in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int, help="The person's record number")
        parser.add_argument("out", type=Path, help="The zip file to write (must not exist)")

    def handle(self, *args, person_id: int, out: Path, **options):
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"There is no person with record number {person_id}")
        if out.exists():
            raise CommandError(f"{out} already exists: give a new file name")
        out.write_bytes(subject_access_export(person=person, exported_by=None))
        self.stdout.write(f"Subject access export for person {person_id} written to {out}")
