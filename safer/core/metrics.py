"""Prometheus metrics for /metrics: request counts and latencies, the task queue, and whatever
the domain apps register in METRICS_COLLECTORS (intel's import runs).

Request metrics are counted in each gunicorn worker. With PROMETHEUS_MULTIPROC_DIR set (as
`./run serve` and the systemd unit do) prometheus-client keeps them in files there, and a scrape
adds up every worker's; gunicorn's child_exit hook (config/gunicorn.conf.py) retires a dead
worker's files. Without it (the development server, tests) they are this process's only.
Figures that live in the database are read at scrape time, so every worker answers the same.
"""

import os

from django.conf import settings
from django.db.models import Count
from django.utils.module_loading import import_string
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter(
    "safer_http_requests_total",
    "HTTP requests answered, by view name, method and status",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "safer_http_request_duration_seconds",
    "Time to answer an HTTP request, by view name",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


# Any other method is counted as "other", so made-up methods cannot grow the label set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_observe(*, view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


def task_queue_metrics():
    """django-tasks rows by status and queue: READY is the queue depth, FAILED the failures."""
    from django_tasks_db.models import DBTaskResult

    family = GaugeMetricFamily(
        "safer_tasks",
        "Background tasks in the database, by status and queue",
        labels=["status", "queue"],
    )
    rows = DBTaskResult.objects.values("status", "queue_name").annotate(count=Count("id"))
    for row in rows.order_by("status", "queue_name"):
        family.add_metric([row["status"], row["queue_name"]], row["count"])
    yield family


class DatabaseCollector:
    """Asks the database (and the apps' collectors) at scrape time."""

    def collect(self):
        yield from task_queue_metrics()
        for path in settings.METRICS_COLLECTORS:
            yield from import_string(path)()


def exposition() -> tuple[bytes, str]:
    """The metrics page in the Prometheus text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
