from django.conf import settings


def service(request) -> dict:
    """Service name and phase for the GOV.UK header and phase banner."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
