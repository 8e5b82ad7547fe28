"""Writes to reports, cases, risk assessments and interventions (re-exported for callers)."""

from safer.cases.services.cases import (
    case_attach_report,
    case_close,
    case_document_add,
    case_documents_file,
    case_lead_handover,
    case_note_add,
    case_open,
    case_share,
    case_task_add,
    case_task_complete,
    case_unshare,
    case_update,
    task_owners,
)
from safer.cases.services.common import (
    Conflict,
    case_document_viewed,
    case_viewed,
    publicity_sheet_produced,
    records_listed,
    report_viewed,
)
from safer.cases.services.interventions import (
    breach_record,
    intervention_record,
    nuisance_assessment_record,
)
from safer.cases.services.reports import (
    PersonInput,
    report_create,
    report_refresh_flags,
    report_update,
)
from safer.cases.services.risk import (
    questionnaire_current,
    questionnaire_publish,
    risk_assessment_record,
    risk_band_raise,
)

__all__ = [
    "Conflict",
    "PersonInput",
    "breach_record",
    "case_attach_report",
    "case_close",
    "case_document_add",
    "case_document_viewed",
    "case_documents_file",
    "case_lead_handover",
    "case_note_add",
    "case_open",
    "case_share",
    "case_task_add",
    "case_task_complete",
    "case_unshare",
    "case_update",
    "case_viewed",
    "intervention_record",
    "nuisance_assessment_record",
    "publicity_sheet_produced",
    "questionnaire_current",
    "questionnaire_publish",
    "records_listed",
    "report_create",
    "report_refresh_flags",
    "report_update",
    "report_viewed",
    "risk_assessment_record",
    "risk_band_raise",
    "task_owners",
]
