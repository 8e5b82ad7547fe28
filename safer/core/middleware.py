"""Project-wide middleware that knows nothing of any domain app."""

import dataclasses
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from safer.core import metrics, request_context

request_logger = logging.getLogger("safer.request")

# A request id from the proxy is kept only if it is this plain (it goes into logs and audit rows).
REQUEST_ID_FORMAT = re.compile(r"[A-Za-z0-9._-]{1,64}")


def client_ip(request) -> str | None:
    """The caller's address; X-Forwarded-For is trusted only behind a configured proxy."""
    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def request_id_of(request) -> str:
    """The proxy's X-Request-ID when it is sane, else a new random one."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    if REQUEST_ID_FORMAT.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Remember the caller's address and the request id for audit rows and log lines written
    while this request runs, and answer the request id as X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.started_at = time.perf_counter()
        request.request_id = request_id_of(request)
        token = request_context.set_current(
            request_context.RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                path=request.path[:300],
                request_id=request.request_id,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestLogMiddleware:
    """One log line and the request metrics per request, named by view (never the raw path, which
    holds references); after AuthenticationMiddleware, so lines carry the user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        context = dataclasses.replace(request_context.current(), user_id=user_id)
        token = request_context.set_current(context)
        try:
            response = self.get_response(request)
            started = getattr(request, "started_at", None) or time.perf_counter()
            duration = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match is not None else "unmatched"
            metrics.request_observe(
                view=view, method=request.method, status=response.status_code, seconds=duration
            )
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path[:300],
                response.status_code,
                extra={
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                    "view": view,
                },
            )
            return response
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


class PublicLocaleMiddleware:
    """The visitor's language on public pages (settings.PUBLIC_LANGUAGE_PATHS): the language
    switcher's cookie, else the browser's Accept-Language, else English. Every other page is
    in the service's own language (LANGUAGE_CODE), whatever the browser prefers, so staff pages
    never mix Django's translated messages into English ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = is_public_language_path(request.path)
        language = (
            translation.get_language_from_request(request) if public else settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if public:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def is_public_language_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.PUBLIC_LANGUAGE_PATHS)
