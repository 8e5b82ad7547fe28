"""Taking a caseload out in the layout the import reads: a folder or ZIP of CSV files, or an
XLSX workbook. Records brought in keep the reference their old system gave them."""

import io
import zipfile
from pathlib import Path

from django.utils import timezone

from safer.audit import services as audit
from safer.cases import legal
from safer.cases.models import Case, ImportedRecord, Intervention, Report
from safer.cases.transfer.layout import (
    CASES,
    CSV_NAMES,
    INTERVENTIONS,
    LIST_SEPARATOR,
    NO,
    PEOPLE,
    REPORTS,
    SHEETS,
    YES,
)
from safer.core import csv_export, xlsx_export
from safer.people.models import Person


def _moment(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _date(value) -> str:
    return value.isoformat() if value else ""


def _refs(organisation, kind) -> dict[int, str]:
    rows = ImportedRecord.objects.filter(organisation=organisation, kind=kind)
    return dict(rows.values_list("record_id", "source_reference"))


def caseload_rows(organisation) -> dict[str, list[list]]:
    """Every person, report and case the organisation owns, as rows of the layout."""
    person_ref = _refs(organisation, ImportedRecord.Kind.PERSON)
    report_ref = _refs(organisation, ImportedRecord.Kind.REPORT)
    case_ref = _refs(organisation, ImportedRecord.Kind.CASE)
    intervention_ref = _refs(organisation, ImportedRecord.Kind.INTERVENTION)
    interventions = Intervention.objects.filter(case__organisation=organisation).select_related(
        "case"
    )
    people = Person.objects.filter(organisation=organisation, merged_into=None).order_by("pk")
    reports = (
        Report.objects.filter(organisation=organisation)
        .prefetch_related("involvements")
        .order_by("pk")
    )
    cases = Case.objects.filter(organisation=organisation).prefetch_related("reports")

    def p_ref(pk):
        return person_ref.get(pk, f"person-{pk}")

    def r_ref(report):
        return report_ref.get(report.pk, report.reference)

    def people_of(report):
        involved = sorted(report.involvements.all(), key=lambda i: i.pk)
        return f"{LIST_SEPARATOR} ".join(f"{p_ref(i.person_id)} {i.role}" for i in involved)

    def reports_of(case):
        return f"{LIST_SEPARATOR} ".join(sorted(r_ref(r) for r in case.reports.all()))

    rows = {
        PEOPLE: [
            [
                p_ref(p.pk),
                p.first_name,
                p.last_name,
                p.description,
                _date(p.date_of_birth),
                p.phone,
                p.email,
                p.address,
                p.postcode,
            ]
            for p in people
        ],
        REPORTS: [
            [
                r_ref(r),
                r.get_received_via_display(),
                _moment(r.occurred_at),
                _moment(r.reported_at),
                r.get_category_display(),
                r.get_type_display(),
                r.description,
                r.address,
                r.postcode,
                people_of(r),
            ]
            for r in reports
        ],
        CASES: [
            [
                case_ref.get(c.pk, c.reference),
                c.title,
                c.get_kind_display(),
                c.get_status_display(),
                reports_of(c),
                c.get_outcome_display(),
                c.close_reason,
            ]
            for c in cases.order_by("pk")
        ],
        INTERVENTIONS: [
            [
                intervention_ref.get(i.pk, f"intervention-{i.pk}"),
                case_ref.get(i.case_id, i.case.reference),
                p_ref(i.person_id),
                legal.label(i.kind),
                _date(i.applied_on),
                _date(i.issued_on),
                _date(i.served_on),
                _date(i.expires_on),
                i.hours,
                i.conditions,
                i.supervisor,
                YES if i.historical else NO,
            ]
            for i in interventions.order_by("pk")
        ],
    }
    return rows


def export_caseload(*, organisation, out: Path, exported_by=None) -> dict[str, int]:
    """Write the layout to `out` (.xlsx, .zip, or else a folder of CSV files); rows per sheet."""
    rows = caseload_rows(organisation)
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        out.write_bytes(xlsx_export.workbook((s, SHEETS[s], rows[s]) for s in SHEETS))
    elif suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for sheet, name in CSV_NAMES.items():
                bundle.writestr(name, _csv(sheet, rows[sheet]))
        out.write_bytes(buffer.getvalue())
    else:
        out.mkdir(parents=True, exist_ok=True)
        for sheet, name in CSV_NAMES.items():
            (out / name).write_text(_csv(sheet, rows[sheet]), encoding="utf-8")
    counts = {sheet: len(rows[sheet]) for sheet in SHEETS}
    audit.record(
        actor=exported_by,
        action="caseload.exported",
        organisation=organisation,
        changes={"organisation": organisation.pk, "file": out.name, "rows": counts},
    )
    return counts


def _csv(sheet: str, rows: list[list]) -> str:
    return csv_export.text([SHEETS[sheet], *rows], lineterminator="\n")
