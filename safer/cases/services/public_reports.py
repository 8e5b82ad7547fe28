"""Reports residents send: the public web form and Open311. They go through the same `_store` as
staff intake (matched, flagged, given their assessment deadline), owned by the organisation that
receives what the public send, with the web reporter as a person so repeat callers are seen."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safer.cases.models import Affected, Report, ReportPerson, ReportPhoto
from safer.cases.services.reports import _store, _validate
from safer.partners.models import Organisation
from safer.people.matching import PersonData
from safer.people.models import Person
from safer.people.selectors import person_for_public_reporter
from safer.people.services import person_record_public

# What a resident picks on the public form decides the category staff would have chosen.
TYPE_CATEGORY = {
    Report.Type.NOISE: Report.Category.NUISANCE,
    Report.Type.NEIGHBOUR_DISPUTE: Report.Category.PERSONAL,
    Report.Type.ROWDY_BEHAVIOUR: Report.Category.NUISANCE,
    Report.Type.DRUGS: Report.Category.NUISANCE,
    Report.Type.VEHICLE_NUISANCE: Report.Category.NUISANCE,
    Report.Type.INTIMIDATION: Report.Category.PERSONAL,
    Report.Type.HATE_MOTIVATED: Report.Category.PERSONAL,
    Report.Type.LITTERING: Report.Category.ENVIRONMENTAL,
    Report.Type.WASTE_ACCUMULATION: Report.Category.ENVIRONMENTAL,
    Report.Type.GRAFFITI: Report.Category.ENVIRONMENTAL,
    Report.Type.ANIMAL_NUISANCE: Report.Category.NUISANCE,
    Report.Type.OTHER: Report.Category.NUISANCE,
}
LANGUAGE_UNKNOWN = "Language must be one of the service's languages"
PHOTOS_TOO_MANY = "Send at most {limit} photos with a report"
PHOTO_TYPE = "Photos must be JPG or PNG images"
PHOTO_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png"}


def intake_organisation(short_name: str, *, setting: str) -> Organisation:
    """The organisation that receives what the public send: the active one with this short name
    (named by the setting `setting`), else the first active district council, else the first
    active organisation. Any public intake (reports, case review requests) can use it."""
    active = Organisation.objects.filter(is_active=True)
    short_name = (short_name or "").strip()
    if short_name:
        organisation = active.filter(short_name__iexact=short_name).order_by("pk").first()
        if organisation is None:
            raise ImproperlyConfigured(f"{setting}: no active organisation {short_name!r}")
        return organisation
    organisation = (
        active.filter(kind=Organisation.Kind.DISTRICT_COUNCIL).order_by("name", "pk").first()
        or active.order_by("name", "pk").first()
    )
    if organisation is None:
        raise ImproperlyConfigured(f"{setting}: no organisation to receive what the public send")
    return organisation


def public_intake_organisation() -> Organisation:
    """The organisation whose intake queue receives reports from the public web form."""
    return intake_organisation(
        settings.PUBLIC_REPORTS_ORGANISATION, setting="PUBLIC_REPORTS_ORGANISATION"
    )


@transaction.atomic
def report_receive_public(
    *,
    occurred_at: datetime,
    type: str,
    description: str,
    address: str,
    postcode: str = "",
    uprn: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    language: str,
    happening_now: bool | None = None,
    affected: str = "",
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    consents_to_contact: bool = False,
    photos: Sequence[tuple[bytes, str]] = (),
) -> Report:
    """Record a report a resident sent through the public web form: received via `web`, owned
    by the public intake organisation, recorded by no member of staff (the audit row's actor is
    None, with the request's id), the description kept exactly as typed with the page's language.
    Matched, flagged and given its assessment deadline like any other report; all or nothing."""
    reported_at = timezone.now()
    report = Report(
        organisation=public_intake_organisation(),
        recorded_by=None,
        updated_by=None,
        received_via=Report.ReceivedVia.WEB,
        occurred_at=occurred_at,
        reported_at=reported_at,
        category=TYPE_CATEGORY.get(type, Report.Category.NUISANCE),
        type=type,
        description=description,
        address=address.strip(),
        postcode=postcode.strip().upper(),
        uprn=uprn.strip(),
        latitude=latitude,
        longitude=longitude,
        language=language,
        happening_now=happening_now,
        affected=affected,
        reporter_name=reporter_name.strip(),
        reporter_email=reporter_email.strip(),
        reporter_phone=reporter_phone.strip(),
        reporter_consents_to_contact=consents_to_contact
        and bool(reporter_email.strip() or reporter_phone.strip()),
    )
    errors: dict[str, list[str]] = {}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [LANGUAGE_UNKNOWN]
    _validate(report, [], errors)
    if len(photos) > settings.PUBLIC_PHOTOS_PER_REPORT:
        errors["photos"] = [PHOTOS_TOO_MANY.format(limit=settings.PUBLIC_PHOTOS_PER_REPORT)]
    if any(content_type not in PHOTO_SUFFIX for _, content_type in photos):
        errors.setdefault("photos", []).append(PHOTO_TYPE)
    if errors:
        raise ValidationError(errors)
    stored = _store(
        report,
        actor=None,
        people=lambda errors: _public_reporter(report, affected),
        changes={
            "received_via": Report.ReceivedVia.WEB,
            "language": language,
            "photos": len(photos),
        },
    )
    for content, content_type in photos:
        photo = ReportPhoto(report=stored, content_type=content_type, size=len(content))
        photo.file.save(f"photo{PHOTO_SUFFIX[content_type]}", ContentFile(content), save=False)
        photo.save()
    return stored


def public_name_parts(full_name: str) -> tuple[str, str, str]:
    """(first, last, description) from the one "Full name" box of a public form: the last word
    is the last name; a single word cannot be matched by name, so it becomes a description."""
    words = full_name.split()
    if len(words) >= 2:
        return " ".join(words[:-1]), words[-1], ""
    if words:
        return "", "", f"Gave their name as {words[0]} on the web form"
    return "", "", ""


def _public_reporter(report: Report, affected: str) -> list[tuple[str, Person]]:
    """The web reporter as a person, so repeat-caller detection sees their calls: the existing
    record they evidently are, else a new one; nobody when they stayed anonymous (no name), and
    the victim too when they said it affects them."""
    first, last, description = public_name_parts(report.reporter_name)
    if not (first or description):
        return []
    candidate = PersonData(
        first_name=first, last_name=last, email=report.reporter_email, phone=report.reporter_phone
    )
    person = person_for_public_reporter(candidate) or person_record_public(
        organisation=report.organisation,
        first_name=first,
        last_name=last,
        description=description,
        email=report.reporter_email,
        phone=report.reporter_phone,
    )
    roles = [ReportPerson.Role.REPORTER]
    if affected == Affected.ME:
        roles.append(ReportPerson.Role.VICTIM)
    return [(role, person) for role in roles]
