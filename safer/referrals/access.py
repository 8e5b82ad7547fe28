"""Who may see a referral: whoever may open its case, and the staff of the scheme's provider,
who receive it (the person's name, contact details and the reason only) and record the
decision and outcome. Anyone else gets 404: a referral is never named to someone who cannot
see it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safer.cases.models import Case
from safer.partners.access import (
    NOT_FOUND,
    can_contribute,
    has_capability,
    organisation_of,
    visible_to,
)
from safer.partners.roles import Capability
from safer.people.models import Person
from safer.referrals.models import Referral

NOT_PROVIDER = "Only the scheme's provider can record its decision and outcome"
NOT_REFERRER = "Only an organisation working on the case can withdraw the referral"


def referral_visible_to(user, queryset: QuerySet[Referral] | None = None) -> QuerySet[Referral]:
    """The referrals the user may see: those of cases they may open, and those sent to a
    scheme their organisation provides."""
    queryset = Referral.objects.all() if queryset is None else queryset
    if not has_capability(user, Capability.VIEW_RECORDS):
        return queryset.none()
    cases = visible_to(user, Case.objects.all()).values("pk")
    return queryset.filter(Q(case__in=cases) | Q(scheme__provider=organisation_of(user)))


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    sees_case: bool  # may open the case: sees everything about the referral
    receives: bool  # works for the scheme's provider
    can_decide: bool  # may accept, decline, record the outcome and target-hardening details
    can_withdraw: bool  # works on the case and may add to it
    person_visible: bool  # may be named to the user: the provider, or someone who may open them


def referral_access(user, referral: Referral) -> ReferralAccess:
    """What the user may see and do with a referral they may see."""
    organisation = organisation_of(user)
    receives = organisation is not None and referral.scheme.provider_id == organisation.pk
    sees_case = visible_to(user, Case.objects.filter(pk=referral.case_id)).exists()
    return ReferralAccess(
        referral=referral,
        sees_case=sees_case,
        receives=receives,
        can_decide=receives and has_capability(user, Capability.EDIT_RECORDS),
        can_withdraw=sees_case and can_contribute(user, referral.case),
        person_visible=receives
        or referral.person_id in visible_person_ids(user, [referral.person_id]),
    )


def visible_person_ids(user, person_ids) -> set[int]:
    """Which of these people the user may open (a case can involve someone another
    organisation holds and has not shared, who is then not named to them)."""
    return set(
        visible_to(user, Person.objects.filter(pk__in=set(person_ids))).values_list("pk", flat=True)
    )


def named_referrals(user, referrals: list[Referral]) -> list[Referral]:
    """Set `person_visible` on each referral: whether its person may be named to the user (they
    receive it, or may open the person)."""
    organisation = organisation_of(user)
    seen = visible_person_ids(user, [r.person_id for r in referrals])
    for referral in referrals:
        referral.person_visible = referral.person_id in seen or (
            organisation is not None and referral.scheme.provider_id == organisation.pk
        )
    return referrals


def access_referral(user, referral_id, *, decide: bool = False, withdraw: bool = False):
    """The referral and what the user may do with it; 404 when unseen, 403 when the user may
    see it but not do what is asked."""
    try:
        referral = referral_visible_to(
            user,
            Referral.objects.select_related(
                "scheme__provider", "person", "case__organisation", "organisation", "referred_by"
            ),
        ).get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    access = referral_access(user, referral)
    if decide and not access.can_decide:
        raise PermissionDenied(NOT_PROVIDER)
    if withdraw and not access.can_withdraw:
        raise PermissionDenied(NOT_REFERRER)
    return access
