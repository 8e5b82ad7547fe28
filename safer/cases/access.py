"""Guarded fetches of reports and cases: 404 when unseen, 403 when seen but read-only."""

from django.core.exceptions import PermissionDenied

from safer.cases.models import Case, Report
from safer.cases.services.common import CANNOT_CONTRIBUTE
from safer.partners.access import access_record, can_contribute


def access_case(user, case_id, *, write: bool = False, contribute: bool = False) -> Case:
    """The case if the user may see it; with write=True, only if they may change it; with
    contribute=True, only if they may add notes, tasks and documents to it (a partner may)."""
    case = access_record(
        user, Case.objects.select_related("organisation", "lead_officer"), write=write, pk=case_id
    )
    return _contributable(user, case) if contribute else case


def access_case_by_reference(
    user, reference: str, *, write: bool = False, contribute: bool = False
) -> Case:
    case = access_record(
        user,
        Case.objects.select_related("organisation", "lead_officer"),
        write=write,
        reference=reference,
    )
    return _contributable(user, case) if contribute else case


def _contributable(user, case: Case) -> Case:
    if not can_contribute(user, case):
        raise PermissionDenied(CANNOT_CONTRIBUTE)
    return case


def access_report(user, report_id, *, write: bool = False) -> Report:
    """The report if the user may see it; with write=True, only if they may change it."""
    return access_record(
        user,
        Report.objects.select_related("organisation", "case", "recorded_by"),
        write=write,
        pk=report_id,
    )


def access_report_by_reference(user, reference: str, *, write: bool = False) -> Report:
    return access_record(
        user,
        Report.objects.select_related("organisation", "case", "recorded_by"),
        write=write,
        reference=reference,
    )
