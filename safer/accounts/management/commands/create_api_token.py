from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safer.accounts.models import User
from safer.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once (only its digest is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token", help="A label for the token")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="How many days the token lasts (default: the API_TOKEN_DAYS setting, 90)",
        )

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is deactivated")
        try:
            token, secret = api_token_create(user=user, name=name, days=days)
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        expires = timezone.localtime(token.expires_at)
        self.stderr.write(
            f"Token {token} created for {username}, expiring {expires:%d %B %Y %H:%M}. "
            "Store it now: it is not shown again."
        )
        self.stdout.write(secret)
