"""Writes to partnership data: sharing records, and the accounts and roles of its members."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.accounts.models import User
from safer.partners.access import can_share, has_capability, organisation_of
from safer.partners.models import Membership, Organisation, OrganisationOwned
from safer.partners.roles import Capability, capabilities_of

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
CANNOT_CHANGE_OWN_ROLE = "You cannot change your own role or organisation"
NOT_WAITING = "This request has already been decided"
CANNOT_DECIDE = "Only a co-ordinator of the organisation can approve or refuse this request"
CANNOT_DECIDE_OWN_REQUEST = "Someone else must decide a request you made yourself"
CANNOT_DECIDE_FOR_SELF = "You cannot decide a request for your own account"


def _require_admin(user) -> None:
    if not has_capability(user, Capability.MANAGE_USERS):
        raise PermissionDenied(CANNOT_MANAGE)


def _needs_approval(membership: Membership, *, before: Membership | None) -> bool:
    """Whether a role and organisation show records that `before` (as approved) did not.

    Roles that see no records (administrator, analyst) never wait; nor does a narrower role in
    the same organisation.
    """
    wanted = capabilities_of(membership.role)
    if Capability.VIEW_RECORDS not in wanted:
        return False
    return (
        before is None
        or before.approval != Membership.Approval.APPROVED
        or before.organisation_id != membership.organisation_id
        or not wanted <= capabilities_of(before.role)
    )


def _apply_approval(membership: Membership, *, before: Membership | None, requested_by) -> bool:
    """Set the membership waiting for a co-ordinator, or approved at once; True if it waits."""
    waits = _needs_approval(membership, before=before)
    membership.approval = Membership.Approval.PENDING if waits else Membership.Approval.APPROVED
    membership.requested_by, membership.requested_at = (
        (requested_by, timezone.now()) if waits else (None, None)
    )
    return waits


def _access_requested(membership: Membership, *, requested_by) -> None:
    audit.record(
        actor=requested_by,
        action="user.access_requested",
        target=membership.user,
        changes={"organisation": membership.organisation.name, "role": membership.role},
    )


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
    """Create a user in an organisation with a role; they choose a password from a one-time link
    sent to their e-mail. A role that sees records waits for a co-ordinator to approve it."""
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
    waits = _apply_approval(membership, before=None, requested_by=created_by)
    membership.full_clean()
    membership.save()
    audit.record(
        actor=created_by,
        action="user.created",
        target=user,
        changes={"organisation": organisation.name, "role": role, "approval": membership.approval},
    )
    if waits:
        _access_requested(membership, requested_by=created_by)
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
    """Move a user, change their role or switch their account off or on; audited.

    Nobody changes their own role or organisation, and a move or a wider role that sees
    records waits for a co-ordinator of the (new) organisation to approve it.
    """
    _require_admin(changed_by)
    user = membership.user
    if user.pk == changed_by.pk and not is_active:
        raise ValidationError({"is_active": CANNOT_DEACTIVATE_SELF})
    reassigned = organisation.pk != membership.organisation_id or role != membership.role
    if user.pk == changed_by.pk and reassigned:
        raise ValidationError({"role": CANNOT_CHANGE_OWN_ROLE})
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
    before = Membership(
        organisation_id=membership.organisation_id,
        role=membership.role,
        approval=membership.approval,
    )
    membership.organisation, membership.role, membership.job_title = (
        organisation,
        role,
        job_title.strip(),
    )
    waits = reassigned and _apply_approval(membership, before=before, requested_by=changed_by)
    if membership.approval != before.approval:
        changes["approval"] = [before.approval, membership.approval]
    membership.full_clean()
    membership.save()
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit.record(actor=changed_by, action="user.changed", target=user, changes=changes)
    if waits:
        _access_requested(membership, requested_by=changed_by)
    return membership


def _decide(membership: Membership, *, decided_by, approve: bool, via: str) -> Membership:
    """Approve or refuse a waiting role; `decided_by` None is the operator on the command line."""
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    if membership.approval != Membership.Approval.PENDING:
        raise ValidationError(NOT_WAITING)
    if decided_by is not None:
        if decided_by.pk == membership.user_id:
            raise PermissionDenied(CANNOT_DECIDE_FOR_SELF)
        if decided_by.pk == membership.requested_by_id:
            raise PermissionDenied(CANNOT_DECIDE_OWN_REQUEST)
        if not (
            has_capability(decided_by, Capability.SUPERVISE)
            and organisation_of(decided_by) == membership.organisation
        ):
            raise PermissionDenied(CANNOT_DECIDE)
    old = membership.approval
    membership.approval = Membership.Approval.APPROVED if approve else Membership.Approval.REFUSED
    membership.save(update_fields=["approval", "updated_at"])
    audit.record(
        actor=decided_by,
        action="user.access_approved" if approve else "user.access_refused",
        target=membership.user,
        changes={
            "organisation": membership.organisation.name,
            "role": membership.role,
            "approval": [old, membership.approval],
            "requested_by": membership.requested_by_id,
            "via": via,
        },
    )
    return membership


@transaction.atomic
def member_access_approve(*, membership: Membership, decided_by) -> Membership:
    """A co-ordinator of the organisation, not the requester, lets the role see records."""
    return _decide(membership, decided_by=decided_by, approve=True, via="page")


@transaction.atomic
def member_access_refuse(*, membership: Membership, decided_by) -> Membership:
    """A co-ordinator of the organisation refuses the role; it keeps granting nothing."""
    return _decide(membership, decided_by=decided_by, approve=False, via="page")


@transaction.atomic
def member_access_approve_by_operator(*, membership: Membership) -> Membership:
    """Approve from the command line, for an organisation that has no co-ordinator yet."""
    return _decide(membership, decided_by=None, approve=True, via="manage.py approve_access")


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
    """Record that a set-password link was e-mailed to the user (the log never holds the link)."""
    _require_admin(issued_by)
    audit.record(actor=issued_by, action="user.password_link_issued", target=user)
