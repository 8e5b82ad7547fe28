"""Guarded fetches of Community Trigger records: 404 when unseen, 403 when seen but the role
may not do what is asked."""

from django.core.exceptions import PermissionDenied

from safer.casereviews.models import Application, Recommendation
from safer.partners.access import access_record, has_capability, require_capability
from safer.partners.roles import Capability


def access_application(user, reference: str, *, supervise: bool = False) -> Application:
    """The application if the user's organisation holds it (or it was shared with them); with
    supervise=True, only for a co-ordinator of the organisation that holds it."""
    application = access_record(
        user,
        Application.objects.select_related("organisation", "victim", "recorded_by", "decided_by"),
        write=supervise,
        reference=reference,
    )
    if supervise:
        require_capability(user, Capability.SUPERVISE)
    return application


def access_application_by_id(user, application_id, *, supervise: bool = False) -> Application:
    application = access_record(
        user,
        Application.objects.select_related("organisation", "victim"),
        write=supervise,
        pk=application_id,
    )
    if supervise:
        require_capability(user, Capability.SUPERVISE)
    return application


def access_recommendation(user, recommendation_id) -> Recommendation:
    """A recommendation, for a co-ordinator of the organisation holding its application."""
    recommendation = (
        Recommendation.objects.select_related("review__application")
        .filter(pk=recommendation_id)
        .first()
        if str(recommendation_id).isdigit()
        else None
    )
    reference = recommendation.review.application.reference if recommendation else ""
    access_application(user, reference, supervise=True)
    return recommendation


STATISTICS_REFUSED = "Your role does not allow this (view_analytics or supervise)"


def require_statistics(user) -> None:
    """The year's figures are aggregates: analysts and co-ordinators may read them (403 else)."""
    if not (
        has_capability(user, Capability.VIEW_ANALYTICS)
        or has_capability(user, Capability.SUPERVISE)
    ):
        raise PermissionDenied(STATISTICS_REFUSED)
