"""Service-wide pages: home, health check, metrics and error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from safer.core import metrics
from safer.core.tasks import worker_state

logger = logging.getLogger(__name__)


def home(request):
    """The signed-in start page, filled by the panels each domain app registers in HOME_PANELS."""
    panels = []
    for path in settings.HOME_PANELS:
        panel = import_string(path)(request)
        if panel is not None:
            panels.append(panel)
    return render(request, "core/home.html", {"panels": panels})


@login_not_required
@never_cache
@require_GET
def livez(request):
    """Liveness only: this process answers. Touches nothing else, so a proxy can probe it often
    and the load bench (bench/load.py) measures the service's floor with it."""
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database reachability (503 when it fails), the task worker's heartbeat and each app's
    HEALTH_CHECKS (the analytics store), for load balancers and monitoring. Only the database
    decides the status code: a stale worker or a broken store is reported, and alerted on by
    monitoring (docs/operations.md), but the web service still answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        logger.exception("Health check could not reach the database")
        database = "unreachable"
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "error", "database": database}
    if healthy:
        try:
            body.update(worker_state(settings.WORKER_HEARTBEAT_STALE_SECONDS))
        except DatabaseError:
            logger.exception("Health check could not read the task worker's heartbeat")
            body["worker"] = "unknown"
    for path in settings.HEALTH_CHECKS:
        body.update(import_string(path)())
    return JsonResponse(body, status=200 if healthy else 503)


def metrics_allowed(request) -> bool:
    """A scraper with the METRICS_TOKEN bearer token, or a caller on loopback when no proxy
    fronts the service (behind nginx every request comes from loopback, so only the token)."""
    token = settings.METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token and offered.startswith("Bearer "):
        return constant_time_compare(offered.removeprefix("Bearer ").strip(), token)
    if not settings.METRICS_ALLOW_LOOPBACK or "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    return request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


@login_not_required
@never_cache
@require_GET
def metrics_page(request):
    """Prometheus metrics; anyone else is told there is nothing here."""
    if not metrics_allowed(request):
        raise Http404
    content, content_type = metrics.exposition()
    return HttpResponse(content, content_type=content_type)


def _error(request, status: int, detail: str, context: dict | None = None):
    """API callers get JSON errors; people get the GOV.UK error page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, f"errors/{status}.html", context or {}, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(request, 400, "Bad request")


@login_not_required
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return _error(
        request, 403, message or "You do not have permission to do this", {"message": message}
    )


@login_not_required
def page_not_found(request, exception=None):
    return _error(request, 404, "Not found")


@login_not_required
def server_error(request):
    return _error(request, 500, "Sorry, there is a problem with the service")
