"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests and tokens, in XML or
JSON as the path's extension says, with the specification's error format. Public: no sign-in;
a POST needs an API key issued to the app (docs/open311.md)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from safer.core.middleware import client_ip
from safer.core.ratelimit import Rate, RateLimited, consume
from safer.open311 import catalogue, parse, render
from safer.open311.models import Open311Key
from safer.open311.parse import Refused
from safer.open311.selectors import (
    request_by_id,
    request_by_token,
    request_list,
    request_view,
    request_views,
)
from safer.open311.services import key_for, request_receive

FORMAT_UNKNOWN = "Unknown format {fmt}: ask for .json or .xml"
KEY_MISSING = "api_key was not provided: ask the partnership for a key for your app"
KEY_INVALID = "Invalid api_key received -- can't proceed"
KEY_REVOKED = "This api_key has been revoked -- ask the partnership for a new one"
BODY_TOO_BIG = "The request is too large: at most {limit:,} bytes"
NUL_CHARACTER = "Arguments must not contain NUL characters"
TOO_MANY = "Too many requests: try again in {seconds} seconds"
REQUEST_UNKNOWN = "service_request_id {id} was not found"
TOKEN_UNKNOWN = "token {token} was not found"
SERVICE_NOTICE = (
    "We look at every report within {days} working day{s}. If someone is in danger or a crime "
    "is happening now, call 999."
)


def georeport(methods=("GET",)):
    """A GeoReport call: public, no CSRF token (apps post from their servers), the format
    checked, and Refused answered in the error format."""

    def wrap(view):
        @login_not_required
        @csrf_exempt
        @require_http_methods(list(methods))
        def answer(request, fmt, *args, **kwargs):
            if fmt not in render.FORMATS:
                return render.errors("json", 404, FORMAT_UNKNOWN.format(fmt=fmt[:10]))
            try:
                _no_nul([*(v for _, vs in request.GET.lists() for v in vs), *kwargs.values()])
                return view(request, fmt, *args, **kwargs)
            except Refused as refused:
                response = render.errors(fmt, refused.status, *refused.descriptions)
                if getattr(refused, "retry_after", None):
                    response["Retry-After"] = str(refused.retry_after)
                return response

        answer.__name__ = view.__name__
        answer.__doc__ = view.__doc__
        return answer

    return wrap


@georeport()
def discovery(request, fmt):
    """Where the endpoint is, its formats, and how to get a key (the Service Discovery spec)."""
    base = request.build_absolute_uri("/open311/v2")
    contact = settings.OPEN311_CONTACT.strip()
    return render.respond(
        fmt,
        "discovery",
        {
            "changeset": catalogue.CHANGESET,
            "contact": ". ".join(filter(None, [settings.PARTNERSHIP_NAME, contact])),
            "key_service": "Each app needs its own API key, issued by the partnership's "
            "administrators" + (f": {contact}" if contact else ""),
            "endpoints": [
                {
                    "specification": catalogue.SPECIFICATION,
                    "url": base,
                    "changeset": catalogue.CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@georeport()
def services(request, fmt):
    """GET Service List: every kind of report, each with the optional questions (metadata)."""
    kind = catalogue.service_type()
    return render.respond(
        fmt,
        "services",
        [
            {
                "service_code": s.service_code,
                "service_name": s.service_name,
                "description": s.description,
                "metadata": True,
                "type": kind,
                "keywords": s.keywords,
                "group": s.group,
            }
            for s in catalogue.services()
        ],
    )


@georeport()
def service_definition(request, fmt, code):
    """GET Service Definition: the service's attributes (the web form's optional questions)."""
    if catalogue.service(code) is None:
        raise Refused(404, parse.SERVICE_CODE_UNKNOWN.format(code=code[:50]))
    return render.respond(
        fmt,
        "service_definition",
        {
            "service_code": code,
            "attributes": [
                {
                    "variable": a.variable,
                    "code": a.code,
                    "datatype": a.datatype,
                    "required": a.required,
                    "datatype_description": a.datatype_description,
                    "order": order,
                    "description": a.description,
                    "values": [{"key": key, "name": name} for key, name in a.values],
                }
                for order, a in enumerate(catalogue.attributes(), start=1)
            ],
        },
    )


def _no_nul(values) -> None:
    """Refuse NUL characters, which no text needs and PostgreSQL cannot store or compare."""
    if any("\x00" in value for value in values):
        raise Refused(400, NUL_CHARACTER)


def _key(presented: str, *, required: bool) -> Open311Key | None:
    """The app's key, or Refused (403) for a missing (when required), unknown or revoked one."""
    if not presented.strip():
        if required:
            raise Refused(403, KEY_MISSING)
        return None
    key = key_for(presented.strip())
    if key is None:
        raise Refused(403, KEY_INVALID)
    if not key.is_active:
        raise Refused(403, KEY_REVOKED)
    return key


def _count(scope: str, who: str, limit: int) -> None:
    try:
        consume(f"open311:{scope}", who, Rate(limit=limit, window=timedelta(hours=1)))
    except RateLimited as limited:
        refused = Refused(429, TOO_MANY.format(seconds=limited.retry_after))
        refused.retry_after = limited.retry_after
        raise refused from None


@georeport(methods=("GET", "POST"))
def requests(request, fmt):
    """POST Service Request (with an api_key) or GET Service Requests (with their filters)."""
    if request.method == "POST":
        return _create(request, fmt)
    viewer = _key(request.GET.get("api_key", ""), required=False)
    found = request_list(parse.filters(request.GET))
    return render.respond(fmt, "service_requests", request_views(found, viewer=viewer))


def _create(request, fmt):
    """The body is bounded before it is read; the key is checked, then counted against the
    app's and the address's hourly limits; a refused request stores nothing."""
    limit = settings.OPEN311_MAX_BODY_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = limit + 1
    if length > limit:
        raise Refused(400, BODY_TOO_BIG.format(limit=limit))
    form = request.POST
    _no_nul([value for _, values in form.lists() for value in values])
    # In the body, as the specification's example sends it; some apps put it in the query.
    key = _key(form.get("api_key") or request.GET.get("api_key", ""), required=True)
    _count("key", str(key.pk), settings.OPEN311_POSTS_PER_HOUR_PER_KEY)
    _count("address", client_ip(request) or "unknown", settings.OPEN311_POSTS_PER_HOUR_PER_ADDRESS)
    submission = parse.submission(form, app_name=key.app_name)
    try:
        received = request_receive(key=key, submission=submission)
    except ValidationError as error:
        raise Refused(400, *_messages(error)) from None
    days = settings.RISK_ASSESSMENT_DUE_WORKING_DAYS
    answer = {"service_notice": SERVICE_NOTICE.format(days=days, s="s" if days != 1 else "")}
    if catalogue.service_type() == "batch":
        answer = {"token": received.token, **answer}
    else:
        answer = {"service_request_id": received.report.reference, **answer}
    return render.respond(fmt, "service_requests", [{**answer, "account_id": None}])


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


@georeport()
def request_detail(request, fmt, service_request_id):
    """GET Service Request: one request, as the list shows it."""
    viewer = _key(request.GET.get("api_key", ""), required=False)
    found = request_by_id(service_request_id)
    if found is None:
        raise Refused(404, REQUEST_UNKNOWN.format(id=service_request_id[:30]))
    return render.respond(fmt, "service_requests", [request_view(found, viewer=viewer)])


@georeport()
def token(request, fmt, token):
    """GET service_request_id from a token (for services of type batch)."""
    found = request_by_token(token)
    if found is None:
        raise Refused(404, TOKEN_UNKNOWN.format(token=token[:40]))
    return render.respond(
        fmt,
        "service_requests",
        [{"service_request_id": found.report.reference, "token": found.token}],
    )
