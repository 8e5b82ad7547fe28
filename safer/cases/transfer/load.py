"""Bringing a caseload in: every row checked before anything is written, then everything written
in one transaction through the case and people services (search keys, flags, audit and case
history as if typed in), or nothing. Rows already brought in (by their reference) are skipped."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safer.audit import services as audit
from safer.cases import legal, services
from safer.cases.models import Case, ImportedRecord, Report
from safer.cases.transfer.layout import (
    CASES,
    CHOICES,
    INTERVENTIONS,
    LIST_SEPARATOR,
    NO,
    PEOPLE,
    REPORTS,
    ROLES,
    YES,
)
from safer.cases.transfer.read import Row
from safer.partners.access import organisation_of
from safer.people.models import Person
from safer.people.services import person_create

REQUIRED = "{where}: is empty"
NOT_A_CHOICE = "{where}: '{value}' is not one of {choices}"
NOT_A_DATE = "{where}: '{value}' is not a date (YYYY-MM-DD)"
NOT_A_TIME = "{where}: '{value}' is not a date and time (YYYY-MM-DDTHH:MM)"
REPEATED = "{where}: reference '{value}' is used by row {first} too"
UNKNOWN_REF = "{where}: '{value}' is not a {kind} in the file nor one brought in before"
BAD_PERSON = "{where}: '{value}' is not 'person reference role' (roles: {roles})"
REJECTED = "{where}: {message}"
KIND = {PEOPLE: ImportedRecord.Kind.PERSON, REPORTS: ImportedRecord.Kind.REPORT}
KIND |= {CASES: ImportedRecord.Kind.CASE, INTERVENTIONS: ImportedRecord.Kind.INTERVENTION}
REF_COLUMN = {PEOPLE: "Person reference", REPORTS: "Report reference", CASES: "Case reference"}
REF_COLUMN[INTERVENTIONS] = "Intervention reference"
ORDER = (PEOPLE, REPORTS, CASES, INTERVENTIONS)
NOT_YES_NO = "{where}: '{value}' is not Yes or No"
NUMBER = "{where}: '{value}' is not a whole number"
REQUIRED_COLUMNS = {
    PEOPLE: ["Person reference"],
    REPORTS: ["Report reference", "Received via", "Happened", "Category", "Type", "Description"],
    CASES: ["Case reference", "Reports"],
    INTERVENTIONS: [
        "Intervention reference",
        "Case reference",
        "Person reference",
        "Type of intervention",
        "Issued",
    ],
}


class ImportRefused(Exception):
    """The file was not brought in; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def choice(row: Row, column: str, problems: list[str]) -> str:
    """The stored value for a label or value in a choice column ('' if empty or wrong)."""
    text = row.values[column]
    if not text:
        return ""
    choices = CHOICES[(row.sheet, column)]
    for value, label in choices.choices:
        if text.lower() in (value.lower(), label.lower()):
            return value
    names = ", ".join(label for _, label in choices.choices)
    problems.append(NOT_A_CHOICE.format(where=row.where(column), value=text, choices=names))
    return ""


def _day(row: Row, column: str, problems: list[str]) -> date | None:
    text = row.values[column]
    if len(text) > 10 and text[10] in "T " and text[11:].strip("0:") == "":
        text = text[:10]  # a date cell of a workbook reads as midnight on that day
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        problems.append(NOT_A_DATE.format(where=row.where(column), value=text))
        return None


def _moment(row: Row, column: str, problems: list[str]) -> datetime | None:
    text = row.values[column]
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        problems.append(NOT_A_TIME.format(where=row.where(column), value=text))
        return None
    if moment and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _known(organisation) -> dict[str, set[str]]:
    known = {kind: set() for kind in ImportedRecord.Kind.values}
    rows = ImportedRecord.objects.filter(organisation=organisation)
    for kind, reference in rows.values_list("kind", "source_reference"):
        known[kind].add(reference)
    return known


def check(sheets: dict[str, list[Row]], organisation) -> tuple[dict, list[str]]:
    """Every row parsed, with every problem found in any row; nothing written."""
    problems: list[str] = []
    known = _known(organisation)
    parsed: dict[str, list[tuple[Row, dict]]] = {sheet: [] for sheet in REF_COLUMN}
    refs: dict[str, dict[str, int]] = {sheet: {} for sheet in REF_COLUMN}
    for sheet in ORDER:
        for row in sheets.get(sheet, []):
            for column in REQUIRED_COLUMNS[sheet]:
                if not row.values[column]:
                    problems.append(REQUIRED.format(where=row.where(column)))
            ref = row.values[REF_COLUMN[sheet]]
            if ref in refs[sheet]:
                where = row.where(REF_COLUMN[sheet])
                problems.append(REPEATED.format(where=where, value=ref, first=refs[sheet][ref]))
            refs[sheet][ref] = row.number
            parsed[sheet].append((row, _parse(row, refs, known, problems)))
    return parsed, problems


def _linked(row, column, value, refs, known, sheet, problems) -> None:
    if value not in refs[sheet] and value not in known[KIND[sheet]]:
        kind = KIND[sheet].label.lower()
        problems.append(UNKNOWN_REF.format(where=row.where(column), value=value, kind=kind))


def _parse(row: Row, refs, known, problems: list[str]) -> dict:
    v = row.values
    if row.sheet == PEOPLE:
        return {
            "first_name": v["First name"],
            "last_name": v["Last name"],
            "description": v["Description"],
            "date_of_birth": _day(row, "Date of birth", problems),
            "phone": v["Phone"],
            "email": v["Email"],
            "address": v["Address"],
            "postcode": v["Postcode"],
        }
    if row.sheet == REPORTS:
        people = []
        for item in _items(v["People involved"]):
            ref, _, role = item.rpartition(" ")
            role = next((r for r, label in ROLES.choices if role.lower() in (r, label.lower())), "")
            if not ref or not role:
                roles = ", ".join(ROLES.values)
                where = row.where("People involved")
                problems.append(BAD_PERSON.format(where=where, value=item, roles=roles))
                continue
            _linked(row, "People involved", ref, refs, known, PEOPLE, problems)
            people.append((ref, role))
        return {
            "received_via": choice(row, "Received via", problems),
            "occurred_at": _moment(row, "Happened", problems),
            "reported_at": _moment(row, "Reported", problems),
            "category": choice(row, "Category", problems),
            "type": choice(row, "Type", problems),
            "description": v["Description"],
            "address": v["Address"],
            "postcode": v["Postcode"],
            "people": people,
        }
    if row.sheet == INTERVENTIONS:
        return _parse_intervention(row, refs, known, problems)
    reports = _items(v["Reports"])
    for ref in reports:
        _linked(row, "Reports", ref, refs, known, REPORTS, problems)
    return {
        "title": v["Title"],
        "kind": choice(row, "Type of case", problems) or Case.Kind.ASB,
        "status": choice(row, "Status", problems) or Case.Status.OPEN,
        "reports": reports,
        "outcome": choice(row, "Outcome", problems),
        "reason": v["Close reason"],
    }


def _parse_intervention(row: Row, refs, known, problems: list[str]) -> dict:
    v = row.values
    for column, sheet in (("Case reference", CASES), ("Person reference", PEOPLE)):
        if v[column]:
            _linked(row, column, v[column], refs, known, sheet, problems)
    kind = next(
        (
            k.value
            for k in legal.InterventionKind
            if v["Type of intervention"].lower() in (k.value, legal.label(k).lower())
        ),
        "",
    )
    if v["Type of intervention"] and not kind:
        where = row.where("Type of intervention")
        names = "the intervention types on the case page"
        problems.append(
            NOT_A_CHOICE.format(where=where, value=v["Type of intervention"], choices=names)
        )
    historical = v["Historical record"].lower()
    if historical not in ("", YES.lower(), NO.lower()):
        problems.append(NOT_YES_NO.format(where=row.where("Historical record"), value=historical))
    hours = None
    if v["Hours"]:
        if v["Hours"].isdigit():
            hours = int(v["Hours"])
        else:
            problems.append(NUMBER.format(where=row.where("Hours"), value=v["Hours"]))
    return {
        "case": v["Case reference"],
        "person": v["Person reference"],
        "kind": kind,
        "applied_on": _day(row, "Applied", problems),
        "issued_on": _day(row, "Issued", problems),
        "served_on": _day(row, "Served", problems),
        "expires_on": _day(row, "Expires", problems),
        "hours": hours,
        "conditions": v["Conditions"],
        "supervisor": v["Supervisor"],
        "historical": historical == YES.lower(),
    }


def import_caseload(*, sheets: dict[str, list[Row]], imported_by, source: str) -> dict[str, int]:
    """Bring the rows in, all or nothing; how many of each kind were created (0 on a re-run)."""
    organisation = organisation_of(imported_by)
    parsed, problems = check(sheets, organisation)
    if problems:
        raise ImportRefused(problems)
    created = {sheet: 0 for sheet in REF_COLUMN}
    with transaction.atomic():
        ids = {
            kind: dict(
                ImportedRecord.objects.filter(organisation=organisation, kind=kind).values_list(
                    "source_reference", "record_id"
                )
            )
            for kind in ImportedRecord.Kind.values
        }
        for sheet in ORDER:
            kind = KIND[sheet]
            for row, fields in parsed[sheet]:
                ref = row.values[REF_COLUMN[sheet]]
                if ref in ids[kind]:
                    continue
                try:
                    record = _create(sheet, fields, ids, imported_by)
                except ValidationError as error:
                    raise ImportRefused(_messages(row, error)) from error
                except PermissionDenied as refused:
                    message = REJECTED.format(where=row.where(), message=refused)
                    raise ImportRefused([message]) from refused
                ImportedRecord.objects.create(
                    organisation=organisation, kind=kind, source_reference=ref, record_id=record.pk
                )
                ids[kind][ref] = record.pk
                created[sheet] += 1
        audit.record(
            actor=imported_by,
            action="caseload.imported",
            changes={"file": source, "created": created},
        )
    return created


def _create(sheet: str, fields: dict, ids: dict, user):
    if sheet == PEOPLE:
        return person_create(created_by=user, **fields)
    if sheet == REPORTS:
        people = [
            services.PersonInput(role=role, person_id=ids[ImportedRecord.Kind.PERSON][ref])
            for ref, role in fields["people"]
        ]
        return services.report_create(recorded_by=user, **{**fields, "people": people})
    if sheet == INTERVENTIONS:
        case = Case.objects.get(pk=ids[ImportedRecord.Kind.CASE][fields["case"]])
        person = Person.objects.get(pk=ids[ImportedRecord.Kind.PERSON][fields["person"]])
        return services.intervention_record(
            **{**fields, "case": case, "person": person, "recorded_by": user}
        )
    reports = list(
        Report.objects.filter(
            pk__in=[ids[ImportedRecord.Kind.REPORT][ref] for ref in fields["reports"]]
        )
    )
    case = services.case_open(
        opened_by=user, reports=reports, title=fields["title"], kind=fields["kind"]
    )
    if fields["status"] == Case.Status.CLOSED:
        case = services.case_close(
            case=case, closed_by=user, outcome=fields["outcome"], reason=fields["reason"]
        )
    elif fields["status"] != Case.Status.OPEN:
        case = services.case_update(
            case=case, changed_by=user, expected_version=None, status=fields["status"]
        )
    return case


def _messages(row: Row, error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [
            REJECTED.format(where=row.where(), message=f"{field}: {message}")
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [REJECTED.format(where=row.where(), message=m) for m in error.messages]
