"""Work out every case's search words again (after a bulk load or a restore from another system)."""

from django.core.management.base import BaseCommand

from safer.cases.services.search import case_search_rebuild


class Command(BaseCommand):
    help = "Rebuild the words every case is found by in case search."

    def handle(self, *args, **options):
        count = case_search_rebuild()
        self.stdout.write(f"Search words rebuilt for {count:,} cases.")
