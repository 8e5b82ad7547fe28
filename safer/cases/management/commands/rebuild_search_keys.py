"""Work out the keys searches use again: people's matching keys and every case's search words.

The services keep both in step; run this after writing people, reports or cases around them (a
bulk load with COPY, a restore from another system, a fix made in SQL).
"""

from django.core.management.base import BaseCommand

from safer.cases.services.search import search_rebuild
from safer.people.services import person_name_keys_rebuild


class Command(BaseCommand):
    help = "Rebuild people's matching keys and the words every report and case is found by."

    def handle(self, *args, **options):
        people = person_name_keys_rebuild()
        reports, cases = search_rebuild()
        self.stdout.write(f"Matching keys rebuilt for {people:,} people.")
        self.stdout.write(f"Search words rebuilt for {reports:,} reports and {cases:,} cases.")
