from django.core.management.base import BaseCommand, CommandError

from safer.accounts.models import ApiToken
from safer.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke a personal API token by key id (between sc_ and the next _), or all of a user's."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--key-id")
        group.add_argument("--user", help="Revoke every token of this username")

    def handle(self, *args, key_id: str | None, user: str | None, **options):
        tokens = ApiToken.objects.filter(revoked_at__isnull=True)
        tokens = tokens.filter(key_id=key_id) if key_id else tokens.filter(user__username=user)
        if not tokens.exists():
            raise CommandError("No active token matches")
        for token in tokens:
            api_token_revoke(token=token)
            self.stdout.write(f"Revoked {token}")
