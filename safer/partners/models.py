"""Partner organisations, who works for which, and the ownership every shared record carries."""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel
from safer.partners.roles import Role


class Organisation(TimeStampedModel):
    """A member organisation of the Community Safety Partnership."""

    class Kind(models.TextChoices):
        DISTRICT_COUNCIL = "district_council", "District council"
        COUNTY_COUNCIL = "county_council", "County council"
        POLICE = "police", "Police"
        POLICE_AUTHORITY = "police_authority", "Police authority or commissioner"
        SOCIAL_LANDLORD = "social_landlord", "Registered social landlord"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health"
        FIRE_RESCUE = "fire_rescue", "Fire and rescue"
        YOUTH_SERVICE = "youth_service", "Youth service"
        VOLUNTARY = "voluntary", "Voluntary organisation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=20, blank=True, help_text="Abbreviation used in action plans, e.g. TVP, CDC"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's place in the partnership: the organisation they work for and their role.

    A role that sees records, given by an administrator, waits for a co-ordinator of that
    organisation to approve it; until then (or once refused) it grants nothing (partners.access).
    """

    class Approval(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Waiting for a co-ordinator to approve"
        REFUSED = "refused", "Refused by a co-ordinator"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    approval = models.CharField(max_length=10, choices=Approval.choices, default=Approval.APPROVED)
    # Who asked for the role and organisation now waiting for approval (or last decided).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class OrganisationOwned(TimeStampedModel):
    """A record that belongs to one organisation and may be shared with others.

    Whether a user may see or change it is decided in partners.access, nowhere else.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    shared_with = models.ManyToManyField(
        Organisation, blank=True, related_name="shared_%(app_label)s_%(class)s"
    )

    class Meta:
        abstract = True
