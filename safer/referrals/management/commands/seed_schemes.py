from django.core.management.base import BaseCommand

from safer.partners.models import Organisation
from safer.referrals.services import schemes_ensure


class Command(BaseCommand):
    help = "Create the default partner schemes that are missing (safe to run again)."

    def handle(self, *args, **options):
        made = schemes_ensure(
            organisations=Organisation.objects.filter(is_active=True).order_by("pk")
        )
        self.stdout.write(f"{len(made)} scheme(s) created")
