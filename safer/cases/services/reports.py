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
PERSON_NAME_MISSING = (
    "{person}: enter a first and a last name, choose an existing person, or describe someone "
    "who cannot be named"
)
PERSON_FIRST_NAME_MISSING = "{person}: enter a first name, or describe them if they cannot be named"
PERSON_LAST_NAME_MISSING = "{person}: enter a last name, or describe them if they cannot be named"
PERSON_NOT_FOUND = "No person with this id that you can see"
PERSON_ROLE_INVALID = "Role must be reporter, victim, witness or alleged perpetrator"
SAME_AS_INVALID = "same_as can only be 'reporter'"
SAME_AS_NO_REPORTER = (
    "{person}: there is no reporter to be the same as (add one person as reporter)"
)
SAME_AS_TWO_REPORTERS = "{person}: name one reporter only, so it is clear who is the same as whom"
SAME_AS_WITH_DETAILS = (
    "{person}: give either same_as or the person's details (person_id, names, description), "
    "not both"
)
SAME_AS_REPORTER_ROLE = "{person}: the reporter cannot be the same as the reporter"
CANNOT_RECORD = "Your role does not allow you to record reports"
UPRN_FORMAT = "UPRN must be up to 12 digits"

REPORT_PREFIX = "ASB"


@dataclass
class PersonInput:
    """Someone involved in a report: an existing person, details for a new record (both names,
    or none and a description for someone who cannot be named), or `same_as="reporter"`: the
    reporter again in another role ("the reporter is the victim")."""

    role: str
    person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    description: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    same_as: str | None = None

    @property
    def has_details(self) -> bool:
        return self.person_id is not None or any(
            (self.first_name.strip(), self.last_name.strip(), self.description.strip())
        )


def person_label(index: int, role: str) -> str:
    """How errors name someone in a report's list of people: "Person 2 (alleged perpetrator)"."""
    label = dict(ReportPerson.Role.choices).get(role)
    return f"Person {index + 1} ({label.lower()})" if label else f"Person {index + 1}"


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
    _validate_people(people, errors)
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


def _validate_people(people: list[PersonInput], errors: dict[str, list[str]]) -> None:
    """Each person is someone: errors name them ("Person 2 (alleged perpetrator): ...")."""
    reporters = sum(p.role == ReportPerson.Role.REPORTER and p.same_as is None for p in people)
    for index, person in enumerate(people):
        label = person_label(index, person.role)
        for field, message in _person_problems(person, reporters):
            errors.setdefault(f"people.{index}.{field}", []).append(message.format(person=label))


def _person_problems(person: PersonInput, reporters: int) -> list[tuple[str, str]]:
    problems = []
    if person.role not in ReportPerson.Role.values:
        problems.append(("role", PERSON_ROLE_INVALID))
    if person.same_as is not None:
        if person.same_as != "reporter":
            problems.append(("same_as", SAME_AS_INVALID))
        elif person.role == ReportPerson.Role.REPORTER:
            problems.append(("same_as", SAME_AS_REPORTER_ROLE))
        elif person.has_details:
            problems.append(("same_as", SAME_AS_WITH_DETAILS))
        elif reporters != 1:
            problems.append(
                ("same_as", SAME_AS_NO_REPORTER if not reporters else SAME_AS_TWO_REPORTERS)
            )
        return problems
    if person.person_id is not None:
        return problems
    first, last = bool(person.first_name.strip()), bool(person.last_name.strip())
    if first and not last:
        problems.append(("last_name", PERSON_LAST_NAME_MISSING))
    elif last and not first:
        problems.append(("first_name", PERSON_FIRST_NAME_MISSING))
    elif not (first or person.description.strip()):
        problems.append(("first_name", PERSON_NAME_MISSING))
    return problems


def _people(recorded_by, people: list[PersonInput], errors) -> list[tuple[str, Person]]:
    """The (role, person) pairs: existing people looked up, new ones recorded, and anyone
    `same_as` the reporter given the reporter's record."""
    resolved = []
    reporter = None
    for index, spec in enumerate(people):
        if spec.same_as is not None:
            continue
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
                    description=spec.description,
                    date_of_birth=spec.date_of_birth,
                    phone=spec.phone,
                    email=spec.email,
                    address=spec.address,
                    postcode=spec.postcode,
                )
            except ValidationError as error:
                label = person_label(index, spec.role)
                for field, messages in error.message_dict.items():
                    errors.setdefault(f"people.{index}.{field}", []).extend(
                        f"{label}: {message}" for message in messages
                    )
                continue
            resolved.append((spec.role, person))
        if spec.role == ReportPerson.Role.REPORTER:
            reporter = resolved[-1][1]
    if reporter is not None:
        resolved += [(spec.role, reporter) for spec in people if spec.same_as is not None]
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
    return _store(
        report,
        actor=recorded_by,
        people=lambda errors: _people(recorded_by, people, errors),
    )


def _store(report: Report, *, actor, people, changes: dict | None = None) -> Report:
    """Number, key, flag and save a validated report with its people (`people(errors)` gives
    the (role, person) pairs), set its assessment deadline, and audit it; shared by every way a
    report comes in, so each is matched and flagged alike."""
    errors: dict[str, list[str]] = {}
    # The reference comes first: its counter row lock must be taken before any audit row is
    # written (the audit chain's lock is held to commit), or two intakes could deadlock.
    report.reference = next_reference(
        REPORT_PREFIX, year=timezone.localtime(report.reported_at).year
    )
    resolved = people(errors)
    if errors:  # raising rolls back the person records created above and the reference
        raise ValidationError(errors)
    report.location_key = location_key(
        uprn=report.uprn, address=report.address, postcode=report.postcode
    )
    report.assessment_due = add_working_days(
        timezone.localtime(report.reported_at).date(), settings.RISK_ASSESSMENT_DUE_WORKING_DAYS
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
        ReportPerson(report=report, person=person, role=role, reported_at=report.reported_at)
        for role, person in involved
    )
    audit.record(
        actor=actor,
        action="report.created",
        target=report,
        changes={"flags": report.flags, "people": len(resolved), **(changes or {})},
        organisation=report.organisation,
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
