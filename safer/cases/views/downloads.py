"""Lists of cases and reports taken away as CSV or XLSX: the same filters and visibility as the
list pages, for those allowed to export records, each download audited with its filters and count.
"""

from collections.abc import Iterator

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safer.cases import selectors, services
from safer.cases.repeats import FLAG_LABELS
from safer.cases.transfer.layout import REPORTS, SHEETS
from safer.cases.views.caseload import cases_filtered, reports_filtered
from safer.core import csv_export, xlsx_export
from safer.partners.access import require_capability
from safer.partners.roles import Capability

FORMATS = ("csv", "xlsx")
CASE_COLUMNS = [
    "Case reference",
    "Title",
    "Type of case",
    "Status",
    "Risk",
    "Lead organisation",
    "Lead officer",
    "Opened",
    "Next review due",
    "Closed",
    "Outcome",
]
# The report columns of the caseload layout (docs/caseload-layout.md), then what the list shows.
REPORT_COLUMNS = [
    *SHEETS[REPORTS][:9],
    "Risk",
    "Risk assessment due",
    "Flags",
    "Recorded by organisation",
    "Case reference",
]
# Cases whose visibility is checked in one query, for a report list's case column.
VISIBILITY_BATCH = 500


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()


def _case_rows(cases) -> Iterator[list]:
    for case in cases:
        officer = case.lead_officer
        yield [
            case.reference,
            case.title,
            case.get_kind_display(),
            case.get_status_display(),
            case.get_risk_display(),
            case.organisation.name,
            officer.display_name if officer else "",
            _day(case.opened_at),
            _day(case.next_review_due),
            _day(case.closed_at),
            case.get_outcome_display(),
        ]


def _report_rows(user, reports) -> Iterator[list]:
    batch = []
    for report in reports:
        batch.append(report)
        if len(batch) == VISIBILITY_BATCH:
            yield from _report_batch(user, batch)
            batch = []
    yield from _report_batch(user, batch)


def _report_batch(user, reports) -> Iterator[list]:
    for report in selectors.with_case_visibility(user, reports):
        yield [
            report.reference,
            report.get_received_via_display(),
            _day(report.occurred_at),
            _day(report.reported_at),
            report.get_category_display(),
            report.get_type_display(),
            report.description,
            report.address,
            report.postcode,
            report.get_risk_display(),
            _day(report.assessment_due),
            ", ".join(FLAG_LABELS.get(flag, flag) for flag in report.flags),
            report.organisation.name,
            # A case the user may not open is not named (as on the list page).
            report.case.reference if report.case_visible else "",
        ]


def _file(*, name: str, format: str, header: list[str], rows, title: str):
    stamp = timezone.localdate().isoformat()
    filename = f"{name}-{stamp}.{format}"
    if format == "csv":
        response = StreamingHttpResponse(
            csv_export.lines(_chain([header], rows)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            xlsx_export.workbook([(title, header, rows)]), content_type=xlsx_export.CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chain(*parts):
    for part in parts:
        yield from part


def _allowed(request, format: str) -> None:
    if format not in FORMATS:
        raise Http404
    require_capability(request.user, Capability.VIEW_RECORDS)
    require_capability(request.user, Capability.EXPORT_RECORDS)


def _download(request, *, kind: str, format: str, filters: dict, records, header, rows):
    services.records_downloaded(
        kind=kind, downloaded_by=request.user, filters=filters, count=records.count(), format=format
    )
    return _file(name=kind, format=format, header=header, rows=rows, title=kind.capitalize())


@require_GET
def case_list_download(request, format: str):
    """The case list as filtered on its page, every matching case the user may see."""
    _allowed(request, format)
    _, filters, cases = cases_filtered(request)
    cases = cases.select_related("organisation", "lead_officer")
    rows = _case_rows(cases.iterator(chunk_size=VISIBILITY_BATCH))
    return _download(
        request,
        kind="cases",
        format=format,
        filters=filters,
        records=cases,
        header=CASE_COLUMNS,
        rows=rows,
    )


@require_GET
def report_list_download(request, format: str):
    """The report list as filtered on its page, every matching report the user may see."""
    _allowed(request, format)
    _, filters, reports = reports_filtered(request)
    rows = _report_rows(request.user, reports.iterator(chunk_size=VISIBILITY_BATCH))
    return _download(
        request,
        kind="reports",
        format=format,
        filters=filters,
        records=reports,
        header=REPORT_COLUMNS,
        rows=rows,
    )
