"""Structured logs: one JSON object per line, with the request each line belongs to.

LOG_FORMAT=json (the default when DEBUG is false) sends every log record through JsonFormatter,
so a log shipper reads fields instead of parsing text. Each line carries the request id of
RequestContextMiddleware (also stored in audit rows and answered as X-Request-ID), so one
request's lines, its audit rows and the proxy's log line are found together. This module
imports nothing from Django: gunicorn's master process formats its own lines with it too.
"""

import json
import logging
from datetime import UTC, datetime

from safer.core import request_context

# The fields a request's lines may carry beyond the standard ones (passed as `extra=`).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "view")


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, user_id, path, status, duration_ms, [exception]."""

    def format(self, record: logging.LogRecord) -> str:
        context = request_context.current()
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if context.request_id:
            entry["request_id"] = context.request_id
        if context.user_id is not None:
            entry["user_id"] = context.user_id
        if context.path:
            entry["path"] = context.path
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict:
    """The LOGGING setting: JSON lines or plain text to standard error."""
    if log_format not in ("json", "plain"):
        raise ValueError(f"LOG_FORMAT must be json or plain, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "safer.core.logging.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # WeasyPrint logs each step of every letter it lays out; keep its warnings only.
            "weasyprint.progress": {"level": "WARNING"},
            # Our own line per request replaces Django's (which has no duration or request id).
            "django.request": {"level": "ERROR"},
        },
    }
