"""Recording reports: validation, the people involved, repeat flags, audit."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.cases.models import Report, ReportPerson
from safer.cases.repeats import report_flags
from safer.cases.services.common import bump_version, next_reference, require_change, timeline
from safer.cases.services.search import (
    case_search_refresh,
    person_search_refresh,
    report_search_refresh,
    report_words,
)
from safer.cases.working_days import add_working_days
from safer.partners.access import has_capability, organisation_of
from safer.partners.roles import Capability
from safer.people.access import access_person
from safer.people.models import Person
from safer.people.services import person_create

OCCURRED_IN_FUTURE = "The date and time it happened must be in the past"
OCCURRED_AFTER_REPORTED = "The date and time it happened must be before it was reported"
LOCATION_MISSING = "Enter where it happened: an address, or a latitude and longitude"
LATITUDE_RANGE = "Latitude must be between -90 and 90"
LONGITUDE_RANGE = "Longitude must be between -180 and 180"
LATLONG_PAIR = "Enter both latitude and longitude, or neither"
DESCRIPTION_MISSING = "Describe what happened"
PERSON_NAME_MISSING = "Enter the person's first and last name, or choose an existing person"
PERSON_NOT_FOUND = "No person with this id that you can see"
PERSON_ROLE_INVALID = "Role must be reporter, victim, witness or alleged perpetrator"
CANNOT_RECORD = "Your role does not allow you to record reports"
UPRN_FORMAT = "UPRN must be up to 12 digits"

REPORT_PREFIX = "ASB"


@dataclass
class PersonInput:
    """Someone involved in a report: an existing person, or details for a new record."""

    role: str
    person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


def location_key(*, uprn: str, address: str, postcode: str) -> str:
    """The same place written differently gives the same key (UPRN first, then address)."""
    if uprn:
        return f"uprn:{uprn}"
    squashed = re.sub(r"[^a-z0-9]+", " ", address.lower()).strip()
    code = postcode.replace(" ", "").upper()
    return f"{code}|{squashed}" if squashed or code else ""


def _validate(report: Report, people: list[PersonInput], errors: dict[str, list[str]]) -> None:
    now = timezone.now()
    if report.occurred_at and report.occurred_at > now:
        errors.setdefault("occurred_at", []).append(OCCURRED_IN_FUTURE)
    elif report.occurred_at and report.reported_at and report.occurred_at > report.reported_at:
        errors.setdefault("occurred_at", []).append(OCCURRED_AFTER_REPORTED)
    has_point = report.latitude is not None and report.longitude is not None
    if (report.latitude is None) != (report.longitude is None):
        errors.setdefault("location.latitude", []).append(LATLONG_PAIR)
    if report.latitude is not None and not -90 <= report.latitude <= 90:
        errors.setdefault("location.latitude", []).append(LATITUDE_RANGE)
    if report.longitude is not None and not -180 <= report.longitude <= 180:
        errors.setdefault("location.longitude", []).append(LONGITUDE_RANGE)
    if not report.address.strip() and not has_point:
        errors.setdefault("location.address", []).append(LOCATION_MISSING)
    if report.uprn and not (report.uprn.isdigit() and len(report.uprn) <= 12):
        errors.setdefault("location.uprn", []).append(UPRN_FORMAT)
    if not report.description.strip():
        errors.setdefault("description", []).append(DESCRIPTION_MISSING)
    for index, person in enumerate(people):
        if person.role not in ReportPerson.Role.values:
            errors.setdefault(f"people.{index}.role", []).append(PERSON_ROLE_INVALID)
        if person.person_id is None and not (
            person.first_name.strip() and person.last_name.strip()
        ):
            errors.setdefault(f"people.{index}.first_name", []).append(PERSON_NAME_MISSING)
    try:
        report.full_clean(
            exclude=[
                "organisation",
                "recorded_by",
                "updated_by",
                "reference",
                "location_key",
                "assessment_due",
            ]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _people(recorded_by, people: list[PersonInput], errors) -> list[tuple[str, Person]]:
    resolved = []
    for index, spec in enumerate(people):
        if spec.person_id is not None:
            try:
                person = access_person(recorded_by, spec.person_id)
            except Exception:  # Http404: never say whether an unseen person exists
                errors.setdefault(f"people.{index}.person_id", []).append(PERSON_NOT_FOUND)
                continue
            resolved.append((spec.role, person))
        else:
            try:
                person = person_create(
                    created_by=recorded_by,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    date_of_birth=spec.date_of_birth,
                    phone=spec.phone,
                    email=spec.email,
                    address=spec.address,
                    postcode=spec.postcode,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(f"people.{index}.{field}", []).extend(messages)
                continue
            resolved.append((spec.role, person))
    return resolved


@transaction.atomic
def report_create(
    *,
    recorded_by,
    received_via: str,
    occurred_at: datetime,
    category: str,
    type: str,
    description: str,
    address: str = "",
    postcode: str = "",
    uprn: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    people: list[PersonInput] | None = None,
    reported_at: datetime | None = None,
) -> Report:
    """Record a report with the people involved, flag repeats, and set its assessment deadline.

    All or nothing: any invalid field refuses the whole report and stores nothing.
    """
    if not has_capability(recorded_by, Capability.EDIT_RECORDS):
        raise PermissionDenied(CANNOT_RECORD)
    people = people or []
    reported_at = reported_at or timezone.now()
    report = Report(
        organisation=organisation_of(recorded_by),
        recorded_by=recorded_by,
        updated_by=recorded_by,
        received_via=received_via,
        occurred_at=occurred_at,
        reported_at=reported_at,
        category=category,
        type=type,
        description=description.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
        uprn=uprn.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    errors: dict[str, list[str]] = {}
    _validate(report, people, errors)
    if errors:
        raise ValidationError(errors)
    # The reference comes first: its counter row lock must be taken before any audit row is
    # written (the audit chain's lock is held to commit), or two intakes could deadlock.
    report.reference = next_reference(REPORT_PREFIX, year=timezone.localtime(reported_at).year)
    resolved = _people(recorded_by, people, errors)
    if errors:  # raising rolls back the person records created above and the reference
        raise ValidationError(errors)
    report.location_key = location_key(
        uprn=report.uprn, address=report.address, postcode=report.postcode
    )
    report.assessment_due = add_working_days(
        timezone.localtime(reported_at).date(), settings.RISK_ASSESSMENT_DUE_WORKING_DAYS
    )
    involved = list(dict.fromkeys(resolved))
    # Flags first, counting this report as if stored, so the report is written once.
    report.flags = report_flags(report, people=involved, pending=True)
    report.search_terms = report_words(
        reference=report.reference,
        address=report.address,
        postcode=report.postcode,
        names=[(person.first_name, person.last_name) for _, person in involved],
    )
    report.save()
    ReportPerson.objects.bulk_create(
        ReportPerson(report=report, person=person, role=role, reported_at=reported_at)
        for role, person in involved
    )
    audit.record(
        actor=recorded_by,
        action="report.created",
        target=report,
        changes={"flags": report.flags, "people": len(resolved)},
    )
    return report


@transaction.atomic
def report_refresh_flags(*, report: Report) -> list[str]:
    """Recompute a report's flags after its data, or its people's, changed."""
    flags = report_flags(report)
    if flags != report.flags:
        report.flags = flags
        report.save(update_fields=["flags"])
        if report.case_id:
            timeline(
                report.case,
                actor=None,
                kind="flags",
                summary=f"{report} flags: {', '.join(flags) or 'none'}",
            )
    return flags


def person_changed(*, person, changed: list[str]) -> None:
    """A person's details changed: their cases' search words and their reports' flags
    (vulnerability, under 18) may too. A merge counts as a change of every field."""
    if {"first_name", "last_name", "merged"} & set(changed):
        person_search_refresh(person)
    if not {"vulnerability_notes", "date_of_birth", "merged"} & set(changed):
        return
    for report in Report.objects.filter(involvements__person=person).distinct():
        report_refresh_flags(report=report)


REPORT_EDITABLE = (
    "received_via",
    "occurred_at",
    "category",
    "type",
    "description",
    "address",
    "postcode",
    "uprn",
    "latitude",
    "longitude",
)


@transaction.atomic
def report_update(*, report: Report, changed_by, expected_version: int | None, **fields) -> Report:
    """Correct a report; refused if someone saved it since it was read. Flags are recomputed."""
    require_change(changed_by, report)
    unknown = set(fields) - set(REPORT_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changed = {name: value for name, value in fields.items() if getattr(report, name) != value}
    for name, value in changed.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    _validate(report, [], errors)
    if errors:
        raise ValidationError(errors)
    bump_version(report, by=changed_by, expected_version=expected_version)
    if not changed:
        return report
    report.postcode = report.postcode.upper()
    report.location_key = location_key(
        uprn=report.uprn, address=report.address, postcode=report.postcode
    )
    report.save(update_fields=[*changed, "location_key"])
    report_refresh_flags(report=report)
    if {"address", "postcode"} & set(changed):
        report_search_refresh([report.pk])
        if report.case_id:
            case_search_refresh([report.case_id])
    audit.record(
        actor=changed_by,
        action="report.changed",
        target=report,
        changes={name: ["(changed)", "(changed)"] for name in changed},
    )
    if report.case_id:
        timeline(report.case, actor=changed_by, kind="report", summary=f"Report {report} corrected")
    return report
