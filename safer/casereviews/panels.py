"""The prompt on a report's page at a victim's second complaint within the window
(settings.REPORT_PANELS)."""

from django.conf import settings

from safer.casereviews import selectors
from safer.casereviews.models import EligibleVictim
from safer.partners.access import has_capability, visible_to
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


def person_panel(request, person) -> dict | None:
    """On a person's page: their case review applications the user may open, whether the daily
    search found them eligible, and (for roles that record) a link to record an application."""
    if not has_capability(request.user, Capability.VIEW_RECORDS):
        return None
    applications = list(
        selectors.application_list_visible_to(request.user).filter(victim=person)[:10]
    )
    eligible = EligibleVictim.objects.filter(person=person).first()
    if not applications and eligible is None:
        return None
    return {
        "template": "casereviews/person_panel.html",
        "applications": applications,
        "eligible": eligible,
        "can_record": has_capability(request.user, Capability.EDIT_RECORDS),
        "person": person,
    }


def case_second_complaint_panel(request, case) -> dict | None:
    """settings.CASE_PANELS: the same prompt on a case's page, from its newest report the user
    may open."""
    newest = visible_to(request.user, case.reports.all()).order_by("-reported_at").first()
    return second_complaint_panel(request, newest) if newest is not None else None
