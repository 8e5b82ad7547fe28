"""Service-wide pages: home, health check and error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        logger.exception("Health check could not reach the database")
        database = "unreachable"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database},
        status=200 if healthy else 503,
    )


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
