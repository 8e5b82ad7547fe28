"""Who may see a cohort: staff of its organisation. Its members are personal data, seen with
VIEW_RECORDS; its measure is an aggregate, seen with VIEW_RECORDS or VIEW_ANALYTICS. Other
organisations get 404; a role with neither capability 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from safer.cohorts.models import Cohort
from safer.partners.access import NOT_FOUND, has_capability, organisation_of, require_capability
from safer.partners.roles import Capability

NO_COHORT_ACCESS = "Your role does not allow you to see cohorts"


def may_see_cohorts(user) -> bool:
    return has_capability(user, Capability.VIEW_RECORDS) or has_capability(
        user, Capability.VIEW_ANALYTICS
    )


def cohort_list_visible_to(user) -> QuerySet[Cohort]:
    """The cohorts of the user's organisation, if their role sees records or analytics."""
    if not may_see_cohorts(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(organisation=organisation_of(user))


def access_cohort(user, cohort_id, *, members: bool = False, write: bool = False) -> Cohort:
    """The cohort if it is the user's organisation's (404 otherwise, 403 for a role that sees
    no cohorts); members=True needs VIEW_RECORDS, write=True EDIT_RECORDS (403)."""
    if not may_see_cohorts(user):
        raise PermissionDenied(NO_COHORT_ACCESS)
    try:
        cohort = cohort_list_visible_to(user).select_related("organisation").get(pk=cohort_id)
    except (Cohort.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if members or write:
        require_capability(user, Capability.VIEW_RECORDS)
    if write:
        require_capability(user, Capability.EDIT_RECORDS)
    return cohort
