"""Case lifecycle: open, attach reports, share, update, plan, notes, documents, close."""

import mimetypes
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from safer import audit
from safer.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseTask,
    Report,
    ReportPerson,
    RiskAssessment,
)
from safer.cases.services.common import (
    bump_version,
    next_reference,
    require_change,
    require_contribute,
    timeline,
)
from safer.cases.services.risk import _band_max, case_review_due
from safer.cases.services.search import case_search_refresh
from safer.partners.access import can_change, can_share, has_capability, organisation_of
from safer.partners.models import Organisation
from safer.partners.roles import Capability
from safer.partners.services import SHARE_NOT_ALLOWED, record_share, record_unshare
from safer.people.models import Person

NO_REPORTS = "Choose at least one report to open a case from"
REPORT_IN_OTHER_CASE = "Report {reference} is already part of open case {case}"
REPORT_NOT_YOURS = "Report {reference} belongs to another organisation: ask them to open the case"
CASE_CLOSED = "This case is closed"
CASE_ALREADY_CLOSED = "This case is already closed"
OUTCOME_MISSING = "Choose the outcome from the list"
REASON_MISSING = "Enter the reason for closing the case"
STATUS_INVALID = "Choose a status from the list"
LEAD_NOT_MEMBER = "The lead officer must work for the organisation that owns the case"
TASK_DESCRIPTION_MISSING = "Describe the task"
NOTE_MISSING = "Enter the note"
NOTE_CONTACT_TYPE = "Choose how the contact was made"
NOTE_IN_FUTURE = "The date of the contact must be today or in the past"
TASK_OWNER_CANNOT_SEE = (
    "Give the task to someone who works on cases in an organisation that can see this case"
)
NOT_SHARED = "This case is not shared with that organisation"
HANDOVER_SAME = "That organisation already leads this case"
DOCUMENT_TOO_BIG = "The file must be smaller than {mb} MB"
DOCUMENT_TYPE = "The file must be a PDF, Word document, spreadsheet, text file, email or image"
DOCUMENT_EMPTY = "The selected file is empty"
CANNOT_OPEN = "Your role does not allow you to open cases"

ALLOWED_DOCUMENTS = {
    ".pdf": ("application/pdf",),
    ".doc": ("application/msword",),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ".odt": ("application/vnd.oasis.opendocument.text",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    ".csv": ("text/csv",),
    ".txt": ("text/plain",),
    ".eml": ("message/rfc822",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".png": ("image/png",),
}
# The first bytes each type must start with, so a renamed executable is refused.
MAGIC = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def _check_report_free(report: Report, case: Case | None = None) -> str | None:
    if report.case_id and report.case_id != getattr(case, "pk", None) and report.case.is_open:
        return REPORT_IN_OTHER_CASE.format(reference=report.reference, case=report.case.reference)
    return None


@transaction.atomic
def case_open(
    *,
    opened_by,
    reports: list[Report],
    title: str = "",
    kind: str = Case.Kind.ASB,
    lead_officer=None,
) -> Case:
    """Open a case from reports the opener's organisation owns; risk follows the reports."""
    if not has_capability(opened_by, Capability.EDIT_RECORDS):
        raise PermissionDenied(CANNOT_OPEN)
    if not reports:
        raise ValidationError({"report_ids": NO_REPORTS})
    errors = []
    for report in reports:
        if not can_change(opened_by, report):
            errors.append(REPORT_NOT_YOURS.format(reference=report.reference))
        elif problem := _check_report_free(report):
            errors.append(problem)
    if errors:
        raise ValidationError({"report_ids": errors})
    first = min(reports, key=lambda r: r.reported_at)
    case = Case(
        organisation=organisation_of(opened_by),
        reference=next_reference("CASE"),
        kind=kind,
        title=(title.strip() or f"{first.get_type_display()} at {first.address or first.postcode}")[
            :200
        ],
        risk=_band_max(*(r.risk for r in reports)),
        lead_officer=lead_officer or opened_by,
        updated_by=opened_by,
    )
    case.full_clean(exclude=["organisation", "lead_officer", "updated_by"])
    case.save()
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(case=case)
    ReportPerson.objects.filter(report__in=reports).update(case=case)
    case_search_refresh([case.pk])
    latest = (
        RiskAssessment.objects.filter(report__case=case)
        .select_related("questionnaire")
        .order_by("-assessed_at", "-pk")
        .first()
    )
    if latest:
        case.next_review_due = case_review_due(case, latest)
        case.save(update_fields=["next_review_due"])
    timeline(
        case,
        actor=opened_by,
        kind="opened",
        summary=f"Case opened from {', '.join(r.reference for r in reports)}",
    )
    audit.record(
        actor=opened_by,
        action="case.opened",
        target=case,
        changes={"reports": [r.reference for r in reports], "risk": case.risk},
    )
    return case


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


@transaction.atomic
def case_attach_report(*, case: Case, report: Report, attached_by) -> Case:
    """Add a report to an open case; the case's risk rises if the report's is higher."""
    require_change(attached_by, case)
    _require_open(case)
    if not can_change(attached_by, report):
        raise ValidationError({"report_id": REPORT_NOT_YOURS.format(reference=report.reference)})
    if problem := _check_report_free(report, case):
        raise ValidationError({"report_id": problem})
    if report.case_id == case.pk:
        return case
    report.case = case
    report.save(update_fields=["case"])
    report.involvements.update(case=case)
    _share_reports_and_people(
        case=case, reports=[report], organisations=case.shared_with.all(), shared_by=attached_by
    )
    case_search_refresh([case.pk])
    old = case.risk
    case.risk = _band_max(case.risk, report.risk)
    case.save(update_fields=["risk", "updated_at"])
    timeline(case, actor=attached_by, kind="report", summary=f"Report {report} added")
    audit.record(
        actor=attached_by,
        action="case.report_attached",
        target=case,
        changes={"report": report.reference, "risk": [old, case.risk]},
    )
    return case


def _share_reports_and_people(*, case: Case, reports, organisations, shared_by) -> None:
    """Share these reports of the case, and the people the case's organisation holds in them,
    with each organisation: a partner given a case sees everything attached to it, whenever it
    was attached."""
    for organisation in organisations:
        for report in reports:
            if (
                report.organisation_id != organisation.pk
                and not report.shared_with.filter(pk=organisation.pk).exists()
                and can_share(shared_by, report)
            ):
                record_share(record=report, organisation=organisation, shared_by=shared_by)
            for involvement in report.involvements.select_related("person"):
                person = involvement.person
                if (
                    person.organisation_id != organisation.pk
                    and person.organisation_id == case.organisation_id
                    and not person.shared_with.filter(pk=organisation.pk).exists()
                    and can_share(shared_by, person)
                ):
                    record_share(record=person, organisation=organisation, shared_by=shared_by)


@transaction.atomic
def case_share(*, case: Case, organisation: Organisation, shared_by) -> bool:
    """Share a case with a partner, and with it its reports and the people in them."""
    shared = record_share(record=case, organisation=organisation, shared_by=shared_by)
    _share_reports_and_people(
        case=case, reports=case.reports.all(), organisations=[organisation], shared_by=shared_by
    )
    if shared:
        timeline(case, actor=shared_by, kind="shared", summary=f"Shared with {organisation.name}")
    return shared


@transaction.atomic
def case_unshare(*, case: Case, organisation: Organisation, unshared_by) -> bool:
    """Withdraw a share: the partner no longer sees the case or the reports it was given with
    it. What the partner added (notes, tasks, documents, interventions) stays with the case."""
    if not can_share(unshared_by, case):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    if not case.shared_with.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": NOT_SHARED})
    record_unshare(record=case, organisation=organisation, unshared_by=unshared_by)
    still_shared = Case.objects.filter(shared_with=organisation).exclude(pk=case.pk)
    for report in case.reports.filter(shared_with=organisation):
        if can_share(unshared_by, report):
            record_unshare(record=report, organisation=organisation, unshared_by=unshared_by)
    # A person stays shared while another case shared with the partner involves them.
    people = ReportPerson.objects.filter(report__case=case).values("person_id")
    kept = ReportPerson.objects.filter(report__case__in=still_shared).values("person_id")
    for person in (
        Person.objects.filter(pk__in=people, shared_with=organisation)
        .exclude(pk__in=kept)
        .distinct()
    ):
        if can_share(unshared_by, person):
            record_unshare(record=person, organisation=organisation, unshared_by=unshared_by)
    timeline(
        case,
        actor=unshared_by,
        kind="shared",
        summary=f"No longer shared with {organisation.name}",
    )
    return True


@transaction.atomic
def case_lead_handover(*, case: Case, organisation: Organisation, handed_over_by) -> Case:
    """Hand the lead of a case to a partner: it owns the case from now on (and so closes it,
    chooses its lead officer and shares it), and the previous owner keeps seeing it and adding to
    it. The reports stay with the organisations that recorded them, shared with the new lead."""
    if not can_share(handed_over_by, case):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    _require_open(case)
    if organisation.pk == case.organisation_id:
        raise ValidationError({"organisation": HANDOVER_SAME})
    if not organisation.is_active:
        raise ValidationError({"organisation": "That organisation is no longer active"})
    previous = case.organisation
    _share_reports_and_people(
        case=case,
        reports=case.reports.all(),
        organisations=[organisation],
        shared_by=handed_over_by,
    )
    case.shared_with.remove(organisation)
    case.shared_with.add(previous)
    case.organisation = organisation
    case.lead_officer = None
    case.save(update_fields=["organisation", "lead_officer", "updated_at"])
    timeline(
        case,
        actor=handed_over_by,
        kind="lead_agency",
        summary=f"Lead agency handed from {previous.name} to {organisation.name}",
    )
    audit.record(
        actor=handed_over_by,
        action="case.lead_handed_over",
        target=case,
        changes={"organisation": [previous.name, organisation.name]},
    )
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    changed_by,
    expected_version: int | None,
    status: str | None = None,
    title: str | None = None,
    lead_officer=None,
) -> Case:
    """Change a case's status, title or lead; refused if someone saved it since it was read."""
    require_change(changed_by, case)
    _require_open(case)
    changes = {}
    if status is not None and status != case.status:
        if status not in Case.Status.values or status == Case.Status.CLOSED:
            raise ValidationError({"status": STATUS_INVALID})
        changes["status"] = [case.status, status]
        case.status = status
    if title is not None and title.strip() and title.strip() != case.title:
        changes["title"] = [case.title, title.strip()]
        case.title = title.strip()[:200]
    if lead_officer is not None and lead_officer.pk != case.lead_officer_id:
        if organisation_of(lead_officer) != case.organisation:
            raise ValidationError({"lead_officer": LEAD_NOT_MEMBER})
        changes["lead_officer"] = [case.lead_officer_id, lead_officer.pk]
        case.lead_officer = lead_officer
    bump_version(case, by=changed_by, expected_version=expected_version)
    if not changes:
        return case
    case.save(update_fields=["status", "title", "lead_officer"])
    if "title" in changes:
        case_search_refresh([case.pk])
    for field, (before, after) in changes.items():
        timeline(
            case,
            actor=changed_by,
            kind=field,
            summary=_change_summary(field, before, after),
        )
    if "title" in changes:  # titles name people: the log (read by administrators) says only that
        changes["title"] = ["(changed)", "(changed)"]
    audit.record(actor=changed_by, action="case.changed", target=case, changes=changes)
    return case


def _change_summary(field: str, before, after) -> str:
    """A timeline line that says from what to what ("Status changed from Open to Action")."""
    if field == "status":
        before, after = Case.Status(before).label, Case.Status(after).label
    elif field == "lead_officer":
        users = get_user_model().objects.filter(pk__in=[before, after])
        names = {u.pk: u.display_name for u in users}
        before, after = names.get(before, "nobody"), names.get(after, "nobody")
    else:
        before, after = f"“{before}”", f"“{after}”"
    return f"{field.replace('_', ' ').capitalize()} changed from {before} to {after}"


@transaction.atomic
def case_close(
    *, case: Case, closed_by, outcome: str, reason: str, expected_version: int | None = None
) -> Case:
    """Close an open case, recording its outcome and why."""
    require_change(closed_by, case)
    if not case.is_open:
        raise ValidationError(CASE_ALREADY_CLOSED)
    errors = {}
    if outcome not in Case.Outcome.values:
        errors["outcome"] = OUTCOME_MISSING
    if not reason.strip():
        errors["reason"] = REASON_MISSING
    if errors:
        raise ValidationError(errors)
    bump_version(case, by=closed_by, expected_version=expected_version)
    old = case.status
    case.status, case.outcome, case.close_reason = Case.Status.CLOSED, outcome, reason.strip()
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "close_reason", "closed_at"])
    timeline(
        case,
        actor=closed_by,
        kind="closed",
        summary=f"Case closed ({Case.Status(old).label} to Closed): {case.get_outcome_display()}",
    )
    audit.record(
        actor=closed_by,
        action="case.closed",
        target=case,
        changes={"status": [old, case.status], "outcome": case.outcome},
    )
    for hook in settings.CASE_CLOSED_HOOKS:  # another app's follow-up (the survey offer)
        import_string(hook)(case, closed_by)
    return case


def task_owners(case: Case):
    """Who a task may be given to: active staff whose role works on cases (not administrators,
    analysts or viewers), of the case's organisation or one it is shared with."""
    from safer.partners.models import Membership
    from safer.partners.roles import ROLE_CAPABILITIES

    casework_roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.EDIT_RECORDS in caps]
    organisations = [case.organisation_id, *case.shared_with.values_list("pk", flat=True)]
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__organisation_id__in=organisations,
            membership__role__in=casework_roles,
            membership__approval=Membership.Approval.APPROVED,
        )
        .select_related("membership__organisation")
        .order_by("membership__organisation__name", "first_name", "last_name", "username")
    )


@transaction.atomic
def case_task_add(
    *, case: Case, added_by, description: str, owner=None, due_on: date | None = None
) -> CaseTask:
    """Add an action to the case's plan (the owner's or a partner's), for anyone who can see
    the case and works on cases."""
    require_contribute(added_by, case)
    _require_open(case)
    errors = {}
    if not description.strip():
        errors["description"] = TASK_DESCRIPTION_MISSING
    if owner is not None and not task_owners(case).filter(pk=owner.pk).exists():
        errors["owner"] = TASK_OWNER_CANNOT_SEE
    if errors:
        raise ValidationError(errors)
    task = CaseTask.objects.create(
        case=case,
        organisation=organisation_of(added_by),
        description=description.strip()[:300],
        owner=owner,
        due_on=due_on,
    )
    timeline(case, actor=added_by, kind="task", summary=f"Task added: {task.description}")
    audit.record(actor=added_by, action="case.task_added", target=case, changes={"task": task.pk})
    return task


@transaction.atomic
def case_task_complete(*, task: CaseTask, completed_by) -> CaseTask:
    """Mark an action done (anyone who may add to the case: a partner completes its tasks)."""
    require_contribute(completed_by, task.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        timeline(
            task.case, actor=completed_by, kind="task", summary=f"Task done: {task.description}"
        )
        audit.record(
            actor=completed_by, action="case.task_done", target=task.case, changes={"task": task.pk}
        )
    return task


@transaction.atomic
def case_note_add(
    *,
    case: Case,
    author,
    text: str,
    contact_type: str = CaseNote.ContactType.OTHER,
    contacted_at=None,
) -> CaseNote:
    """Add a note of contact or work to the case, the owner's or a partner's (notes are kept,
    never edited); the contact may have happened before the note is written."""
    require_contribute(author, case)
    errors = {}
    if not text.strip():
        errors["text"] = NOTE_MISSING
    if contact_type not in CaseNote.ContactType.values:
        errors["contact_type"] = NOTE_CONTACT_TYPE
    contacted_at = contacted_at or timezone.now()
    if contacted_at > timezone.now():
        errors["contacted_at"] = NOTE_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    note = CaseNote.objects.create(
        case=case,
        author=author,
        organisation=organisation_of(author),
        contact_type=contact_type,
        contacted_at=contacted_at,
        text=text.strip(),
    )
    timeline(
        case,
        actor=author,
        kind="note",
        summary=f"Note added ({note.get_contact_type_display().lower()})",
    )
    audit.record(actor=author, action="case.note_added", target=case, changes={"note": note.pk})
    return note


def _suffix(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def document_problem(upload: UploadedFile) -> str | None:
    """Why an upload is refused (size, extension, declared type or first bytes), or None."""
    max_bytes = settings.CASE_DOCUMENT_MAX_MB * 1024 * 1024
    if upload.size == 0:
        return DOCUMENT_EMPTY
    if upload.size > max_bytes:
        return DOCUMENT_TOO_BIG.format(mb=settings.CASE_DOCUMENT_MAX_MB)
    suffix = _suffix(upload.name or "")
    if suffix not in ALLOWED_DOCUMENTS:
        return DOCUMENT_TYPE
    head = upload.read(8)
    upload.seek(0)
    if suffix in MAGIC and not any(head.startswith(m) for m in MAGIC[suffix]):
        return DOCUMENT_TYPE
    if b"\x00" in head and suffix in (".txt", ".csv", ".eml"):
        return DOCUMENT_TYPE
    return None


@transaction.atomic
def case_document_add(
    *, case: Case, uploaded_by, upload: UploadedFile, description: str = ""
) -> CaseDocument:
    """Keep a document with the case (the owner's or a partner's), after checking its size and
    type."""
    [document] = case_documents_file(
        case=case,
        filed_by=uploaded_by,
        uploads=[upload],
        description=description,
        summary=f"Document added: {upload.name[-200:]}",
    )
    return document


@transaction.atomic
def case_documents_file(
    *,
    case: Case,
    filed_by,
    uploads: list[UploadedFile],
    description: str = "",
    summary: str,
    kind: str = "document",
) -> list[CaseDocument]:
    """Keep files with the case under one timeline line (an upload, or a letter's Word and PDF
    copies), each checked as an upload is; all are recorded or none."""
    require_contribute(filed_by, case)
    for upload in uploads:
        if problem := document_problem(upload):
            raise ValidationError({"file": problem})
    documents = []
    for upload in uploads:
        suffix = _suffix(upload.name)
        content_type = ALLOWED_DOCUMENTS[suffix][0] or mimetypes.guess_type(upload.name)[0]
        document = CaseDocument(
            case=case,
            uploaded_by=filed_by,
            organisation=organisation_of(filed_by),
            original_name=upload.name[-200:],
            content_type=content_type,
            size=upload.size,
            description=description.strip()[:200],
        )
        document.file.save(f"document{suffix}", upload, save=False)
        document.save()
        documents.append(document)
    timeline(case, actor=filed_by, kind=kind, summary=summary)
    for document in documents:
        audit.record(
            actor=filed_by,
            action="case.document_added",
            target=case,
            changes={"document": document.pk},
        )
    return documents
