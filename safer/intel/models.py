"""What the case database keeps about the intelligence hub: import records and custom areas.

Crime rows themselves live in Parquet files under INTEL_DATA_DIR (see storage.py).
"""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel


class CrimeImport(TimeStampedModel):
    """One file offered to the importer, and what became of it (stored whole, or rejected)."""

    class Status(models.TextChoices):
        STORED = "stored", "Stored"
        REJECTED = "rejected", "Rejected"

    import_id = models.CharField(max_length=32, unique=True)
    file_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows_read = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_duplicated = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    months = models.JSONField(default=list, blank=True)
    # The first bad lines, each {"line": n, "reason": "..."}; rows_rejected has the full count.
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class CustomArea(TimeStampedModel):
    """An area drawn by the partnership (ward, beat, town centre) as GeoJSON in lon/lat."""

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=50, blank=True, help_text="For example ward, beat or town centre"
    )
    geometry = models.JSONField(help_text="A GeoJSON Polygon or MultiPolygon in WGS84 (lon/lat)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
