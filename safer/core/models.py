"""Base models shared by every domain app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change times, kept on every domain record."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RateCounter(models.Model):
    """How often one caller has done one limited thing in the current window (core.ratelimit).

    Kept in the database, not Django's cache: the service runs several gunicorn workers, each
    with its own memory, and a per-process counter would multiply the limit by their number and
    forget it on every restart. One row per caller and thing, rewritten when its window ends.
    """

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_ratecounter_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} by {self.key}: {self.hits} since {self.window_start:%Y-%m-%d %H:%M}"
