"""Offender profiles, exclusions, appeals, and the audited views of profiles."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from safer import audit
from safer.schemes.access import SchemeAccess
from safer.schemes.models import (
    Appeal,
    Approval,
    Exclusion,
    MemberBusiness,
    OffenderPhoto,
    OffenderProfile,
    ProfileView,
)
from safer.schemes.services.common import (
    APPEAL_DECIDED,
    DECIDE_OUTCOME,
    END_OUTSIDE,
    ENDED_ALREADY,
    ENDS_BEFORE_START,
    NO_PREMISES,
    UNKNOWN_PREMISES,
    _clean,
    _require_text,
)

# --- Profiles, exclusions, appeals ----------------------------------------------------------


@transaction.atomic
def profile_ensure(
    *, access: SchemeAccess, person, created_by, description: str = ""
) -> OffenderProfile:
    access.require_manage()
    profile, created = OffenderProfile.objects.get_or_create(
        scheme=access.scheme,
        person=person,
        defaults={"created_by": created_by, "description": (description or "").strip()},
    )
    if not created and description and description.strip() != profile.description:
        profile.description = description.strip()
        profile.save(update_fields=["description", "updated_at"])
    if created:
        audit.record(actor=created_by, action="scheme.profile_created", target=profile)
    return profile


@transaction.atomic
def photo_add(
    *, access: SchemeAccess, profile: OffenderProfile, upload, uploaded_by
) -> OffenderPhoto:
    """A photograph, re-encoded from its pixels (no location or camera metadata kept); anything
    that is not an image, or too big, is refused before it is stored."""
    from safer.public.protection import clean_photo

    access.require_manage()
    try:
        data, content_type = clean_photo(upload)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from None
    extension = content_type.split("/")[-1].replace("jpeg", "jpg")
    photo = OffenderPhoto(
        profile=profile, content_type=content_type, size=len(data), uploaded_by=uploaded_by
    )
    photo.file.save(f"photo.{extension}", ContentFile(data), save=False)
    try:
        photo.save()
    except Exception:
        photo.file.delete(save=False)
        raise
    audit.record(actor=uploaded_by, action="scheme.photo_added", target=profile)
    return photo


@transaction.atomic
def exclusion_issue(
    *,
    access: SchemeAccess,
    person,
    starts_on: date,
    ends_on: date,
    premises_ids,
    issued_by,
    area: str = "",
    reason: str = "",
    description: str = "",
    photo=None,
) -> Exclusion:
    """Exclude a person from the premises chosen, for the dates given, with a photograph when
    one is given. Every check runs before anything is stored."""
    access.require_manage()
    errors: dict[str, str] = {}
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = ENDS_BEFORE_START
    wanted = {str(p) for p in (premises_ids or [])}
    premises = list(
        MemberBusiness.objects.filter(
            scheme=access.scheme,
            status=Approval.APPROVED,
            pk__in=[p for p in wanted if p.isdigit()],
        )
    )
    if not wanted:
        errors["premises_ids"] = NO_PREMISES
    elif len(premises) != len(wanted):
        errors["premises_ids"] = UNKNOWN_PREMISES
    cleaned_photo = None
    if photo is not None:
        from safer.public.protection import clean_photo

        try:
            cleaned_photo = clean_photo(photo)
        except ValidationError as error:
            errors["photo"] = " ".join(str(m) for m in error.messages)
    if errors:
        raise ValidationError(errors)
    profile = profile_ensure(
        access=access, person=person, created_by=issued_by, description=description
    )
    exclusion = Exclusion(
        profile=profile,
        scheme=access.scheme,
        starts_on=starts_on,
        ends_on=ends_on,
        area=(area or "").strip() or "The premises listed",
        reason=(reason or "").strip() or "Behaviour reported by members of the scheme",
        issued_by=issued_by,
    )
    _clean(exclusion)
    exclusion.save()
    exclusion.premises.set(premises)
    if cleaned_photo is not None:
        data, content_type = cleaned_photo
        photo_add(
            access=access,
            profile=profile,
            upload=ContentFile(data, name=f"photo.{content_type.split('/')[-1]}"),
            uploaded_by=issued_by,
        )
    audit.record(
        actor=issued_by,
        action="scheme.exclusion_issued",
        target=exclusion,
        organisation=access.scheme.organisation,
        changes={"from": str(starts_on), "to": str(ends_on), "premises": len(premises)},
    )
    return exclusion


@transaction.atomic
def exclusion_end(
    *, access: SchemeAccess, exclusion: Exclusion, ended_on: date, reason: str, ended_by
) -> Exclusion:
    """End an exclusion early (on appeal, or by the scheme): from `ended_on` it no longer
    applies and members stop seeing the person."""
    access.require_manage()
    if exclusion.ended_on is not None:
        raise ValidationError(ENDED_ALREADY)
    if not (exclusion.starts_on <= ended_on <= exclusion.ends_on):
        raise ValidationError({"ended_on": END_OUTSIDE})
    exclusion.ended_on = ended_on
    exclusion.ended_reason = _require_text(reason, "reason", "reason it ended early")
    exclusion.save(update_fields=["ended_on", "ended_reason", "updated_at"])
    audit.record(
        actor=ended_by,
        action="scheme.exclusion_ended",
        target=exclusion,
        changes={"ended_on": str(ended_on)},
    )
    return exclusion


@transaction.atomic
def appeal_record(
    *, access: SchemeAccess, exclusion: Exclusion, received_on: date, grounds: str, recorded_by
) -> Appeal:
    access.require_manage()
    appeal = Appeal(
        exclusion=exclusion,
        received_on=received_on,
        grounds=_require_text(grounds, "grounds", "grounds of the appeal"),
        recorded_by=recorded_by,
    )
    _clean(appeal)
    appeal.save()
    audit.record(actor=recorded_by, action="scheme.appeal_recorded", target=exclusion)
    return appeal


@transaction.atomic
def appeal_decide(
    *, access: SchemeAccess, appeal: Appeal, outcome: str, decided_on: date, notes: str, decided_by
) -> Appeal:
    """Decide an appeal; upheld ends the exclusion on the day decided."""
    access.require_manage()
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise ValidationError(APPEAL_DECIDED)
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.DISMISSED):
        raise ValidationError({"outcome": DECIDE_OUTCOME})
    appeal.outcome, appeal.decided_on = outcome, decided_on
    appeal.decision_notes, appeal.decided_by = (notes or "").strip(), decided_by
    appeal.save()
    if outcome == Appeal.Outcome.UPHELD and appeal.exclusion.ended_on is None:
        exclusion = appeal.exclusion
        ended_on = min(max(decided_on, exclusion.starts_on), exclusion.ends_on)
        exclusion_end(
            access=access,
            exclusion=exclusion,
            ended_on=ended_on,
            reason="Appeal upheld",
            ended_by=decided_by,
        )
    audit.record(
        actor=decided_by,
        action="scheme.appeal_decided",
        target=appeal.exclusion,
        changes={"outcome": outcome},
    )
    return appeal


def profile_viewed(*, access: SchemeAccess, profile: OffenderProfile, via: str) -> None:
    """Every look at a profile goes in the audit log; a member's also in their 'last viewed'."""
    with transaction.atomic():
        if access.is_member:
            ProfileView.objects.create(profile=profile, user=access.user)
        audit.record(
            actor=access.user,
            action="scheme.profile_viewed",
            target=profile,
            organisation=access.scheme.organisation,
            changes={"via": via, "member": access.is_member},
        )


def excluded_list_viewed(*, access: SchemeAccess, profiles: list[int], via: str) -> None:
    """The list of excluded people shows names and photos: each one listed is a view."""
    with transaction.atomic():
        for profile_id in profiles:
            if access.is_member:
                ProfileView.objects.create(profile_id=profile_id, user=access.user)
        audit.record(
            actor=access.user,
            action="scheme.excluded_listed",
            target=access.scheme,
            changes={"via": via, "profiles": profiles, "member": access.is_member},
        )
