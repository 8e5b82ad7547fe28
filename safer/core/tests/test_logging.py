"""Structured logs and the request id: one JSON object per line, the id from a sane proxy header
or made here, answered as X-Request-ID and carried on every line of the request."""

import json
import logging

import pytest

from safer.core import request_context
from safer.core.logging import JsonFormatter, logging_config
from safer.core.middleware import REQUEST_ID_FORMAT

pytestmark = pytest.mark.django_db


def _record(message="Case %s opened", *args, **extra):
    record = logging.LogRecord("safer.cases", logging.WARNING, __file__, 1, message, args, None)
    for name, value in extra.items():
        setattr(record, name, value)
    return record


def test_a_line_is_one_json_object_with_the_requests_fields():
    token = request_context.set_current(
        request_context.RequestContext(path="/cases/ASB-1/", request_id="abc-1", user_id=7)
    )
    try:
        line = JsonFormatter().format(
            _record("Case %s opened", "ASB-1", status=200, duration_ms=3.5)
        )
    finally:
        request_context.reset(token)

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "safer.cases"
    assert entry["message"] == "Case ASB-1 opened"
    assert entry["request_id"] == "abc-1"
    assert entry["user_id"] == 7
    assert entry["path"] == "/cases/ASB-1/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 3.5
    assert entry["time"].endswith("+00:00")


def test_outside_a_request_a_line_has_no_request_fields_and_keeps_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = _record("failed")
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))

    assert "request_id" not in entry
    assert "user_id" not in entry
    assert "ValueError: broken" in entry["exception"]


def test_log_format_is_json_or_plain_only():
    assert logging_config("json", "INFO")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT must be json or plain"):
        logging_config("xml", "INFO")


def test_a_sane_request_id_from_the_proxy_is_kept(client):
    response = client.get("/livez", HTTP_X_REQUEST_ID="3f9c2a.nginx_1-2")
    assert response["X-Request-ID"] == "3f9c2a.nginx_1-2"


@pytest.mark.parametrize(
    "offered", ["", "a" * 65, "has space", "semi;colon", "new\nline", 'quote"d', "é"]
)
def test_an_odd_request_id_is_replaced_by_a_new_one(client, offered):
    response = client.get("/livez", HTTP_X_REQUEST_ID=offered)
    made = response["X-Request-ID"]
    assert made != offered
    assert REQUEST_ID_FORMAT.fullmatch(made)


def test_each_request_gets_its_own_id(client):
    assert client.get("/livez")["X-Request-ID"] != client.get("/livez")["X-Request-ID"]


class JsonLines(logging.Handler):
    """Formats records as they are emitted, while the request's context is still set."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


def test_the_request_line_names_the_view_status_user_and_duration(client, caseworker):
    client.force_login(caseworker)
    handler = JsonLines()
    request_logger = logging.getLogger("safer.request")
    request_logger.addHandler(handler)
    level = request_logger.level
    request_logger.setLevel(logging.INFO)
    try:
        client.get("/no-such-page", HTTP_X_REQUEST_ID="req-42")
        client.get("/livez", HTTP_X_REQUEST_ID="req-43")
    finally:
        request_logger.removeHandler(handler)
        request_logger.setLevel(level)

    missing, livez = handler.lines
    assert missing["message"] == "GET /no-such-page 404"
    assert missing["request_id"] == "req-42"
    assert missing["user_id"] == caseworker.pk
    assert missing["path"] == "/no-such-page"
    assert missing["status"] == 404
    assert missing["view"] == "unmatched"
    assert missing["duration_ms"] >= 0
    assert livez["view"] == "core:livez"
    assert livez["request_id"] == "req-43"
