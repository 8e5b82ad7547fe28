"""Hate incidents reported by the public (or by phone), the routing rules co-ordinators
maintain, and where each incident was sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation

TEXT_MAX = 5000
OTHER_MOTIVATION_MISSING = _("Describe the other reason")


class Motivation(models.TextChoices):
    RACE = "race", _("Race or ethnicity")
    RELIGION = "religion", _("Religion or belief")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    DISABILITY = "disability", _("Disability")
    TRANSGENDER = "transgender", _("Transgender identity")
    SUBCULTURE = "subculture", _("Alternative subculture")
    OTHER = "other", _("Something else")


class HateIncident(TimeStampedModel):
    """One incident as the reporter told it; their words are kept exactly as typed, with the
    language of the page they used."""

    class ReporterRole(models.TextChoices):
        VICTIM = "victim", _("It happened to me")
        WITNESS = "witness", _("I saw it happen")
        THIRD_PARTY = "third_party", _("I am reporting for someone else")

    class ReceivedVia(models.TextChoices):
        WEB = "web", "Web form"
        PHONE = "phone", "Phone (recorded by staff)"

    reference = models.CharField(max_length=20, unique=True)
    reporter_role = models.CharField(max_length=20, choices=ReporterRole.choices)
    anonymous = models.BooleanField(default=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    what_happened = models.TextField(max_length=TEXT_MAX)
    postcode = models.CharField(max_length=10, blank=True)
    place = models.CharField(max_length=500, blank=True)
    happened_on = models.DateField()
    happened_time = models.CharField(max_length=100, blank=True)
    motivations = models.JSONField(default=list)
    other_motivation = models.CharField(max_length=200, blank=True)
    consent_contact = models.BooleanField(default=False)
    consent_referral = models.BooleanField(default=False)
    consent_police = models.BooleanField(default=False)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en-gb")
    received_via = models.CharField(max_length=10, choices=ReceivedVia.choices, default="web")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        unknown = set(self.motivations) - set(Motivation.values)
        if not self.motivations or unknown:
            raise ValidationError({"motivations": _("Select why you think it happened")})
        if Motivation.OTHER in self.motivations and not self.other_motivation.strip():
            raise ValidationError({"other_motivation": OTHER_MOTIVATION_MISSING})

    @property
    def motivation_labels(self) -> list[str]:
        return [str(Motivation(m).label) for m in self.motivations if m in Motivation.values]

    @property
    def language_name(self) -> str:
        """The page's language named in English, for staff ("Written in Urdu")."""
        return LANGUAGE_NAMES.get(self.language, self.language)


LANGUAGE_NAMES = {
    "en-gb": "English",
    "pl": "Polish",
    "pa": "Punjabi",
    "zh-hant": "Chinese (Traditional)",
    "ur": "Urdu",
}


class RoutingRule(TimeStampedModel):
    """Where incidents of a motivation in an area go. The most specific active rule wins (area
    before any area, motivation before any motivation), then the lowest priority number."""

    motivation = models.CharField(
        max_length=30, choices=Motivation.choices, blank=True, help_text="Blank: any motivation"
    )
    area = models.CharField(
        max_length=4,
        blank=True,
        help_text="A postcode district such as OX16, or an area such as OX; blank: anywhere",
    )
    referral_consent_required = models.BooleanField(default=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(default=10)
    first_contact_hours = models.PositiveSmallIntegerField(default=48)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        motivation = self.get_motivation_display() or "Any motivation"
        return f"{motivation}, {self.area or 'any area'} -> {self.organisation}"

    def clean(self) -> None:
        self.area = self.area.strip().upper()
        if self.area and not self.area.isalnum():
            raise ValidationError({"area": "Enter a postcode district such as OX16, or leave it"})
        if self.first_contact_hours < 1:
            raise ValidationError({"first_contact_hours": "Enter at least 1 hour"})


class Routing(TimeStampedModel):
    """One incident sent to one organisation, by a rule (or to the police with consent), and
    when that organisation must first contact the reporter."""

    incident = models.ForeignKey(HateIncident, on_delete=models.CASCADE, related_name="routings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="routings"
    )
    routed_at = models.DateTimeField()
    first_contact_due = models.DateTimeField()
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    first_contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ["first_contact_due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "organisation"], name="hate_routing_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident} -> {self.organisation}"
