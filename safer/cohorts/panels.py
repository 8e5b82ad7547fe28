"""What the cohorts app adds to a person's page (settings.PERSON_PANELS)."""

from safer.cohorts.access import cohort_list_visible_to
from safer.cohorts.models import CohortMember
from safer.partners.access import has_capability
from safer.partners.roles import Capability


def person_cohorts_panel(request, person) -> dict | None:
    """The cohorts of the user's organisation the person is in, for roles that see members."""
    if not has_capability(request.user, Capability.VIEW_RECORDS):
        return None
    memberships = list(
        CohortMember.objects.filter(
            person=person, cohort__in=cohort_list_visible_to(request.user)
        ).select_related("cohort")
    )
    if not memberships:
        return None
    return {"template": "cohorts/person_panel.html", "memberships": memberships}
