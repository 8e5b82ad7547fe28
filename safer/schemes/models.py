"""Business crime schemes: Pubwatch, Shopwatch, Nightsafe and business crime reduction
partnerships, run by a council or the police for the businesses that join them.

Member businesses and their named users share incident reports, offender profiles and exclusions
under the scheme's information-sharing agreement. Member users are accounts of their own kind:
no partner organisation, only their schemes (see access.py and middleware.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation


class Approval(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    REMOVED = "removed", "Removed"


class Scheme(TimeStampedModel):
    """One scheme, administered by a council or police organisation (its staff approve members,
    issue exclusions and see every incident); a police partner, when named, sees the same."""

    class Kind(models.TextChoices):
        PUBWATCH = "pubwatch", "Pubwatch"
        SHOPWATCH = "shopwatch", "Shopwatch"
        NIGHT_TIME_ECONOMY = "night_time_economy", "Night-time economy"
        BCRP = "bcrp", "Business crime reduction partnership"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="schemes_administered"
    )
    police = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schemes_policed",
        help_text="The police organisation working with the scheme, if not its administrator",
    )
    description = models.TextField(blank=True)
    # An area of the intelligence hub (local authority, LSOA or drawn area id) for its measures.
    area = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgreementVersion(models.Model):
    """A version of the scheme's information-sharing agreement; the newest is the one in force
    and every member user signs it before seeing anything."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    text = models.TextField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["scheme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="schemes_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} agreement v{self.version}"


class MemberBusiness(TimeStampedModel):
    """A business (premises) in a scheme, approved by the scheme's administrator."""

    class Type(models.TextChoices):
        PUB = "pub", "Pub or bar"
        NIGHTCLUB = "nightclub", "Nightclub"
        RESTAURANT = "restaurant", "Restaurant or takeaway"
        OFF_LICENCE = "off_licence", "Off-licence or convenience store"
        SUPERMARKET = "supermarket", "Supermarket"
        RETAIL = "retail", "Shop"
        SHOPPING_CENTRE = "shopping_centre", "Shopping centre"
        OTHER = "other", "Other"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="businesses")
    name = models.CharField(max_length=200)
    business_type = models.CharField(max_length=20, choices=Type.choices)
    premises_licence_number = models.CharField(max_length=50, blank=True)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Approval.choices, default=Approval.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="schemes_business_name"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="schemes_business_point",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchemeUser(TimeStampedModel):
    """A named user of a member business: the only way a member account reaches anything."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheme_roles"
    )
    business = models.ForeignKey(MemberBusiness, on_delete=models.CASCADE, related_name="users")
    status = models.CharField(max_length=10, choices=Approval.choices, default=Approval.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["business", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="schemes_user_business")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.business}"


class AgreementSignature(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signed")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="schemes_signature_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} signed {self.version}"


class OffenderProfile(TimeStampedModel):
    """A person the scheme has excluded, with photographs. Shown to members only while an
    exclusion is in force and only for adults; emptied by the retention job once it ends."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="profiles")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scheme_profiles",
    )
    # What members may be told: how to recognise them; no address or contact details.
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the personal data and images were removed"
    )

    class Meta:
        ordering = ["scheme", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "person"],
                condition=Q(person__isnull=False),
                name="schemes_profile_person_once",
            )
        ]

    def __str__(self) -> str:
        if self.person_id is None:
            return f"Removed profile {self.pk}"
        return self.person.full_name or f"Profile {self.pk}"


def photo_path(instance, filename: str) -> str:
    return f"schemes/profiles/{instance.profile_id}/{filename}"


class OffenderPhoto(models.Model):
    profile = models.ForeignKey(OffenderProfile, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Photograph {self.pk} of profile {self.profile_id}"


class Exclusion(TimeStampedModel):
    """A ban from the scheme's premises, in force from `starts_on` until the day before
    `ends_on` (or the day before `ended_on`, when ended early on appeal or by the scheme)."""

    profile = models.ForeignKey(
        OffenderProfile, on_delete=models.PROTECT, related_name="exclusions"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="exclusions")
    starts_on = models.DateField()
    ends_on = models.DateField()
    area = models.CharField(max_length=300, help_text="The area it covers, in words")
    premises = models.ManyToManyField(MemberBusiness, related_name="exclusions")
    reason = models.TextField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="schemes_exclusion_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"Exclusion {self.pk} ({self.starts_on} to {self.ends_on})"

    @property
    def last_day(self):
        """The first day it no longer applies."""
        return min(self.ends_on, self.ended_on) if self.ended_on else self.ends_on

    def in_force_on(self, day) -> bool:
        return self.starts_on <= day < self.last_day


class Appeal(TimeStampedModel):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        UPHELD = "upheld", "Upheld: exclusion ended"
        DISMISSED = "dismissed", "Dismissed: exclusion stands"

    exclusion = models.ForeignKey(Exclusion, on_delete=models.CASCADE, related_name="appeals")
    received_on = models.DateField()
    grounds = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]


class Incident(TimeStampedModel):
    """An incident a member reports at (by default) their premises."""

    class Kind(models.TextChoices):
        THEFT = "theft", "Theft (shoplifting)"
        VIOLENCE = "violence", "Violence or assault"
        ABUSE = "abuse", "Abuse or threats to staff"
        DISORDER = "disorder", "Drunk or disorderly"
        DRUGS = "drugs", "Drugs"
        DAMAGE = "damage", "Criminal damage"
        UNDERAGE = "underage", "Under-age drinking or attempt to buy"
        OTHER = "other", "Other"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="incidents")
    business = models.ForeignKey(MemberBusiness, on_delete=models.PROTECT, related_name="incidents")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=300)
    description = models.TextField()
    offender = models.ForeignKey(
        OffenderProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    offender_description = models.TextField(blank=True)
    goods_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    cctv_held = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=50, blank=True)
    # The exclusion this broke: a known offender at premises their exclusion covered.
    breach_of = models.ForeignKey(
        Exclusion, on_delete=models.SET_NULL, null=True, blank=True, related_name="breaches"
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["scheme", "occurred_at"], name="schemes_incident_when")]


class Alert(models.Model):
    """An urgent message to a scheme's members: all of them, those in one postcode area, or
    those whose premises lie inside one of the partnership's areas (a ward, beat or town centre
    drawn or uploaded in the intelligence hub)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="alerts")
    title = models.CharField(max_length=150)
    body = models.TextField()
    postcode_area = models.CharField(max_length=8, blank=True)
    area = models.ForeignKey(
        "intel.CustomArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area_name = models.CharField(max_length=200, blank=True)  # kept if the area is removed
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AlertReceipt(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="schemes_receipt")]

    def __str__(self) -> str:
        return f"{self.alert} to {self.user}"


class ProfileView(models.Model):
    """A member's view of a profile (also in the audit log): shown back to them as 'last
    viewed'."""

    profile = models.ForeignKey(OffenderProfile, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["profile", "user", "viewed_at"], name="schemes_view")]

    def __str__(self) -> str:
        return f"{self.user} viewed profile {self.profile_id}"


class TestPurchase(TimeStampedModel):
    """A test purchase operation at licensed premises (an under-age volunteer tries to buy)."""

    class Product(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        TOBACCO = "tobacco", "Tobacco"
        VAPES = "vapes", "Vapes"
        KNIVES = "knives", "Knives"
        FIREWORKS = "fireworks", "Fireworks"
        OTHER = "other", "Other age-restricted product"

    class Result(models.TextChoices):
        REFUSED = "refused", "Refused (passed)"
        SOLD = "sold", "Sold (failed)"

    __test__ = False  # not a pytest test class, whatever its name

    business = models.ForeignKey(
        MemberBusiness, on_delete=models.PROTECT, related_name="test_purchases"
    )
    conducted_on = models.DateField()
    product = models.CharField(max_length=20, choices=Product.choices)
    result = models.CharField(max_length=10, choices=Result.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-conducted_on", "-pk"]


class LicensingReview(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"

    class Decision(models.TextChoices):
        """The steps a licensing authority may take on a review (Licensing Act 2003, s.52)."""

        NO_ACTION = "no_action", "No action"
        WARNING = "warning", "No action, with a warning"
        MODIFY_CONDITIONS = "modify_conditions", "Modify the conditions of the licence"
        EXCLUDE_ACTIVITY = "exclude_activity", "Exclude a licensable activity"
        REMOVE_DPS = "remove_dps", "Remove the designated premises supervisor"
        SUSPEND = "suspend", "Suspend the licence (up to three months)"
        REVOKE = "revoke", "Revoke the licence"

    business = models.ForeignKey(MemberBusiness, on_delete=models.PROTECT, related_name="reviews")
    applied_on = models.DateField()
    grounds = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    outcome = models.TextField(blank=True)  # the committee's reasons
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incidents = models.ManyToManyField(Incident, blank=True, related_name="reviews")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]


class LicenceCondition(TimeStampedModel):
    business = models.ForeignKey(
        MemberBusiness, on_delete=models.PROTECT, related_name="conditions"
    )
    text = models.TextField()
    imposed_on = models.DateField()
    review = models.ForeignKey(
        LicensingReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conditions",
    )
    removed_on = models.DateField(null=True, blank=True)
    # The review whose decision removed (or replaced) it, when one did.
    removed_by_review = models.ForeignKey(
        LicensingReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conditions_removed",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["imposed_on", "pk"]

    def __str__(self) -> str:
        return self.text
