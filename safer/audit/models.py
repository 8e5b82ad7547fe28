"""The audit log: one append-only, hash-chained row for every sensitive read and every change.

Rows are written only by `safer.audit.services.record`. The database itself refuses UPDATE and
DELETE on the table (triggers installed by migration 0002), and the ORM refuses them too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.partners.models import Organisation

APPEND_ONLY = "Audit events are append-only: they cannot be changed or deleted"


class AuditEventQuerySet(models.QuerySet):
    """Reads as usual; bulk changes are refused so nobody rewrites history through the ORM."""

    def update(self, **kwargs):
        raise TypeError(APPEND_ONLY)

    def delete(self):
        raise TypeError(APPEND_ONLY)

    def bulk_create(self, *args, **kwargs):
        raise TypeError("Write audit events one at a time with safer.audit.record()")

    def bulk_update(self, *args, **kwargs):
        raise TypeError(APPEND_ONLY)


class AuditEvent(models.Model):
    """Who did what to which record, when and from where; one link in a SHA-256 hash chain."""

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Users with history are deactivated, never deleted; the username is kept so the row stays
    # readable on its own (and in exports).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # A short reference such as "Person 42": never a name or other personal data by default.
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # The request that wrote the row (X-Request-ID), to find its lines in the service's logs.
    # Null, not blank, so SQLite adds the column without rebuilding the table (which would drop
    # the append-only triggers of migration 0002); rows from before it and from commands have none.
    request_id = models.CharField(max_length=64, null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        who = self.actor_username or "system"
        return f"{self.action} by {who} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(APPEND_ONLY)
