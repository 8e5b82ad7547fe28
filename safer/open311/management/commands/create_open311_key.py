"""Issue an Open311 API key to a civic reporting app: printed once, stored only as a digest."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safer.open311.services import key_create


class Command(BaseCommand):
    help = "Issue an Open311 GeoReport API key to an app; the key is printed once, never stored."

    def add_arguments(self, parser):
        parser.add_argument("app_name", help="the app's name, e.g. FixMyStreet")

    def handle(self, *args, app_name: str, **options):
        try:
            record, key = key_create(app_name=app_name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
        self.stderr.write(
            f"Key {record.prefix}... issued to {record.app_name}. It is shown only now: only its "
            "SHA-256 digest is kept. Administrators revoke it at /open311/keys/."
        )
