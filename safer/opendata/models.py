"""What the partnership publishes beside the crime data: partnership news ("success stories")
and the safety messages shown on community screens. Everything here is public once published,
so nothing personal belongs in it."""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation


class NewsItem(TimeStampedModel):
    """A success story a co-ordinator writes; public at /news/<slug> while published."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = [models.F("published_at").desc(nulls_first=True), "-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SafetyMessage(TimeStampedModel):
    """A short message from a partner for the community screens, shown from `starts_on` to
    `ends_on` once a co-ordinator approves it; for every screen, or one neighbourhood's."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    text = models.CharField(max_length=280)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="opendata_safetymessage_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
