"""The need-to-know rule, decided here and nowhere else.

A record belongs to one organisation. Users of that organisation, and of organisations it has
been explicitly shared with, may see it if their role lets them see records at all; nobody else
may. Only the owning organisation's users with an editing role may change it; editing roles of
every organisation that may see it may add to it (a shared case's notes and tasks). A role that sees
records counts only once a co-ordinator of the organisation has approved it. Sensitive fields
(dates of birth, vulnerability notes) need a further capability. A record a user may not see
answers 404, so that its existence does not leak; one they may see but not change answers 403.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from safer.partners.models import Membership, Organisation, OrganisationOwned
from safer.partners.roles import TWO_FACTOR_ROLES, Capability, capabilities_of

R = TypeVar("R", bound=OrganisationOwned)

NOT_FOUND = "Not found"
READ_ONLY = "You can see this record but you cannot change it"


def membership_of(user) -> Membership | None:
    """The user's membership, or None for anonymous users and staff with no organisation."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def organisation_of(user) -> Organisation | None:
    membership = membership_of(user)
    return membership.organisation if membership else None


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def has_capability(user, capability: Capability) -> bool:
    """Whether the user's role grants the capability.

    Inactive organisations grant nothing, and nor does a role still waiting for a co-ordinator
    to approve it, or refused: an administrator alone cannot give anyone sight of records.
    """
    membership = membership_of(user)
    if membership is None or not membership.organisation.is_active:
        return False
    if membership.approval != Membership.Approval.APPROVED:
        return False
    return capability in capabilities_of(membership.role)


def require_capability(user, capability: Capability) -> None:
    """Refuse with 403 unless the user's role grants the capability."""
    if not has_capability(user, capability):
        raise PermissionDenied(f"Your role does not allow this ({capability})")


def requires_two_factor(user) -> bool:
    return role_of(user) in TWO_FACTOR_ROLES


def visible_to(user, queryset: QuerySet[R]) -> QuerySet[R]:
    """The records of `queryset` the user may see: owned by or shared with their organisation."""
    if not has_capability(user, Capability.VIEW_RECORDS):
        return queryset.none()
    organisation = organisation_of(user)
    through = queryset.model.shared_with.through
    shared = through.objects.filter(
        **{through_source_field(queryset.model): OuterRef("pk"), "organisation": organisation}
    )
    return queryset.filter(Q(organisation=organisation) | Q(Exists(shared)))


def through_source_field(model: type[Model]) -> str:
    """Name of the column pointing back at the record in the shared_with join table."""
    return f"{model._meta.model_name}"


def can_view(user, record: OrganisationOwned) -> bool:
    if not has_capability(user, Capability.VIEW_RECORDS):
        return False
    organisation = organisation_of(user)
    return (
        record.organisation_id == organisation.pk
        or record.shared_with.filter(pk=organisation.pk).exists()
    )


def can_change(user, record: OrganisationOwned) -> bool:
    """Only the owning organisation's editing roles change a record; sharing grants reading."""
    return (
        has_capability(user, Capability.EDIT_RECORDS)
        and record.organisation_id == organisation_of(user).pk
    )


def can_contribute(user, record: OrganisationOwned) -> bool:
    """Add to a record without changing it (a case's notes, tasks, documents, interventions):
    every editing role of an organisation that may see it, the owner's or a partner's it was
    shared with. What they add is theirs; changing, closing or sharing the record stays with
    its owner."""
    return has_capability(user, Capability.EDIT_RECORDS) and can_view(user, record)


def can_share(user, record: OrganisationOwned) -> bool:
    return (
        has_capability(user, Capability.SHARE_RECORDS)
        and record.organisation_id == organisation_of(user).pk
    )


def can_view_sensitive(user, record: OrganisationOwned) -> bool:
    return has_capability(user, Capability.VIEW_SENSITIVE) and can_view(user, record)


def access_record(user, queryset: QuerySet[R], *, write: bool = False, **lookup) -> R:
    """Fetch one record and authorise in one step: 404 if unseen, 403 if seen but read-only."""
    try:
        record = visible_to(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if write and not can_change(user, record):
        raise PermissionDenied(READ_ONLY)
    return record
