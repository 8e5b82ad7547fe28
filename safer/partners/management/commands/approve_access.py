"""Approve a waiting role from the command line, for an organisation with no co-ordinator yet."""

from django.core.management.base import BaseCommand, CommandError

from safer.partners import services
from safer.partners.models import Membership


class Command(BaseCommand):
    help = (
        "Approve the role waiting for USERNAME (audited as the system). Use it for the first "
        "co-ordinator of an organisation; after that, co-ordinators approve on their own page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        membership = (
            Membership.objects.select_related("user", "organisation")
            .filter(user__username__iexact=username)
            .first()
        )
        if membership is None:
            raise CommandError(f"No member of any organisation has the username {username!r}")
        if membership.approval != Membership.Approval.PENDING:
            raise CommandError(
                f"{membership.user.username} has no role waiting for approval "
                f"({membership.get_approval_display().lower()})"
            )
        services.member_access_approve_by_operator(membership=membership)
        self.stdout.write(
            f"Approved: {membership.user.username} as {membership.get_role_display()} "
            f"in {membership.organisation}"
        )
