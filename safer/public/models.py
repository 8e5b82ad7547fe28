"""Single-use links that let a resident see the status of a report they sent."""

import hashlib

from django.db import models
from django.utils import timezone

from safer.cases.models import Report


class StatusLink(models.Model):
    """A link e-mailed to the address a report was sent with; only the SHA-256 digest of its
    token is kept, so the table alone opens nothing. Spent once used, dead once expired."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Status link {self.pk}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
