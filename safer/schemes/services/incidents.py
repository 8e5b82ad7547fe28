"""Incident reports by members (and by the scheme's administrators)."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.schemes.access import SchemeAccess
from safer.schemes.models import (
    Approval,
    Incident,
    MemberBusiness,
)
from safer.schemes.selectors import exclusions_in_force
from safer.schemes.services.common import (
    EMPTY_TEXT,
    FUTURE_INCIDENT,
    NEGATIVE_VALUE,
    NO_MEMBER_PREMISES,
    NOT_YOUR_PREMISES,
    THEFT_VALUE,
    UNKNOWN_OFFENDER,
    UNKNOWN_PREMISES,
    WHO_INVOLVED,
    _clean,
)

# --- Incidents ------------------------------------------------------------------------------


@transaction.atomic
def incident_report(
    *,
    access: SchemeAccess,
    reported_by,
    kind: str,
    occurred_at: datetime,
    description: str,
    business_id=None,
    location: str = "",
    offender_id=None,
    offender_description: str = "",
    goods_value: Decimal | None = None,
    cctv_held: bool = False,
    police_reference: str = "",
) -> Incident:
    """A member's report of an incident at their premises (the first of them unless they
    choose); staff may report at any approved premises. Flags a breach when a known offender
    was excluded from those premises that day."""
    access.require_signed()
    errors: dict[str, str] = {}
    if access.is_staff:
        access.require_manage()
        premises = MemberBusiness.objects.filter(scheme=access.scheme, status=Approval.APPROVED)
    else:
        premises = access.businesses
        if not premises:
            raise ValidationError({"business_id": NO_MEMBER_PREMISES})
    by_id = {str(b.pk): b for b in premises}
    if business_id in (None, "") and not access.is_staff:
        business = premises[0]
    else:
        business = by_id.get(str(business_id))
        if business is None:
            errors["business_id"] = NOT_YOUR_PREMISES if access.is_member else UNKNOWN_PREMISES
    offender = None
    if offender_id not in (None, ""):
        from safer.schemes.selectors import excluded_people

        shown = {str(e.profile.pk): e.profile for e in excluded_people(access)}
        offender = shown.get(str(offender_id))
        if offender is None:
            errors["offender_id"] = UNKNOWN_OFFENDER
    offender_description = (offender_description or "").strip()
    if offender is None and not offender_description and "offender_id" not in errors:
        errors["offender_description"] = WHO_INVOLVED
    if occurred_at and occurred_at > timezone.now():
        errors["occurred_at"] = FUTURE_INCIDENT
    if kind == Incident.Kind.THEFT and goods_value is None:
        errors["goods_value"] = THEFT_VALUE
    if goods_value is not None and goods_value < 0:
        errors["goods_value"] = NEGATIVE_VALUE
    if not (description or "").strip():
        errors["description"] = EMPTY_TEXT.format(what="what happened")
    if errors:
        raise ValidationError(errors)
    incident = Incident(
        scheme=access.scheme,
        business=business,
        reported_by=reported_by,
        kind=kind,
        occurred_at=occurred_at,
        location=(location or "").strip() or f"{business.name}, {business.address}",
        description=description.strip(),
        offender=offender,
        offender_description=offender_description,
        goods_value=goods_value,
        cctv_held=cctv_held,
        police_reference=(police_reference or "").strip(),
    )
    if offender is not None:
        day = timezone.localtime(occurred_at).date()
        incident.breach_of = (
            exclusions_in_force(access.scheme, day)
            .filter(profile=offender, premises=business)
            .first()
        )
    _clean(incident)
    incident.save()
    audit.record(
        actor=reported_by,
        action="scheme.incident_reported",
        target=incident,
        organisation=access.scheme.organisation,
        changes={"kind": kind, "breach": incident.breach_of_id is not None},
    )
    return incident
