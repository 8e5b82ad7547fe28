"""The prompt on a report's page at a victim's second complaint within the window
(settings.REPORT_PANELS)."""

from django.conf import settings

from safer.casereviews import selectors
from safer.partners.access import has_capability
from safer.partners.roles import Capability


def second_complaint_panel(request, report) -> dict | None:
    """Tell the caseworker to tell the victim about the ASB case review: shown when a victim or
    reporter of this report complained (to any partner) within the window before it. Names only
    people already on this report, never the other complaint."""
    if not has_capability(request.user, Capability.EDIT_RECORDS):
        return None
    people = selectors.second_complaint(report)
    if not people:
        return None
    return {
        "template": "casereviews/second_complaint_panel.html",
        "people": people,
        "can_record": True,
        "window_months": settings.COMMUNITY_TRIGGER_WINDOW_MONTHS,
    }
