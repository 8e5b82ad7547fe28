"""Case-management pages: thin views over cases.access, selectors and services, one module per
kind of work (the caseload, intake, a report, a case, its interventions)."""

from safer.cases.views.caseload import case_list, queues, repeats, report_list
from safer.cases.views.cases import (
    case_close,
    case_detail,
    case_document_add,
    case_document_download,
    case_handover,
    case_note_add,
    case_share,
    case_status,
    case_task_add,
    case_task_done,
    case_unshare,
)
from safer.cases.views.downloads import case_list_download, report_list_download
from safer.cases.views.intake import report_create
from safer.cases.views.interventions import (
    breach_create,
    intervention_change,
    intervention_check,
    intervention_create,
    nuisance_assessment_create,
    publicity_sheet,
)
from safer.cases.views.reports import (
    questionnaire,
    report_attach,
    report_detail,
    report_edit,
    report_open_case,
    report_photo,
    risk_assessment_create,
    risk_band_raise,
)

__all__ = [
    "breach_create",
    "case_close",
    "case_detail",
    "case_document_add",
    "case_document_download",
    "case_handover",
    "case_list",
    "case_list_download",
    "case_note_add",
    "case_share",
    "case_status",
    "case_task_add",
    "case_task_done",
    "case_unshare",
    "intervention_change",
    "intervention_check",
    "intervention_create",
    "nuisance_assessment_create",
    "publicity_sheet",
    "questionnaire",
    "queues",
    "repeats",
    "report_attach",
    "report_create",
    "report_detail",
    "report_edit",
    "report_list",
    "report_list_download",
    "report_open_case",
    "report_photo",
    "risk_assessment_create",
    "risk_band_raise",
]
