"""Schemes, their agreement, member businesses and member users, and approvals."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
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
    Approval,
    MemberBusiness,
    Scheme,
    SchemeUser,
)
from safer.schemes.selectors import addresses_at_postcode
from safer.schemes.services.common import (
    ALREADY_DECIDED,
    ALREADY_SIGNED,
    EMPTY_TEXT,
    NO_AGREEMENT,
    STAFF_DO_NOT_SIGN,
    STAFF_NOT_MEMBER,
    UNKNOWN_PREMISES,
    _clean,
    _coordinate,
    _require_text,
)

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


BUSINESS_DETAILS = (
    "name",
    "business_type",
    "address",
    "postcode",
    "premises_licence_number",
    "latitude",
    "longitude",
)
LOCATE_CHOOSE = "Choose the premises' address from the partnership's address list"


def _same_address(a: str, b: str) -> bool:
    def words(text):
        return " ".join((text or "").replace(",", " ").split()).casefold()

    return words(a) == words(b)


def _gazetteer_point(address: str, postcode: str):
    """The point of the one address in the partnership's address list (the gazetteer) that
    is this address at this postcode, else None: premises added by address are on the map
    without anyone typing coordinates."""
    found = [a for a in addresses_at_postcode(postcode) if _same_address(a.address, address)]
    return (found[0].latitude, found[0].longitude) if len(found) == 1 else None


def _business_fields(
    *, name, business_type, address, postcode, premises_licence_number, latitude, longitude
) -> dict:
    """A member business's details as stored: trimmed, postcode in capitals, map point to the
    six decimals kept."""
    return {
        "name": (name or "").strip(),
        "business_type": business_type,
        "address": (address or "").strip(),
        "postcode": (postcode or "").strip().upper(),
        "premises_licence_number": (premises_licence_number or "").strip(),
        "latitude": _coordinate(latitude),
        "longitude": _coordinate(longitude),
    }


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
    if latitude in (None, "") and longitude in (None, ""):
        latitude, longitude = _gazetteer_point(address, postcode) or (None, None)
    business = MemberBusiness(
        scheme=scheme,
        **_business_fields(
            name=name,
            business_type=business_type,
            address=address,
            postcode=postcode,
            premises_licence_number=premises_licence_number,
            latitude=latitude,
            longitude=longitude,
        ),
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
def business_update(
    *, access: SchemeAccess, business: MemberBusiness, changed_by, **details
) -> MemberBusiness:
    """Change a member business's details (a new address, its map point, a licence number);
    only what changed is audited, and a refused change stores nothing."""
    access.require_manage()
    if business.scheme_id != access.scheme.pk:
        raise ValidationError(UNKNOWN_PREMISES)
    business = MemberBusiness.objects.select_for_update().get(pk=business.pk)
    values = _business_fields(**details)
    changed = {k: str(v) for k, v in values.items() if getattr(business, k) != v}
    for field, value in values.items():
        setattr(business, field, value)
    _clean(business)
    if changed:
        business.save(update_fields=list(changed))
        audit.record(
            actor=changed_by,
            action="scheme.business_changed",
            target=business,
            organisation=access.scheme.organisation,
            changes=changed,
        )
    return business


def business_locate(
    *, access: SchemeAccess, business: MemberBusiness, uprn: str, changed_by
) -> MemberBusiness:
    """Put the premises on the map at one of the addresses the partnership's address list
    holds at its postcode (the point of that property); audited as any change of details."""
    chosen = [a for a in addresses_at_postcode(business.postcode) if a.uprn == uprn]
    if not chosen:
        raise ValidationError({"uprn": LOCATE_CHOOSE})
    details = {field: getattr(business, field) for field in BUSINESS_DETAILS}
    details.update(latitude=chosen[0].latitude, longitude=chosen[0].longitude)
    return business_update(access=access, business=business, changed_by=changed_by, **details)


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
