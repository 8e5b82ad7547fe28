"""Reads of the Open311 service: GeoReport's view of the requests that came through it.

What a request shows is what its sender could learn from Check a report (the plain status, via
`cases.selectors.report_public_status`), the service, when it was made and when its status
last changed, and the point snapped to a grid. Never the case, its officers, organisations,
notes or risk, never a name, e-mail address, phone number or address. The account itself and
the media link go back only to the app that sent them (it already has them); anyone else gets
null, because residents' accounts of anti-social behaviour name their neighbours."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, QuerySet
from django.utils import timezone

from safer.cases.selectors.public import (
    PUBLIC_CLOSED,
    PUBLIC_IN_HAND,
    PUBLIC_RECEIVED,
    report_public_status,
)
from safer.open311 import catalogue
from safer.open311.models import Open311Key, Open311Request
from safer.open311.render import w3

MAX_REQUESTS = 1000  # the specification's default limit
DEFAULT_SPAN = timedelta(days=90)  # and its default (and longest) range
STATUS_NOTES = {
    PUBLIC_RECEIVED: "Received: we have the report and will look at it soon.",
    PUBLIC_IN_HAND: "Being dealt with: our team is dealing with this report.",
    PUBLIC_CLOSED: "Closed: we have finished dealing with this report.",
}


@dataclass(frozen=True)
class RequestFilters:
    """GET /requests's arguments, checked (see views.requests_list)."""

    ids: list[str] | None = None
    service_codes: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] | None = None


def _base() -> QuerySet[Open311Request]:
    return Open311Request.objects.select_related("report", "report__case", "key").annotate(
        first_assessed_at=Min("report__assessments__assessed_at")
    )


def request_by_id(service_request_id: str) -> Open311Request | None:
    """The Open311 request whose service_request_id (its report's reference) this is."""
    return _base().filter(report__reference=service_request_id.strip()).first()


def request_by_token(token: str) -> Open311Request | None:
    return Open311Request.objects.select_related("report").filter(token=token).first()


def request_list(filters: RequestFilters, now: datetime | None = None) -> list[Open311Request]:
    """Requests by id (which overrides every other argument, as the specification says), else
    by service, requested time (the last 90 days unless given) and status; newest first, at
    most 1,000."""
    found = _base().order_by("-report__reported_at", "-pk")
    if filters.ids is not None:
        return list(found.filter(report__reference__in=filters.ids)[:MAX_REQUESTS])
    now = now or timezone.now()
    end = filters.end or (filters.start + DEFAULT_SPAN if filters.start else now)
    start = filters.start or end - DEFAULT_SPAN
    found = found.filter(report__reported_at__gte=start, report__reported_at__lte=end)
    if filters.service_codes is not None:
        found = found.filter(report__type__in=filters.service_codes)
    if filters.statuses is not None:
        # The status follows the case, so it is worked out per request; 1,000 at most are
        # shown, but all in the range are looked at, so a filter never hides older matches.
        wanted = set(filters.statuses)
        return [r for r in found if _status(r) in wanted][:MAX_REQUESTS]
    return list(found[:MAX_REQUESTS])


def _status(received: Open311Request) -> str:
    return "closed" if report_public_status(received.report).status == PUBLIC_CLOSED else "open"


def _updated_at(received: Open311Request, public: str) -> datetime:
    """When the public status last changed: received, first assessed or made part of a case,
    or closed. Times of anything else done on the case are not shown."""
    report = received.report
    if public == PUBLIC_CLOSED and report.case.closed_at:
        return report.case.closed_at
    if public == PUBLIC_IN_HAND:
        moments = [received.first_assessed_at]
        if report.case_id:
            moments.append(max(report.case.opened_at, report.reported_at))
        known = [moment for moment in moments if moment is not None]
        return min(known) if known else report.reported_at
    return report.reported_at


def _service_names() -> dict[str, str]:
    return {s.service_code: s.service_name for s in catalogue.services()}


def request_views(found: list[Open311Request], *, viewer: Open311Key | None) -> list[dict]:
    """Each request as GeoReport shows it (request_view), the service names read once."""
    names = _service_names()
    return [request_view(received, viewer=viewer, service_names=names) for received in found]


def request_view(
    received: Open311Request,
    *,
    viewer: Open311Key | None,
    service_names: dict[str, str] | None = None,
) -> dict:
    """A request as GeoReport shows it: the description and media only to the app that sent
    it; everything from the case system reduced to its plain public status."""
    report = received.report
    public = report_public_status(report).status
    names = service_names or _service_names()
    own = viewer is not None and viewer.pk == received.key_id
    return {
        "service_request_id": report.reference,
        "status": "closed" if public == PUBLIC_CLOSED else "open",
        "status_notes": STATUS_NOTES[public],
        "service_name": names.get(report.type) or report.get_type_display(),
        "service_code": report.type,
        "description": report.description if own else None,
        "agency_responsible": settings.PARTNERSHIP_NAME,
        "service_notice": None,
        "requested_datetime": w3(report.reported_at),
        "updated_datetime": w3(_updated_at(received, public)),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": received.public_lat,
        "long": received.public_long,
        "media_url": (received.media_url or None) if own else None,
    }
