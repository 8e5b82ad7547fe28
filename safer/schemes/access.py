"""Who may see what of a business crime scheme, decided here and nowhere else.

Two kinds of people reach a scheme:

- its **staff**: users of the administering organisation, or of the police organisation named
  on the scheme, whose role sees records (VIEW_RECORDS). They see every incident and every
  offender profile, children's included; those whose role edits records (EDIT_RECORDS) also
  administer it: approve members and users, issue exclusions, publish the agreement, send alerts.
- its **members**: users with no partner organisation at all, each named on an approved member
  business. A member sees nothing of a scheme until they have signed the agreement version in
  force (and again whenever a new version is published), and never anything of another scheme.

A scheme the caller cannot reach answers 404; one they reach but may not do this in, 403.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safer.partners.access import NOT_FOUND, has_capability, membership_of, organisation_of
from safer.partners.roles import Capability
from safer.schemes.models import (
    AgreementSignature,
    AgreementVersion,
    Approval,
    MemberBusiness,
    Scheme,
    SchemeUser,
)

SIGN_FIRST = "Sign the scheme's information-sharing agreement before you can see its information"
STAFF_ONLY = "Only the scheme's administrators can do this"
MEMBERS_ONLY = "Only the scheme's member businesses can report incidents"


def is_member_user(user) -> bool:
    """A scheme member's account: signed in, no partner organisation, named on a business."""
    if not getattr(user, "is_authenticated", False) or membership_of(user) is not None:
        return False
    return SchemeUser.objects.filter(user=user).exists()


def _staff_schemes(user) -> QuerySet[Scheme]:
    if not has_capability(user, Capability.VIEW_RECORDS):
        return Scheme.objects.none()
    organisation = organisation_of(user)
    return Scheme.objects.filter(Q(organisation=organisation) | Q(police=organisation))


def member_roles(user) -> QuerySet[SchemeUser]:
    """The user's approved places at approved businesses of active schemes."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SchemeUser.objects.none()
    if membership_of(user) is not None:
        return SchemeUser.objects.none()  # staff are never members as well
    return SchemeUser.objects.filter(
        user=user,
        status=Approval.APPROVED,
        business__status=Approval.APPROVED,
        business__scheme__is_active=True,
    )


def schemes_visible_to(user) -> QuerySet[Scheme]:
    """Every scheme the user is staff of or a member of (members before signing included: they
    see its name and the agreement to sign, nothing more)."""
    member_of = member_roles(user).values("business__scheme")
    return Scheme.objects.filter(Q(pk__in=_staff_schemes(user).values("pk")) | Q(pk__in=member_of))


def current_agreement(scheme: Scheme) -> AgreementVersion | None:
    return scheme.agreements.order_by("-version").first()


@dataclass
class SchemeAccess:
    """What one user may do in one scheme."""

    scheme: Scheme
    user: object
    is_staff: bool
    can_manage: bool
    businesses: list[MemberBusiness] = field(default_factory=list)
    agreement: AgreementVersion | None = None
    signed: bool = False

    @property
    def is_member(self) -> bool:
        return not self.is_staff

    @property
    def sees_information(self) -> bool:
        return self.is_staff or self.signed

    def require_signed(self) -> None:
        if not self.sees_information:
            raise PermissionDenied(SIGN_FIRST)

    def require_manage(self) -> None:
        if not self.can_manage:
            raise PermissionDenied(STAFF_ONLY)

    def require_member(self) -> None:
        self.require_signed()
        if not self.businesses:
            raise PermissionDenied(MEMBERS_ONLY)


def access_scheme(user, scheme_id, *, manage: bool = False, signed: bool = False) -> SchemeAccess:
    """The scheme and the caller's standing in it: 404 if they are neither staff nor a member;
    403 when `manage` and they do not administer it, or `signed` and they have not signed."""
    try:
        scheme = schemes_visible_to(user).select_related("organisation").get(pk=scheme_id)
    except (Scheme.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    is_staff = _staff_schemes(user).filter(pk=scheme.pk).exists()
    agreement = current_agreement(scheme)
    access = SchemeAccess(
        scheme=scheme,
        user=user,
        is_staff=is_staff,
        can_manage=is_staff and has_capability(user, Capability.EDIT_RECORDS),
        agreement=agreement,
    )
    if not is_staff:
        access.businesses = list(
            MemberBusiness.objects.filter(
                pk__in=member_roles(user).filter(business__scheme=scheme).values("business")
            )
        )
        access.signed = (
            agreement is not None
            and AgreementSignature.objects.filter(version=agreement, user=user).exists()
        )
    if manage:
        access.require_manage()
    if signed:
        access.require_signed()
    return access


def age_on(date_of_birth: date | None, day: date) -> int | None:
    if date_of_birth is None:
        return None
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def shown_to_members(date_of_birth: date | None, day: date) -> bool:
    """Only adults are ever shown to members; a person whose age is not known is not shown
    either, since nobody can say they are not a child."""
    age = age_on(date_of_birth, day)
    return age is not None and age >= 18
