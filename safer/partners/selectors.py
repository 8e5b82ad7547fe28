"""Reads of partnership data."""

from django.db.models import QuerySet

from safer.partners.models import Organisation


def organisation_list(*, active_only: bool = True) -> QuerySet[Organisation]:
    """Partner organisations, for pickers and the API; not personal data."""
    organisations = Organisation.objects.order_by("name")
    return organisations.filter(is_active=True) if active_only else organisations
