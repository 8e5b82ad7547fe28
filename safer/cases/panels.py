"""The caseload panel on the home page."""

from django.utils import timezone

from safer.cases import selectors
from safer.partners.access import has_capability
from safer.partners.roles import Capability


def caseload_panel(request) -> dict | None:
    """My work (for roles that hold casework) and the caseload counts that need attention."""
    if not has_capability(request.user, Capability.VIEW_RECORDS):
        return None
    holds_casework = has_capability(request.user, Capability.EDIT_RECORDS)
    return {
        "template": "cases/home_panel.html",
        "summary": selectors.caseload_summary(request.user),
        "work": selectors.my_work(request.user, limit=10) if holds_casework else None,
        "today": timezone.localdate(),
    }


def person_history_panel(request, person) -> dict | None:
    """The reports, cases and interventions a person appears in, within the access rule."""
    reports = (
        selectors.report_list_visible_to(request.user)
        .filter(involvements__person=person)
        .prefetch_related("involvements")
        .distinct()[:100]
    )
    cases = (
        selectors.case_list_visible_to(request.user, include_closed=True)
        .filter(reports__involvements__person=person)
        .distinct()[:50]
    )
    interventions = person.interventions.filter(
        case__in=selectors.case_list_visible_to(request.user, include_closed=True)
    ).select_related("case")
    roles = {}
    for report in reports:
        roles[report.pk] = sorted(
            {i.get_role_display() for i in report.involvements.all() if i.person_id == person.pk}
        )
    return {
        "template": "cases/person_panel.html",
        "reports": [(report, roles[report.pk]) for report in reports],
        "cases": cases,
        "interventions": interventions,
        "today": timezone.localdate(),
    }
