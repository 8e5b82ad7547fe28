"""GeoReport v2's two formats: XML (required by the specification) and JSON, the Spark
convention's mapping of the same tree (a list of <request> elements inside <service_requests>
becomes a JSON list of objects; a list of strings inside <formats> a list of strings)."""

import re
from datetime import UTC, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.http import HttpResponse, JsonResponse

# Characters XML 1.0 cannot hold (most control characters): left out of XML text, so an
# account or a path with one still gives a well-formed answer.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def w3(moment: datetime | None) -> str | None:
    """A W3C date and time with its offset (the specification's required form), in UTC."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _element(name: str, value, item_names: dict[str, str]) -> ET.Element:
    """<name> holding `value`: a dict's keys as children, a list's items as <item_names[name]>
    children, anything else as text (None as an empty element)."""
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item, item_names))
    elif isinstance(value, list):
        for item in value:
            element.append(_element(item_names[name], item, item_names))
    else:
        element.text = _text(value)
    return element


# The element name of each list's items, from the specification's examples.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def respond(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """`data` (a list or dict) as JSON, or as XML under <root>, UTF-8 with its declaration."""
    if fmt == "json":
        return JsonResponse(
            _jsonable(data),
            safe=False,
            status=status,
            content_type=FORMATS["json"],
            json_dumps_params={"ensure_ascii": False},
        )
    tree = _element(root, data, ITEM_NAMES)
    body = ET.tostring(tree, encoding="unicode")
    return HttpResponse(
        f'<?xml version="1.0" encoding="utf-8"?>\n{body}'.encode(),
        status=status,
        content_type=FORMATS["xml"],
    )


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The specification's error answer: a list of {code, description}, the code the HTTP
    status, one entry per problem."""
    fmt = fmt if fmt in FORMATS else "json"
    body = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt, "errors", body, status=status)
