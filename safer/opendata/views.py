"""The police.uk-compatible API: data.police.uk's paths, parameters, JSON and status codes.

Public (no sign-in), read only, rate limited per address. Errors answer with an empty body
and the status police.uk gives: 400 for missing or malformed parameters, 404 for an unknown
category, force, location or crime, 503 when an area holds more than OPENDATA_MAX_CRIMES.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from safer.core.middleware import client_ip
from safer.core.ratelimit import Rate, RateLimited, consume
from safer.opendata import selectors

RATE_SCOPE = "opendata-api"
# police.uk answers 400 to a GET longer than this (long polygons go by POST).
MAX_GET_LENGTH = 4094
MAX_POLYGON_POINTS = 10000


class BadRequest(Exception):
    """A parameter is missing or malformed: 400."""


def _status(code: int) -> HttpResponse:
    return HttpResponse(status=code, content_type="text/plain")


def public_api(view):
    """No sign-in, a per-address rate limit, and 400 for a BadRequest raised inside."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        rate = Rate(
            limit=settings.OPENDATA_RATE_LIMIT,
            window=timedelta(seconds=settings.OPENDATA_RATE_WINDOW_SECONDS),
        )
        try:
            consume(RATE_SCOPE, client_ip(request) or "unknown", rate)
        except RateLimited as limited:
            response = _status(429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        try:
            return view(request, *args, **kwargs)
        except BadRequest:
            return _status(400)

    return wrapped


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False)


def _month(params) -> str | None:
    """The `date` parameter (YYYY-MM), or the latest month held when it is absent."""
    date = params.get("date")
    if date is None or date == "":
        return selectors.latest_month()
    if not selectors.MONTH.match(date):
        raise BadRequest("date")
    return date


def _float(params, name: str, low: float, high: float) -> float:
    try:
        value = float(params[name])
    except (KeyError, ValueError) as error:
        raise BadRequest(name) from error
    if not low <= value <= high:
        raise BadRequest(name)
    return value


def _polygon(text: str) -> list[tuple[float, float]]:
    """`lat,lng:lat,lng:...` as points; at least three, each a valid coordinate."""
    pairs = text.split(":")
    if not 3 <= len(pairs) <= MAX_POLYGON_POINTS:
        raise BadRequest("poly")
    points = []
    for pair in pairs:
        parts = pair.split(",")
        if len(parts) != 2:
            raise BadRequest("poly")
        try:
            lat, lng = float(parts[0]), float(parts[1])
        except ValueError as error:
            raise BadRequest("poly") from error
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise BadRequest("poly")
        points.append((lat, lng))
    return points


def _crimes(data, indices) -> HttpResponse:
    if len(indices) > settings.OPENDATA_MAX_CRIMES:
        return _status(503)
    return _json([data.crime(int(i)) for i in indices])


@require_GET
@public_api
def crime_categories(request):
    _month(request.GET)
    return _json(selectors.categories())


@require_GET
@public_api
def crimes_street_dates(request):
    return _json([{"date": month, "stop-and-search": []} for month in selectors.months()])


@require_GET
@public_api
def crime_last_updated(request):
    latest = selectors.latest_month()
    return _json({"date": f"{latest}-01" if latest else None})


@csrf_exempt
@require_http_methods(["GET", "POST"])
@public_api
def crimes_street(request, category: str):
    params = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and len(request.get_full_path()) > MAX_GET_LENGTH:
        raise BadRequest("too long")
    if not selectors.is_category(category):
        return _status(404)
    month = _month(params)
    if "poly" in params:
        points = _polygon(params["poly"])
        data = selectors.month_crimes(month) if month else None
        if data is None:
            return _json([])
        return _crimes(data, data.select(selectors.within_polygon(data, points), category))
    lat = _float(params, "lat", -90, 90)
    lng = _float(params, "lng", -180, 180)
    data = selectors.month_crimes(month) if month else None
    if data is None:
        return _json([])
    return _crimes(data, data.select(selectors.within_radius(data, lat, lng), category))


@require_GET
@public_api
def crimes_at_location(request):
    month = _month(request.GET)
    if "location_id" in request.GET:
        try:
            wanted = int(request.GET["location_id"])
        except ValueError as error:
            raise BadRequest("location_id") from error
        data = selectors.month_crimes(month) if month else None
    else:
        lat = _float(request.GET, "lat", -90, 90)
        lng = _float(request.GET, "lng", -180, 180)
        data = selectors.month_crimes(month) if month else None
        wanted = selectors.nearest_location(data, lat, lng) if data else None
    if data is None or wanted is None:
        return _json([])
    indices = data.select(data.location_ids == wanted, selectors.ALL_CRIME)
    return _crimes(data, indices)


@require_GET
@public_api
def crimes_no_location(request):
    category = request.GET.get("category") or selectors.ALL_CRIME
    force = request.GET.get("force")
    if not force:
        raise BadRequest("force")
    if not selectors.is_category(category):
        raise BadRequest("category")
    month = _month(request.GET)
    if force not in {f["id"] for f in selectors.forces_held()}:
        return _status(404)
    data = selectors.month_crimes(month) if month else None
    if data is None:
        return _json([])
    indices = data.select((data.location_ids < 0) & (data.force == force), category)
    return _crimes(data, indices)


@require_GET
@public_api
def outcomes_for_crime(request, persistent_id: str):
    found = selectors.crime_with_outcomes(persistent_id)
    if found is None:
        return _status(404)
    return _json(found)


@require_GET
@public_api
def forces(request):
    return _json(selectors.forces_held())


@require_GET
@public_api
def force_detail(request, force_id: str):
    for force in selectors.forces_held():
        if force["id"] == force_id:
            return _json(
                {
                    "description": None,
                    "url": None,
                    "engagement_methods": [],
                    "telephone": "101",
                    "id": force["id"],
                    "name": force["name"],
                }
            )
    return _status(404)
