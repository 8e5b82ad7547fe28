"""manage.py create_scheme_member SCHEME BUSINESS USERNAME: name a user on a member business of
a scheme (the business is created if new). Both wait for the scheme's administrator to approve
them on the scheme's Members page; a new account chooses its password from a link e-mailed to
--email once approved."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safer.schemes import services
from safer.schemes.models import MemberBusiness, Scheme


class Command(BaseCommand):
    help = "Name a user on a business crime scheme's member business (waits for approval)."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="The scheme's name or id")
        parser.add_argument("business", help="The member business's name")
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--business-type", default="other")
        parser.add_argument("--address", default="", help="Needed when the business is new")

    def handle(self, *args, **options):
        wanted = options["scheme"]
        scheme = Scheme.objects.filter(name__iexact=wanted).first()
        if scheme is None and wanted.isdigit():
            scheme = Scheme.objects.filter(pk=int(wanted)).first()
        if scheme is None:
            raise CommandError(f"No scheme called {wanted}")
        try:
            with transaction.atomic():
                business = MemberBusiness.objects.filter(
                    scheme=scheme, name__iexact=options["business"]
                ).first()
                if business is None:
                    business = services.business_add(
                        scheme=scheme,
                        added_by=None,
                        name=options["business"],
                        business_type=options["business_type"],
                        address=options["address"] or "Address to be confirmed",
                    )
                place = services.scheme_user_add(
                    business=business,
                    username=options["username"],
                    requested_by=None,
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"{place.user.username} named on {business.name} ({scheme.name}): waiting for the "
            "scheme's administrator to approve them."
        )
