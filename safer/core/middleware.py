"""Project-wide middleware that knows nothing of any domain app."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from safer.core import request_context


def client_ip(request) -> str | None:
    """The caller's address; X-Forwarded-For is trusted only behind a configured proxy."""
    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Remember the caller's address for audit rows written while this request runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_context.set_current(
            request_context.RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                path=request.path[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


class NoStoreMiddleware:
    """Keep pages and API answers out of browser and proxy caches when they may hold personal data.

    Every response to a signed-in user, and every API answer, is marked never to be stored
    (Cache-Control: no-store, as Django's never_cache) unless its view set its own caching.
    Static files are answered by WhiteNoise before this runs, so keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
