"""Writes of a business crime scheme: membership and approvals, the agreement, incidents,
offender profiles and exclusions, appeals, alerts and licensing. Each is atomic and audited;
a refused write stores nothing."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from safer import audit
from safer.accounts.models import User
from safer.notifications.services import message_send
from safer.partners.access import membership_of
from safer.schemes.access import SchemeAccess, current_agreement
from safer.schemes.models import (
    AgreementSignature,
    AgreementVersion,
    Alert,
    AlertReceipt,
    Appeal,
    Approval,
    Exclusion,
    Incident,
    MemberBusiness,
    OffenderPhoto,
    OffenderProfile,
    ProfileView,
    Scheme,
    SchemeUser,
)
from safer.schemes.selectors import exclusions_in_force

NO_AGREEMENT = "The scheme has no information-sharing agreement to sign yet"
STAFF_DO_NOT_SIGN = "Administrators and police publish the agreement; members sign it"
ALREADY_SIGNED = "You have already signed the agreement in force"
ENDS_BEFORE_START = "The exclusion must end after the day it starts"
NO_PREMISES = "Choose at least one of the scheme's member premises the exclusion covers"
UNKNOWN_PREMISES = "Choose premises of this scheme's approved members"
NOT_YOUR_PREMISES = "Choose one of your own premises"
NO_MEMBER_PREMISES = "You are not named on any approved premises of this scheme"
WHO_INVOLVED = "Say who was involved: choose a known offender or describe them"
FUTURE_INCIDENT = "The time of the incident must be in the past"
THEFT_VALUE = "Enter the value of the goods for a theft (0 if nothing was taken)"
NEGATIVE_VALUE = "The value of the goods cannot be negative"
UNKNOWN_OFFENDER = "Choose someone excluded from this scheme"
STAFF_NOT_MEMBER = "{username} is a partner's member of staff: staff cannot be scheme members"
USERNAME_TAKEN = "That username is already taken"
ALREADY_DECIDED = "This has already been decided"
ENDED_ALREADY = "This exclusion has already ended"
END_OUTSIDE = "The end date must be within the exclusion, from its start to its planned end"
APPEAL_DECIDED = "This appeal has already been decided"
DECIDE_OUTCOME = "Choose whether the appeal is upheld or dismissed"
EMPTY_TEXT = "Enter the {what}"


def _clean(instance) -> None:
    instance.full_clean()


def _require_text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: EMPTY_TEXT.format(what=what)})
    return value


def _coordinate(value) -> Decimal | None:
    """A map coordinate to the six decimal places stored (about 10cm)."""
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


# --- Schemes, the agreement, members -------------------------------------------------------


@transaction.atomic
def scheme_create(
    *, created_by, name: str, kind: str, organisation, police=None, area="", description=""
) -> Scheme:
    scheme = Scheme(
        name=name.strip(),
        kind=kind,
        organisation=organisation,
        police=police,
        area=area.strip(),
        description=description.strip(),
    )
    _clean(scheme)
    scheme.save()
    audit.record(actor=created_by, action="scheme.created", target=scheme, changes={"kind": kind})
    return scheme


@transaction.atomic
def agreement_publish(*, access: SchemeAccess, text: str, published_by) -> AgreementVersion:
    """A new version of the agreement: every member must sign it again before seeing more."""
    access.require_manage()
    text = _require_text(text, "text", "text of the agreement")
    current = current_agreement(access.scheme)
    version = AgreementVersion(
        scheme=access.scheme,
        version=(current.version + 1) if current else 1,
        text=text,
        published_by=published_by,
    )
    _clean(version)
    version.save()
    audit.record(
        actor=published_by,
        action="scheme.agreement_published",
        target=access.scheme,
        changes={"version": version.version},
    )
    return version


@transaction.atomic
def agreement_sign(*, access: SchemeAccess, signed_by) -> AgreementSignature:
    if access.is_staff:
        raise ValidationError(STAFF_DO_NOT_SIGN)
    if access.agreement is None:
        raise ValidationError(NO_AGREEMENT)
    if access.signed:
        raise ValidationError(ALREADY_SIGNED)
    signature = AgreementSignature.objects.create(version=access.agreement, user=signed_by)
    access.signed = True
    audit.record(
        actor=signed_by,
        action="scheme.agreement_signed",
        target=access.scheme,
        changes={"version": access.agreement.version},
    )
    return signature


@transaction.atomic
def business_add(
    *,
    access: SchemeAccess | None = None,
    scheme: Scheme | None = None,
    added_by,
    name: str,
    business_type: str,
    address: str,
    postcode: str = "",
    premises_licence_number: str = "",
    latitude=None,
    longitude=None,
) -> MemberBusiness:
    """A member business: approved at once when an administrator adds it, waiting for one
    otherwise (an operator's command)."""
    if access is not None:
        access.require_manage()
        scheme = access.scheme
    business = MemberBusiness(
        scheme=scheme,
        name=(name or "").strip(),
        business_type=business_type,
        address=(address or "").strip(),
        postcode=(postcode or "").strip().upper(),
        premises_licence_number=(premises_licence_number or "").strip(),
        latitude=_coordinate(latitude),
        longitude=_coordinate(longitude),
    )
    if access is not None:
        business.status = Approval.APPROVED
        business.decided_by, business.decided_at = added_by, timezone.now()
    _clean(business)
    business.save()
    audit.record(
        actor=added_by,
        action="scheme.business_added",
        target=business,
        organisation=scheme.organisation,
        changes={"scheme": scheme.name, "status": business.status},
    )
    return business


@transaction.atomic
def business_decide(
    *, access: SchemeAccess, business: MemberBusiness, approve: bool, decided_by
) -> MemberBusiness:
    access.require_manage()
    if business.scheme_id != access.scheme.pk:
        raise ValidationError(UNKNOWN_PREMISES)
    if business.status != Approval.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    business.status = Approval.APPROVED if approve else Approval.REFUSED
    business.decided_by, business.decided_at = decided_by, timezone.now()
    business.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=decided_by,
        action="scheme.business_decided",
        target=business,
        changes={"status": business.status},
    )
    return business


@transaction.atomic
def scheme_user_add(
    *,
    business: MemberBusiness,
    username: str,
    requested_by,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    access: SchemeAccess | None = None,
) -> SchemeUser:
    """Name a user on a business: an existing member account, or a new one without a partner
    organisation (so it reaches only its schemes). Approved at once when an administrator adds
    them; waiting for approval otherwise."""
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": EMPTY_TEXT.format(what="username")})
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(
            username=username,
            email=(email or "").strip(),
            first_name=(first_name or "").strip(),
            last_name=(last_name or "").strip(),
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(actor=requested_by, action="scheme.member_account_created", target=user)
    elif membership_of(user) is not None or hasattr(user, "membership"):
        raise ValidationError({"username": STAFF_NOT_MEMBER.format(username=user.username)})
    place = SchemeUser(user=user, business=business, requested_by=requested_by)
    if access is not None:
        access.require_manage()
        place.status = Approval.APPROVED
        place.decided_by, place.decided_at = requested_by, timezone.now()
    if SchemeUser.objects.filter(user=user, business=business).exists():
        raise ValidationError({"username": f"{user.username} is already named on {business}"})
    place.save()
    audit.record(
        actor=requested_by,
        action="scheme.user_added",
        target=place,
        organisation=business.scheme.organisation,
        changes={"business": business.name, "status": place.status},
    )
    if place.status == Approval.APPROVED:
        _password_link_send(user)
    return place


def _password_link_send(user) -> None:
    """A new member account chooses its password from a one-time link to its own e-mail."""
    if not user.email or user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "accounts:set_password", args=[uid, token]
    )
    body = (
        "You have been given an account for your business crime scheme.\n"
        f"Choose your password here: {link}\nThe link works once and expires in 3 days."
    )
    message_send(
        kind="scheme_account",
        subject="Your business crime scheme account",
        body=body,
        to_email=user.email,
        recipient=user,
        stored_body=body.replace(link, "[one-time link]"),
    )


@transaction.atomic
def scheme_user_decide(
    *, access: SchemeAccess, place: SchemeUser, approve: bool, decided_by
) -> SchemeUser:
    access.require_manage()
    if place.business.scheme_id != access.scheme.pk:
        raise ValidationError(UNKNOWN_PREMISES)
    if place.status != Approval.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    place.status = Approval.APPROVED if approve else Approval.REFUSED
    place.decided_by, place.decided_at = decided_by, timezone.now()
    place.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=decided_by,
        action="scheme.user_decided",
        target=place,
        changes={"status": place.status},
    )
    if approve:
        _password_link_send(place.user)
    return place


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


# --- Alerts ---------------------------------------------------------------------------------


@transaction.atomic
def alert_send(
    *, access: SchemeAccess, title: str, body: str, sent_by, postcode_area: str = ""
) -> Alert:
    """An urgent message to every member user who has signed the agreement in force (those at
    premises in `postcode_area` when given): on their page and by e-mail."""
    access.require_manage()
    alert = Alert(
        scheme=access.scheme,
        title=_require_text(title, "title", "title of the alert"),
        body=_require_text(body, "body", "message"),
        postcode_area=(postcode_area or "").strip().upper(),
        sent_by=sent_by,
    )
    _clean(alert)
    alert.save()
    places = SchemeUser.objects.filter(
        business__scheme=access.scheme,
        status=Approval.APPROVED,
        business__status=Approval.APPROVED,
        user__is_active=True,
    ).select_related("user")
    if alert.postcode_area:
        places = places.filter(business__postcode__istartswith=alert.postcode_area)
    signed = set(
        AgreementSignature.objects.filter(version=access.agreement).values_list("user", flat=True)
    )
    users = {p.user.pk: p.user for p in places if p.user_id in signed}
    AlertReceipt.objects.bulk_create([AlertReceipt(alert=alert, user=u) for u in users.values()])
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "schemes:alert", args=[access.scheme.pk, alert.pk]
    )
    for user in users.values():
        if user.email:
            message_send(
                kind="scheme_alert",
                subject=f"{access.scheme.name} alert: {alert.title}",
                body=f"{alert.body}\n\nSee it and mark it read: {link}",
                to_email=user.email,
                recipient=user,
                sent_by=sent_by,
            )
    audit.record(
        actor=sent_by,
        action="scheme.alert_sent",
        target=alert,
        organisation=access.scheme.organisation,
        changes={"recipients": len(users)},
    )
    return alert


def alert_read(*, alert: Alert, user) -> None:
    AlertReceipt.objects.filter(alert=alert, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
