"""GeoReport arguments checked: a POST /requests form into a Submission, and GET /requests's
filters into RequestFilters. Every problem is named with the argument it is about, and all of a
request's problems are given at once; nothing here writes."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from safer.cases.models import Report
from safer.open311 import catalogue
from safer.open311.selectors import DEFAULT_SPAN, RequestFilters
from safer.open311.services import Submission
from safer.places.models import GazetteerAddress
from safer.public.forms import PHONE

DESCRIPTION_MAX = 4000  # the specification's limit
NAME_MAX = 100
SERVICE_CODE_MISSING = "service_code was not provided"
SERVICE_CODE_UNKNOWN = "service_code {code} was not found"
LOCATION_MISSING = "A location must be given: lat and long, or address_string, or address_id"
LATLONG_PAIR = "lat and long must both be given"
LATLONG_NUMBERS = "lat and long must be numbers in WGS84 degrees"
LATLONG_RANGE = "lat must be between -90 and 90 and long between -180 and 180"
ADDRESS_TOO_LONG = "address_string must be 300 characters or fewer"
ADDRESS_ID_UNKNOWN = "address_id {id} is not in the partnership's address list (UPRNs)"
DESCRIPTION_TOO_LONG = f"description must be {DESCRIPTION_MAX:,} characters or fewer"
EMAIL_INVALID = "email must be an e-mail address, like name@example.com"
PHONE_INVALID = "phone must be a phone number, like 01632 960 001"
NAME_TOO_LONG = f"first_name and last_name must each be {NAME_MAX} characters or fewer"
MEDIA_URL_INVALID = "media_url must be an http or https URL of at most 2,000 characters"
ATTRIBUTE_UNKNOWN = "attribute[{code}] is not an attribute of this service"
ATTRIBUTE_VALUE = "attribute[{code}] must be one of: {values}"
DATETIME_FORMAT = "{name} must be a W3C date and time with a time zone, like 2010-01-01T00:00:00Z"
OCCURRED_FUTURE = "attribute[occurred_datetime] must not be in the future"
OCCURRED_TOO_OLD = "attribute[occurred_datetime] must be in the last 10 years"
NO_DESCRIPTION = "No description was given. Reported as {service} through the app {app}."
SPAN_TOO_LONG = "start_date and end_date may not span more than 90 days"
START_AFTER_END = "start_date must be before end_date"
STATUS_UNKNOWN = "status must be open or closed, or both comma delimited"
ID_LIST_TOO_LONG = "service_request_id may list at most 1,000 ids"
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]*)\](\[\])?$")


class Refused(Exception):
    """The request cannot be done: the HTTP status and each problem, in the error format."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions


def w3_datetime(text: str, name: str) -> datetime:
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Refused(400, DATETIME_FORMAT.format(name=name))
    return moment


def language(locale: str) -> str:
    """The service's language for the locale a client names (the CitySDK extension's `locale`
    argument), e.g. pl-PL -> pl, zh-TW -> zh-hant; English when none or another is named."""
    codes = [code for code, _ in settings.LANGUAGES]
    wanted = locale.strip().lower().replace("_", "-")
    if wanted:
        if wanted in codes:
            return wanted
        if wanted in ("zh-tw", "zh-hk", "zh-mo"):
            return "zh-hant"
        primary = wanted.split("-")[0]
        for code in codes:
            if code.split("-")[0] == primary and primary != "zh":
                return code
    return "en-gb"


def _attributes(form) -> tuple[dict[str, list[str]], list[str]]:
    given: dict[str, list[str]] = {}
    problems = []
    for name in form:
        match = _ATTRIBUTE.match(name)
        if not match:
            continue
        code = match.group(1)
        if code not in catalogue.ATTRIBUTE_CODES:
            problems.append(ATTRIBUTE_UNKNOWN.format(code=code))
            continue
        given[code] = [value.strip() for value in form.getlist(name) if value.strip()]
    for attribute in catalogue.attributes():
        values = given.get(attribute.code, [])
        keys = [key for key, _ in attribute.values]
        if attribute.values and any(value not in keys for value in values):
            problems.append(ATTRIBUTE_VALUE.format(code=attribute.code, values=", ".join(keys)))
    return given, problems


def _location(form, problems: list[str]) -> dict:
    lat, long = form.get("lat", "").strip(), form.get("long", "").strip()
    address = form.get("address_string", "").strip()
    address_id = form.get("address_id", "").strip()
    place = {"address": address, "uprn": "", "postcode": "", "latitude": None, "longitude": None}
    if not (lat or long or address or address_id):
        problems.append(LOCATION_MISSING)
        return place
    if bool(lat) != bool(long):
        problems.append(LATLONG_PAIR)
    elif lat:
        try:
            latitude, longitude = float(lat), float(long)
        except ValueError:
            problems.append(LATLONG_NUMBERS)
        else:
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                problems.append(LATLONG_RANGE)
            else:
                place["latitude"], place["longitude"] = latitude, longitude
    if len(address) > 300:
        problems.append(ADDRESS_TOO_LONG)
    if address_id:
        known = GazetteerAddress.objects.filter(uprn=address_id[:12]).first()
        if known is None:
            problems.append(ADDRESS_ID_UNKNOWN.format(id=address_id[:12]))
        else:
            place["uprn"], place["postcode"] = known.uprn, known.postcode
            place["address"] = place["address"] or known.address
            if place["latitude"] is None:
                place["latitude"], place["longitude"] = known.latitude, known.longitude
    return place


def _contact(form, problems: list[str]) -> dict:
    first, last = form.get("first_name", "").strip(), form.get("last_name", "").strip()
    email, phone = form.get("email", "").strip(), form.get("phone", "").strip()
    if len(first) > NAME_MAX or len(last) > NAME_MAX:
        problems.append(NAME_TOO_LONG)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(EMAIL_INVALID)
    if phone and not PHONE.match(phone):
        problems.append(PHONE_INVALID)
    return {
        "reporter_name": " ".join(part for part in (first, last) if part),
        "reporter_email": email,
        "reporter_phone": phone,
    }


def _occurred_at(given: dict[str, list[str]], problems: list[str]) -> datetime:
    now = timezone.now()
    values = given.get("occurred_datetime") or []
    if not values:
        return now
    try:
        moment = w3_datetime(values[0], "attribute[occurred_datetime]")
    except Refused as refused:
        problems.extend(refused.descriptions)
        return now
    if moment > now:
        problems.append(OCCURRED_FUTURE)
    elif moment < now - timedelta(days=3653):
        problems.append(OCCURRED_TOO_OLD)
    return moment


def submission(form, *, app_name: str) -> Submission:
    """A POST /requests form as a Submission, or Refused: 400 when service_code is missing or
    anything is malformed, 404 when the service is unknown."""
    code = form.get("service_code", "").strip()
    if not code:
        raise Refused(400, SERVICE_CODE_MISSING)
    service = catalogue.service(code)
    if service is None:
        raise Refused(404, SERVICE_CODE_UNKNOWN.format(code=code[:50]))
    problems: list[str] = []
    place = _location(form, problems)
    contact = _contact(form, problems)
    description = form.get("description", "")  # kept as typed, as the web form keeps it
    if len(description) > DESCRIPTION_MAX:
        problems.append(DESCRIPTION_TOO_LONG)
    media_url = form.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems.append(MEDIA_URL_INVALID)
        if len(media_url) > 2000:
            problems.append(MEDIA_URL_INVALID)
    given, attribute_problems = _attributes(form)
    problems.extend(attribute_problems)
    occurred_at = _occurred_at(given, problems)
    if problems:
        raise Refused(400, *problems)

    def first(code: str) -> str:
        return (given.get(code) or [""])[0]

    return Submission(
        service_code=Report.Type(code).value,
        description=description
        if description.strip()
        else NO_DESCRIPTION.format(service=service.service_name, app=app_name),
        occurred_at=occurred_at,
        happening_now={"yes": True, "no": False}.get(first("happening_now")),
        affected=first("affected"),
        consents_to_contact=first("consent_to_contact") == "yes",
        language=language(form.get("locale", "")),
        media_url=media_url,
        **place,
        **contact,
    )


def filters(query) -> RequestFilters:
    """GET /requests's arguments, or Refused (400). Empty arguments count as not given."""
    ids = [part.strip() for part in query.get("service_request_id", "").split(",") if part.strip()]
    if len(ids) > 1000:
        raise Refused(400, ID_LIST_TOO_LONG)
    if ids:
        return RequestFilters(ids=ids)
    codes = [part.strip() for part in query.get("service_code", "").split(",") if part.strip()]
    statuses = [part.strip() for part in query.get("status", "").split(",") if part.strip()]
    problems = []
    if any(status not in ("open", "closed") for status in statuses):
        problems.append(STATUS_UNKNOWN)
    start = end = None
    for name in ("start_date", "end_date"):
        if query.get(name, "").strip():
            try:
                moment = w3_datetime(query[name], name)
            except Refused as refused:
                problems.extend(refused.descriptions)
            else:
                start, end = (moment, end) if name == "start_date" else (start, moment)
    if start and end and start > end:
        problems.append(START_AFTER_END)
    elif start and end and end - start > DEFAULT_SPAN:
        problems.append(SPAN_TOO_LONG)
    if problems:
        raise Refused(400, *problems)
    return RequestFilters(
        service_codes=codes or None, start=start, end=end, statuses=statuses or None
    )
