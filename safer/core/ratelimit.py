"""Per-caller limits on how often something may be done, such as the people match check.

A fixed window per caller: the first use starts it, at most `limit` uses fit in it, and when it
ends the count starts again. The counter lives in the database (core.RateCounter) so that every
gunicorn worker and every restart shares it; the row is locked while it is read and written, so
two requests at once cannot both take the last use.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from safer.core.models import RateCounter


@dataclass(frozen=True)
class Rate:
    """At most `limit` uses in `window`."""

    limit: int
    window: timedelta


class RateLimited(Exception):
    """Over the limit: nothing was counted, and uses resume at `resumes_at`."""

    def __init__(self, resumes_at: datetime, now: datetime):
        super().__init__(f"Rate limit reached until {resumes_at.isoformat()}")
        self.resumes_at = resumes_at
        # Whole seconds, at least one, as the Retry-After header wants them.
        self.retry_after = max(1, math.ceil((resumes_at - now).total_seconds()))


def consume(scope: str, key: str, rate: Rate, *, cost: int = 1) -> None:
    """Count `cost` uses of `scope` by `key`, or raise RateLimited (counting none of them).

    One statement does it (an upsert that starts a new window when the old one has ended and
    adds the cost only while it fits), so a check costs one round trip and the row is locked
    only for that statement; PostgreSQL and SQLite (3.35+) both run it."""
    now = timezone.now()
    if cost > rate.limit:
        raise RateLimited(now + rate.window, now)
    table = RateCounter._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    ended = adapt(now - rate.window)  # a window that started at or before this has ended
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (scope, key, window_start, hits) VALUES (%s, %s, %s, %s)
            ON CONFLICT (scope, key) DO UPDATE SET
              window_start = CASE WHEN {table}.window_start <= %s
                THEN excluded.window_start ELSE {table}.window_start END,
              hits = CASE WHEN {table}.window_start <= %s
                THEN excluded.hits ELSE {table}.hits + excluded.hits END
            WHERE {table}.window_start <= %s OR {table}.hits + excluded.hits <= %s
            RETURNING hits""",  # noqa: S608 - the table name is the model's
            [scope, key, adapt(now), cost, ended, ended, ended, rate.limit],
        )
        counted = cursor.fetchone() is not None
    if not counted:
        started = (
            RateCounter.objects.filter(scope=scope, key=key)
            .values_list("window_start", flat=True)
            .first()
        )
        raise RateLimited((started or now) + rate.window, now)


def check(scope: str, key: str, rate: Rate) -> None:
    """Raise RateLimited if `key` has used up `scope` in the current window; counts nothing.

    For limits on failures: refuse a caller who has failed too often before trying again, even
    if this attempt would succeed (else guessing would go on until a guess was right)."""
    check_all([(scope, key)], rate)


def check_all(counters: list[tuple[str, str]], rate: Rate) -> None:
    """check() for several (scope, key) counters in one read: the latest resumption of those
    used up, if any (an API request checks its address and its key id before every token)."""
    now = timezone.now()
    wanted = Q()
    for scope, key in counters:
        wanted |= Q(scope=scope, key=key)
    ends = [
        start + rate.window
        for start, hits in RateCounter.objects.filter(wanted).values_list("window_start", "hits")
        if start + rate.window > now and hits >= rate.limit
    ]
    if ends:
        raise RateLimited(max(ends), now)
