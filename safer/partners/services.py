"""Writes to partnership data: sharing a record with another organisation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safer import audit
from safer.accounts.models import User
from safer.partners.access import can_share, has_capability
from safer.partners.models import Membership, Organisation, OrganisationOwned
from safer.partners.roles import Capability

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


USERNAME_TAKEN = "That username is already in use"
CANNOT_MANAGE = "Only an administrator can manage user accounts"
CANNOT_DEACTIVATE_SELF = "You cannot switch off your own account"


def _require_admin(user) -> None:
    if not has_capability(user, Capability.MANAGE_USERS):
        raise PermissionDenied(CANNOT_MANAGE)


@transaction.atomic
def member_create(
    *,
    created_by,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    job_title: str = "",
) -> Membership:
    """Create a user in an organisation with a role; they choose a password from a one-time link."""
    _require_admin(created_by)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership(
        user=user, organisation=organisation, role=role, job_title=job_title.strip()
    )
    membership.full_clean()
    membership.save()
    audit.record(
        actor=created_by,
        action="user.created",
        target=user,
        changes={"organisation": organisation.name, "role": role},
    )
    return membership


@transaction.atomic
def member_update(
    *,
    membership: Membership,
    changed_by,
    organisation: Organisation,
    role: str,
    job_title: str,
    is_active: bool,
) -> Membership:
    """Move a user, change their role or switch their account off or on; audited."""
    _require_admin(changed_by)
    user = membership.user
    if user.pk == changed_by.pk and not is_active:
        raise ValidationError({"is_active": CANNOT_DEACTIVATE_SELF})
    changes = {}
    if organisation.pk != membership.organisation_id:
        changes["organisation"] = [membership.organisation.name, organisation.name]
    if role != membership.role:
        changes["role"] = [membership.role, role]
    if job_title.strip() != membership.job_title:
        changes["job_title"] = [membership.job_title, job_title.strip()]
    if is_active != user.is_active:
        changes["is_active"] = [user.is_active, is_active]
    if not changes:
        return membership
    membership.organisation, membership.role, membership.job_title = (
        organisation,
        role,
        job_title.strip(),
    )
    membership.full_clean()
    membership.save()
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit.record(actor=changed_by, action="user.changed", target=user, changes=changes)
    return membership


@transaction.atomic
def member_reset_two_factor(*, user, reset_by) -> int:
    """Remove a user's authenticators (lost phone); they set up a new one at next sign-in."""
    _require_admin(reset_by)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        actor=reset_by, action="user.two_factor_reset", target=user, changes={"devices": removed}
    )
    return removed


def member_unlock(*, user, unlocked_by) -> None:
    """Lift a sign-in lock-out early (after checking with the person that it was them)."""
    _require_admin(unlocked_by)
    from axes.utils import reset

    reset(username=user.username)
    audit.record(actor=unlocked_by, action="user.unlocked", target=user)


def member_password_link_issued(*, user, issued_by) -> None:
    """Record that an administrator issued a set-password link."""
    _require_admin(issued_by)
    audit.record(actor=issued_by, action="user.password_link_issued", target=user)
