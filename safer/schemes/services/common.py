"""What the scheme services share: their messages and small helpers."""

from decimal import Decimal

from django.core.exceptions import ValidationError

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
