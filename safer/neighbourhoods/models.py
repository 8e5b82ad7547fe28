"""The partnership's neighbourhoods and what police.uk publishes about each: its boundary, its
team, its events and the Neighbourhood Action Group's priorities. All of it is public once saved
(police.uk's neighbourhood calls and the public pages read it), so nothing personal beyond a team
member's work contact details belongs here."""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel


class Neighbourhood(TimeStampedModel):
    """A neighbourhood policing area. `slug` is its police.uk-style id (`/api/<force>/<slug>`).

    `boundary` holds its outline as a list of polygons, each a list of rings, each ring a list of
    [latitude, longitude] pairs (the first ring the outside, any others holes), from an uploaded
    GeoJSON file or built from `lsoa_codes`."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    lsoa_codes = models.JSONField(default=list, blank=True)
    boundary = models.JSONField(default=list, blank=True)
    centre_latitude = models.FloatField(null=True, blank=True)
    centre_longitude = models.FloatField(null=True, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=30, blank=True)
    contact_website = models.URLField(blank=True)
    # Police stations and other places to meet the team: [{"name", "address", "postcode",
    # "latitude", "longitude", "type", "description"}], as police.uk's `locations`.
    locations = models.JSONField(default=list, blank=True)
    # Useful links: [{"url", "title", "description"}], as police.uk's `links`.
    links = models.JSONField(default=list, blank=True)
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TeamMember(TimeStampedModel):
    """Someone in a neighbourhood's team as the public meet them: name, rank, work contacts."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(max_length=200)
    rank = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=30, blank=True)
    photo = models.ImageField(upload_to="neighbourhoods/team/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["neighbourhood", "order", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.rank} {self.name}".strip()


class Event(TimeStampedModel):
    """A street surgery, beat meeting or other public event in a neighbourhood."""

    class Type(models.TextChoices):
        BEAT_MEETING = "meeting", "Beat meeting"
        STREET_SURGERY = "surgery", "Street surgery"
        NAG_MEETING = "nag", "Neighbourhood Action Group meeting"
        OTHER = "other", "Other event"

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.BEAT_MEETING)
    description = models.TextField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Priority(TimeStampedModel):
    """A Neighbourhood Action Group priority: the issue, the action taken, and their dates.
    Current until `closed_on` is set."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="priorities"
    )
    issue = models.TextField()
    issue_date = models.DateField()
    action = models.TextField(blank=True)
    action_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.issue[:60]
