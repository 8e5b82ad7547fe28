"""Open311 GeoReport v2: the apps allowed to send reports (each with a key kept only as a
digest), and which app sent which report."""

from django.conf import settings
from django.db import models

from safer.cases.models import Report
from safer.core.models import TimeStampedModel


class Open311Key(TimeStampedModel):
    """An API key issued to one civic reporting app. Only the SHA-256 digest of the key is
    stored, so a copy of the database cannot be used to send reports; the first characters are
    kept (`prefix`) so administrators can tell keys apart in the list."""

    app_name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["app_name", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.app_name} ({self.prefix}...)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Open311Request(TimeStampedModel):
    """A report that arrived through Open311: the app that sent it, and what the GeoReport
    request carried that the report has no field for. The service_request_id is the report's
    reference; the token answers GET /tokens/<token> (for services of type "batch")."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="open311")
    key = models.ForeignKey(Open311Key, on_delete=models.PROTECT, related_name="requests")
    token = models.CharField(max_length=32, unique=True)
    media_url = models.URLField(max_length=2000, blank=True)
    # The point as published (the submitted one snapped to a grid, see selectors.public_point);
    # null when the app sent an address instead of a point.
    public_lat = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    public_long = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report.reference} from {self.key.app_name}"
