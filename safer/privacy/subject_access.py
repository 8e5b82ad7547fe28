"""The subject access export: everything held about one person, as a zip of a PDF and JSON.

For the data protection officer, who reviews it before it is disclosed (UK GDPR Art. 15):

- the person's record (and any duplicate records merged into it), their vulnerabilities;
- every report they are in, with their part; other people in it appear as "third party";
- the cases those reports belong to, with outcomes and the documents filed on them. Every
  document is listed; its file is included only when the case is about the subject alone (no
  one else is named in its reports), since other files may hold third parties' data and need
  redacting by hand first;
- interventions recorded against them;
- who looked at or changed their record, from the audit log;
- the data protection requests already recorded for them.

Free text (descriptions, reasons) is given as recorded: the officer checks it for third
parties' data. The export itself is audited.
"""

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from safer.audit import services as audit
from safer.audit.models import AuditEvent
from safer.cases.models import Case, CaseDocument, Intervention, Report, ReportPerson
from safer.core.tagged_pdf import LANGUAGE, html_to_tagged_pdf
from safer.people.models import Person
from safer.people.services import EDITABLE_FIELDS
from safer.privacy.models import DataRequest

THIRD_PARTY = "third party"
PERSON_FIELDS = (*EDITABLE_FIELDS, "created_at", "updated_at")


def _records_of(person: Person) -> list[int]:
    """The person's id and those of records merged into theirs, however deep."""
    ids, pending = [person.pk], [person.pk]
    while pending:
        pending = list(Person.objects.filter(merged_into__in=pending).values_list("pk", flat=True))
        ids += pending
    return ids


def _report_entry(report: Report, ids: set[int]) -> dict:
    people = [
        {
            "role": involvement.get_role_display(),
            "name": involvement.person.full_name if involvement.person_id in ids else THIRD_PARTY,
            "is_subject": involvement.person_id in ids,
        }
        for involvement in report.involvements.all()
    ]
    return {
        "reference": report.reference,
        "reported_at": report.reported_at,
        "occurred_at": report.occurred_at,
        "received_via": report.get_received_via_display(),
        "type": report.get_type_display(),
        "category": report.get_category_display(),
        "description": report.description,
        "address": report.address,
        "postcode": report.postcode,
        "case": report.case.reference if report.case_id else None,
        "subject_roles": sorted({p["role"] for p in people if p["is_subject"]}),
        "people": people,
    }


def _document_entry(document: CaseDocument, *, included: bool) -> dict:
    return {
        "id": document.pk,
        "name": document.original_name,
        "description": document.description,
        "content_type": document.content_type,
        "size": document.size,
        "filed_at": document.created_at,
        "file_included": included,
        "file": f"documents/{document.pk}-{PurePosixPath(document.original_name).name}"
        if included
        else None,
    }


def subject_access_data(person: Person) -> tuple[dict, list[CaseDocument]]:
    """The export's content, and the documents whose files go in the zip."""
    ids = _records_of(person)
    id_set = set(ids)
    records = Person.objects.filter(pk__in=ids).prefetch_related("vulnerabilities")
    reports = (
        Report.objects.filter(involvements__person__in=ids)
        .distinct()
        .select_related("case")
        .prefetch_related("involvements__person")
        .order_by("reported_at", "pk")
    )
    cases = (
        Case.objects.filter(reports__involvements__person__in=ids)
        .distinct()
        .prefetch_related("documents")
        .order_by("opened_at", "pk")
    )
    others_in = set(
        ReportPerson.objects.filter(case__in=cases)
        .exclude(person__in=ids)
        .values_list("case_id", flat=True)
    )
    files: list[CaseDocument] = []
    case_entries = []
    for case in cases:
        alone = case.pk not in others_in
        documents = []
        for document in case.documents.all():
            documents.append(_document_entry(document, included=alone))
            if alone:
                files.append(document)
        case_entries.append(
            {
                "reference": case.reference,
                "kind": case.get_kind_display(),
                "title": case.title,
                "status": case.get_status_display(),
                "opened_at": case.opened_at,
                "closed_at": case.closed_at,
                "outcome": case.get_outcome_display() if case.outcome else "",
                "close_reason": case.close_reason,
                "documents": documents,
            }
        )
    interventions = Intervention.objects.filter(person__in=ids).select_related("case")
    views = AuditEvent.objects.filter(target_type="people.person", target_id__in=map(str, ids))
    data = {
        "generated_at": timezone.now(),
        "person_id": person.pk,
        "records": [
            {
                "id": record.pk,
                **{name: getattr(record, name) for name in PERSON_FIELDS},
                "organisation": record.organisation.name,
                "merged_into": record.merged_into_id,
                "vulnerabilities": [
                    {"summary": v.summary, "found_on": v.found_on, "source": v.source_reference}
                    for v in record.vulnerabilities.all()
                ],
            }
            for record in records.select_related("organisation")
        ],
        "reports": [_report_entry(report, id_set) for report in reports],
        "cases": case_entries,
        "interventions": [
            {
                "kind": intervention.kind_label,
                "status": intervention.get_status_display(),
                "case": intervention.case.reference,
                "issued_on": intervention.issued_on,
                "expires_on": intervention.expires_on,
                "ended_on": intervention.ended_on,
                "conditions": intervention.conditions,
            }
            for intervention in interventions
        ],
        "record_accessed_by": [
            {
                "when": event.occurred_at,
                "who": event.actor_username or "the system",
                "organisation": event.organisation_name,
                "action": event.action,
            }
            for event in views
        ],
        "data_protection_requests": [
            {
                "kind": request.get_kind_display(),
                "decided_at": request.decided_at,
                "outcome": request.get_outcome_display(),
                "reason": request.reason,
            }
            for request in DataRequest.objects.filter(person__in=ids)
        ],
        # What other apps hold about the person (messages, surveys, referrals, cohorts, case
        # reviews): each a titled table, through settings.SUBJECT_ACCESS_SECTIONS.
        "other_records": [import_string(path)(ids) for path in settings.SUBJECT_ACCESS_SECTIONS],
    }
    return data, files


@transaction.atomic
def subject_access_export(*, person: Person, exported_by) -> bytes:
    """The zip for a subject access request (subject-access.pdf, subject-access.json and the
    files of documents about the person alone); recorded in the audit log."""
    data, files = subject_access_data(person)
    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    title = f"Subject access export: person {person.pk}"
    html = render_to_string(
        "privacy/subject_access_pdf.html",
        {"data": data, "document_title": title, "lang": LANGUAGE, "third_party": THIRD_PARTY},
    )
    pdf = html_to_tagged_pdf(html)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.pdf", pdf)
        archive.writestr("subject-access.json", text)
        by_id = {document.pk: document for document in files}
        for case in data["cases"]:
            for entry in case["documents"]:
                if entry["file_included"]:
                    with by_id[entry["id"]].file.open("rb") as handle:
                        archive.writestr(entry["file"], handle.read())
    audit.record(
        actor=exported_by,
        action="person.subject_access_exported",
        target=person,
        changes={
            "records": [record["id"] for record in data["records"]],
            "reports": len(data["reports"]),
            "cases": len(data["cases"]),
            "files": len(files),
        },
    )
    return buffer.getvalue()
