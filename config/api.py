"""The JSON API at /api/v1/: one NinjaAPI, each domain app contributing its router."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja import NinjaAPI

from safer.accounts.api import BearerTokenAuth, BrowserSessionAuth, TokenLimited
from safer.accounts.api import router as accounts_router
from safer.casereviews.api import router as casereviews_router
from safer.cases.api import router as cases_router
from safer.cases.services import Conflict
from safer.cohorts.api import router as cohorts_router
from safer.hateincidents.api import router as hateincidents_router
from safer.intel.api import router as intel_router
from safer.letters.api import router as letters_router
from safer.neighbourhoods.api import router as neighbourhoods_router
from safer.notifications.api import router as notifications_router
from safer.partners.api import router as partners_router
from safer.people.api import router as people_router
from safer.places.api import router as places_router
from safer.plans.api import router as plans_router
from safer.referrals.api import router as referrals_router
from safer.schemes.api import router as schemes_router
from safer.schemes.api_licensing import router as scheme_licensing_router
from safer.surveys.api import router as surveys_router
from safer.tasking.api import router as tasking_router

api = NinjaAPI(
    title="Safer Communities API",
    version="1",
    description="Case management, intelligence and performance for Community Safety Partnerships.",
    auth=[BearerTokenAuth(), BrowserSessionAuth()],
    urls_namespace="api",
)
api.add_router("", accounts_router)
api.add_router("/organisations", partners_router)
api.add_router("/people", people_router)
api.add_router("", places_router)
api.add_router("/intel", intel_router)
api.add_router("", plans_router)
api.add_router("", cases_router)
api.add_router("", letters_router)
api.add_router("", surveys_router)
api.add_router("", casereviews_router)
api.add_router("", tasking_router)
api.add_router("", referrals_router)
api.add_router("", cohorts_router)
api.add_router("", notifications_router)
api.add_router("", hateincidents_router)
api.add_router("", neighbourhoods_router)
api.add_router("", schemes_router)
api.add_router("", scheme_licensing_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "You do not have permission to do this"}, status=403
    )


@api.exception_handler(TokenLimited)
def token_limited(request, exc):
    """Too many failed token authentications: 429, and when to try again."""
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Conflict)
def conflict(request, exc):
    """A save based on a stale read: nothing was overwritten."""
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, found when ninja reads it: 413, not Django's 400."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request, {"detail": f"The request body is too large (at most {limit} bytes)"}, status=413
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """Domain validation failures answer 422 in the same shape as ninja's schema errors."""
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", *field.split(".")], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


def api_urls():
    """The API's URL patterns, exempt from LoginRequiredMiddleware: ninja authenticates itself.

    All but the docs page (Swagger UI, a page for people): it sends anyone not signed in to
    sign in. The OpenAPI description it reads stays public, for client developers and tools.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name != "openapi-view":
            pattern.callback.login_required = False
    return patterns, app_name, namespace
