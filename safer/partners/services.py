"""Writes to partnership data: sharing a record with another organisation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safer import audit
from safer.partners.access import can_share
from safer.partners.models import Organisation, OrganisationOwned

SHARE_WITH_OWNER = "This record already belongs to that organisation"
SHARE_INACTIVE = "That organisation is no longer active in the partnership"
SHARE_NOT_ALLOWED = "You cannot share this record"


@transaction.atomic
def record_share(*, record: OrganisationOwned, organisation: Organisation, shared_by) -> bool:
    """Share a record with another partner organisation; returns False if it already was."""
    if not can_share(shared_by, record):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    if organisation.pk == record.organisation_id:
        raise ValidationError({"organisation": SHARE_WITH_OWNER})
    if not organisation.is_active:
        raise ValidationError({"organisation": SHARE_INACTIVE})
    if record.shared_with.filter(pk=organisation.pk).exists():
        return False
    record.shared_with.add(organisation)
    audit.record(
        actor=shared_by,
        action="record.shared",
        target=record,
        changes={"shared_with": [None, organisation.name]},
    )
    return True


@transaction.atomic
def record_unshare(*, record: OrganisationOwned, organisation: Organisation, unshared_by) -> bool:
    """Stop sharing a record with an organisation; returns False if it was not shared."""
    if not can_share(unshared_by, record):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    if not record.shared_with.filter(pk=organisation.pk).exists():
        return False
    record.shared_with.remove(organisation)
    audit.record(
        actor=unshared_by,
        action="record.unshared",
        target=record,
        changes={"shared_with": [organisation.name, None]},
    )
    return True
