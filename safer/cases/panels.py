"""The caseload panel on the home page."""

from django.utils import timezone

from safer.cases import selectors
from safer.partners.access import has_capability
from safer.partners.roles import Capability


def caseload_panel(request) -> dict | None:
    """My open cases and the counts that need attention, for users who work on records."""
    if not has_capability(request.user, Capability.VIEW_RECORDS):
        return None
    return {
        "template": "cases/home_panel.html",
        "summary": selectors.caseload_summary(request.user),
        "my_cases": selectors.case_list_visible_to(request.user, lead_officer=request.user)[:10],
        "today": timezone.localdate(),
    }
