"""Reads of a scheme through the access rule (access.SchemeAccess): incidents, the anonymised
summary, who is excluded today, profiles, alerts and the administrator's queues."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safer.partners.access import NOT_FOUND
from safer.schemes.access import SchemeAccess, shown_to_members
from safer.schemes.models import (
    Alert,
    AlertReceipt,
    Approval,
    Exclusion,
    Incident,
    LicenceCondition,
    LicensingReview,
    MemberBusiness,
    OffenderProfile,
    ProfileView,
    SchemeUser,
)


def incidents_visible(access: SchemeAccess) -> QuerySet[Incident]:
    """Staff see every incident of the scheme; a member only their own businesses'."""
    access.require_signed()
    incidents = Incident.objects.filter(scheme=access.scheme).select_related(
        "business", "offender__person"
    )
    if access.is_staff:
        return incidents
    return incidents.filter(business__in=access.businesses)


def incidents_for_table(access: SchemeAccess, incidents) -> list[Incident]:
    """Incidents as a table shows them, each with `offender_shown`: whether its known offender
    may be linked to. Staff may open any profile still holding personal data. A member is
    given only a link (never the name, which the audited profile page shows) and only while
    that person is shown to members: an adult whose exclusion is in force today. So a child a
    member's incident names, or someone whose exclusion has ended, is never revealed."""
    incidents = list(incidents)
    if access.is_staff:
        shown = {i.offender_id for i in incidents if i.offender_id and i.offender.person_id}
    elif any(i.offender_id for i in incidents):
        shown = {e.profile.pk for e in excluded_people(access)}
    else:
        shown = set()
    for incident in incidents:
        incident.offender_shown = incident.offender_id in shown
    return incidents


@dataclass(frozen=True)
class Summary:
    """Counts only: no business, person or place is named, and nothing counted that the caller
    may not see (children's exclusions are not in a member's count)."""

    total: int
    by_kind: list[tuple[str, int]]
    excluded_now: int  # people the caller may see excluded today


def incident_summary(access: SchemeAccess, *, since: date) -> Summary:
    access.require_signed()
    rows = (
        Incident.objects.filter(scheme=access.scheme, occurred_at__date__gte=since)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    labels = dict(Incident.Kind.choices)
    by_kind = [(labels.get(r["kind"], r["kind"]), r["n"]) for r in rows]
    return Summary(
        total=sum(n for _, n in by_kind),
        by_kind=by_kind,
        excluded_now=len(excluded_people(access)),
    )


def exclusions_in_force(scheme, day: date) -> QuerySet[Exclusion]:
    return Exclusion.objects.filter(scheme=scheme, starts_on__lte=day, ends_on__gt=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


@dataclass(frozen=True)
class Excluded:
    profile: OffenderProfile
    exclusion: Exclusion
    last_viewed_at: object = None


def excluded_people(access: SchemeAccess, *, day: date | None = None) -> list[Excluded]:
    """Who is excluded today: for members, adults whose personal data is still held, with when
    this member last looked at each; staff see children too."""
    access.require_signed()
    day = day or timezone.localdate()
    exclusions = (
        exclusions_in_force(access.scheme, day)
        .filter(profile__removed_at__isnull=True, profile__person__isnull=False)
        .select_related("profile__person")
        .prefetch_related("premises", "profile__photos")
        .order_by("profile__person__last_name", "profile__pk", "-starts_on")
    )
    found, seen = [], set()
    for exclusion in exclusions:
        profile = exclusion.profile
        if profile.pk in seen:
            continue
        if access.is_member and not shown_to_members(profile.person.date_of_birth, day):
            continue
        seen.add(profile.pk)
        found.append(Excluded(profile, exclusion))
    if access.is_member and found:
        last = last_viewed(access.user, [e.profile.pk for e in found])
        found = [Excluded(e.profile, e.exclusion, last.get(e.profile.pk)) for e in found]
    return found


def last_viewed(user, profile_ids: list[int]) -> dict[int, object]:
    rows = (
        ProfileView.objects.filter(user=user, profile_id__in=profile_ids)
        .values("profile_id")
        .annotate(last=Max("viewed_at"))
    )
    return {r["profile_id"]: r["last"] for r in rows}


def profile_for(access: SchemeAccess, profile_id, *, day: date | None = None) -> Excluded:
    """One profile: staff any of the scheme's; a member only one excluded today and shown to
    members (404 otherwise, so that a past or child's exclusion does not leak)."""
    access.require_signed()
    day = day or timezone.localdate()
    if access.is_staff:
        try:
            profile = OffenderProfile.objects.select_related("person").get(
                scheme=access.scheme, pk=profile_id
            )
        except (OffenderProfile.DoesNotExist, ValueError, TypeError):
            raise Http404(NOT_FOUND) from None
        current = exclusions_in_force(access.scheme, day).filter(profile=profile).first()
        return Excluded(profile, current)
    for excluded in excluded_people(access, day=day):
        if str(excluded.profile.pk) == str(profile_id):
            return excluded
    raise Http404(NOT_FOUND)


def alerts_for(access: SchemeAccess) -> QuerySet[Alert]:
    """Staff see every alert of the scheme with its read count; a member those sent to them."""
    access.require_signed()
    alerts = Alert.objects.filter(scheme=access.scheme).select_related("sent_by")
    if access.is_staff:
        return alerts.annotate(
            recipients=Count("receipts"),
            read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
        )
    mine = AlertReceipt.objects.filter(alert=OuterRef("pk"), user=access.user)
    unread = mine.filter(read_at__isnull=True)
    return alerts.filter(Exists(mine)).annotate(unread=Exists(unread))


def alert_receipts(alert: Alert) -> QuerySet[AlertReceipt]:
    return alert.receipts.select_related("user").order_by("read_at", "user__username")


def pending_approvals(access: SchemeAccess) -> tuple[QuerySet, QuerySet]:
    access.require_manage()
    businesses = MemberBusiness.objects.filter(scheme=access.scheme, status=Approval.PENDING)
    users = SchemeUser.objects.filter(
        business__scheme=access.scheme, status=Approval.PENDING
    ).select_related("user", "business")
    return businesses, users


def businesses_of(access: SchemeAccess) -> QuerySet[MemberBusiness]:
    """Staff see every business (with its users); members the approved member businesses."""
    access.require_signed()
    businesses = MemberBusiness.objects.filter(scheme=access.scheme)
    if access.is_staff:
        return businesses.prefetch_related(
            Prefetch("users", SchemeUser.objects.select_related("user"))
        )
    return businesses.filter(status=Approval.APPROVED)


def conditions_current(
    business: MemberBusiness | None = None, *, scheme=None, day: date | None = None
) -> QuerySet[LicenceCondition]:
    """The conditions on one premises licence (or on every premises of a scheme) on `day`,
    today when not given."""
    day = day or timezone.localdate()
    where = {"business": business} if business is not None else {"business__scheme": scheme}
    return LicenceCondition.objects.filter(imposed_on__lte=day, **where).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=day)
    )


def reviews_of(access: SchemeAccess) -> QuerySet[LicensingReview]:
    """Every licensing review of the scheme's premises, for its administrators."""
    access.require_manage()
    return (
        LicensingReview.objects.filter(business__scheme=access.scheme)
        .select_related("business")
        .prefetch_related("incidents", "conditions", "conditions_removed")
    )


def exclusions_of(access: SchemeAccess) -> QuerySet[Exclusion]:
    """Every exclusion of the scheme, newest first, for its administrators."""
    access.require_manage()
    return (
        Exclusion.objects.filter(scheme=access.scheme)
        .select_related("profile__person")
        .prefetch_related("premises", "appeals")
    )


def profiles_of(access: SchemeAccess) -> QuerySet[OffenderProfile]:
    access.require_manage()
    return (
        OffenderProfile.objects.filter(scheme=access.scheme)
        .select_related("person")
        .prefetch_related("exclusions")
    )


def approved_places(scheme):
    """Approved member users at approved premises of the scheme, with active accounts."""
    return SchemeUser.objects.filter(
        business__scheme=scheme,
        status=Approval.APPROVED,
        business__status=Approval.APPROVED,
        user__is_active=True,
    ).select_related("user", "business")


def premises_in_area(scheme, area) -> set[int]:
    """Ids of the scheme's approved premises whose map point lies inside the area (a CustomArea
    of the intelligence hub); premises without a map point are never inside."""
    import numpy as np

    from safer.intel.areas import points_in_polygons, polygons_of

    located = list(
        MemberBusiness.objects.filter(
            scheme=scheme, status=Approval.APPROVED, latitude__isnull=False
        ).values_list("pk", "longitude", "latitude")
    )
    if not located:
        return set()
    ids, lon, lat = zip(*located, strict=True)
    inside = points_in_polygons(
        np.array(lon, dtype=float), np.array(lat, dtype=float), polygons_of(area.geometry)
    )
    return {pk for pk, hit in zip(ids, inside, strict=True) if hit}


def postcode_in_area(postcode: str, wanted: str) -> bool:
    """Whether a postcode lies in a postcode area ("OX"), district ("OX16") or sector
    ("OX16 5"): whole parts, so OX1 is not OX16 and O is not OX."""
    from safer.people.matching import postcode_district
    from safer.places.postcodes import postcode_normalised, postcode_sector

    full = postcode_normalised(postcode)
    if full is None:
        return False
    wanted = " ".join((wanted or "").upper().split())
    if " " in wanted:
        return postcode_sector(full) == wanted
    district = postcode_district(full)
    if any(c.isdigit() for c in wanted):
        return district == wanted
    return re.match(r"[A-Z]+", district).group() == wanted  # the area: the district's letters


def premises_in_postcode_area(scheme, postcode_area: str) -> set[int]:
    """Ids of the scheme's approved premises in a postcode area, district or sector."""
    rows = MemberBusiness.objects.filter(scheme=scheme, status=Approval.APPROVED).values_list(
        "pk", "postcode"
    )
    return {pk for pk, postcode in rows if postcode_in_area(postcode, postcode_area)}


def premises_without_location(scheme) -> list[MemberBusiness]:
    """Approved premises an area alert cannot reach, for the alert form to name them."""
    return list(
        MemberBusiness.objects.filter(
            scheme=scheme, status=Approval.APPROVED, latitude__isnull=True
        ).order_by("name")
    )


def addresses_at_postcode(postcode: str) -> list:
    """The partnership's address list (the gazetteer) at a premises' postcode, each with the
    point of its property: to put premises on the map without typing coordinates."""
    from safer.places.postcodes import postcode_normalised
    from safer.places.selectors import addresses_at

    normalised = postcode_normalised(postcode)
    return addresses_at(normalised) if normalised else []
