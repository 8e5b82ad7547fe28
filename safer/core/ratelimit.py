"""Per-caller limits on how often something may be done, such as the people match check.

A fixed window per caller: the first use starts it, at most `limit` uses fit in it, and when it
ends the count starts again. The counter lives in the database (core.RateCounter) so that every
gunicorn worker and every restart shares it; the row is locked while it is read and written, so
two requests at once cannot both take the last use.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
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
    """Count `cost` uses of `scope` by `key`, or raise RateLimited (counting none of them)."""
    now = timezone.now()
    with transaction.atomic():
        counter, _ = RateCounter.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_start": now}
        )
        if counter.window_start + rate.window <= now:
            counter.window_start, counter.hits = now, 0
        allowed = counter.hits + cost <= rate.limit
        if allowed:
            counter.hits += cost
            counter.save(update_fields=["window_start", "hits"])
    if not allowed:
        raise RateLimited(counter.window_start + rate.window, now)


def check(scope: str, key: str, rate: Rate) -> None:
    """Raise RateLimited if `key` has used up `scope` in the current window; counts nothing.

    For limits on failures: refuse a caller who has failed too often before trying again, even
    if this attempt would succeed (else guessing would go on until a guess was right)."""
    now = timezone.now()
    counter = RateCounter.objects.filter(scope=scope, key=key).first()
    if counter and counter.window_start + rate.window > now and counter.hits >= rate.limit:
        raise RateLimited(counter.window_start + rate.window, now)
