"""Community Trigger (ASB case review): an application, the complaints it counts, the decision,
the review with its attendees, findings and recommendations, and an appeal."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info

from safer.cases.models import Report
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation, OrganisationOwned
from safer.people.models import Person


class Application(OrganisationOwned):
    """One application for a case review, by the victim or on their behalf. Owned by the
    organisation of the user who recorded it (a web application: the organisation named by
    COMMUNITY_TRIGGER_PUBLIC_ORGANISATION); seen by that organisation (partners.access)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Awaiting decision"
        NOT_MET = "not_met", "Threshold not met"
        REVIEW_SCHEDULED = "review_scheduled", "Review scheduled"
        REVIEW_HELD = "review_held", "Review held"
        CLOSED = "closed", "Closed"

    class ReceivedVia(models.TextChoices):
        STAFF = "staff", "Recorded by staff"
        WEB = "web", "Web form"

    reference = models.CharField(max_length=20, unique=True)
    applicant_first_name = models.CharField(max_length=100)
    applicant_last_name = models.CharField(max_length=100)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=30, blank=True)
    # When someone applies for the victim: the victim's name and the applicant's relationship.
    on_behalf_of_name = models.CharField(max_length=200, blank=True)
    on_behalf_of_relationship = models.CharField(max_length=100, blank=True)
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField()
    received_via = models.CharField(
        max_length=10, choices=ReceivedVia.choices, default=ReceivedVia.STAFF
    )
    # None for an application the public sent through the web form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The language of the page the applicant used (web form); their words are kept as typed.
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    threshold_met = models.BooleanField(default=False)
    qualifying_complaints = models.PositiveIntegerField(default=0)
    decision_due = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_letter = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="ct_application_status_idx"),
            models.Index(fields=["received_on"], name="ct_application_received_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def applicant_name(self) -> str:
        return f"{self.applicant_first_name} {self.applicant_last_name}".strip()

    @property
    def language_name(self) -> str:
        """The language the applicant wrote in, named in English for staff ('Urdu')."""
        if not self.language:
            return ""
        try:
            return get_language_info(self.language)["name"]
        except KeyError:
            return self.language


class Complaint(TimeStampedModel):
    """One complaint the application counts: typed in by staff, or gathered from a partner's
    report about the linked victim (then `report` is set and the description is the report's,
    shown only to those who may open it)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="complaints"
    )
    occurred_on = models.DateField()
    reported_on = models.DateField()
    # The partner it was reported to; None when the applicant named someone outside the
    # partnership (then `reported_to_other` holds their words).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_to_other = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    hate_motivated = models.BooleanField(default=False)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qualifying = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["occurred_on", "reported_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "report"],
                condition=models.Q(report__isnull=False),
                name="ct_complaint_report_once",
            )
        ]

    def __str__(self) -> str:
        return f"Complaint {self.pk}"

    @property
    def reported_to(self) -> str:
        """Who it was reported to, in words: the partner's name or the applicant's."""
        return self.organisation.name if self.organisation_id else self.reported_to_other


class Review(TimeStampedModel):
    """The case review the partners hold when the threshold is met."""

    class VictimVoice(models.TextChoices):
        ATTENDED = "attended", "Attended"
        REPRESENTED = "represented", "Represented by someone else"
        WRITTEN = "written", "Gave a written account"
        DECLINED = "declined", "Declined to take part"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="review")
    scheduled_for = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    victim_voice = models.CharField(max_length=15, choices=VictimVoice.choices, blank=True)
    findings = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["scheduled_for"], name="ct_review_due_idx")]

    def __str__(self) -> str:
        return f"Review of {self.application_id}"


class Attendee(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Recommendation(TimeStampedModel):
    """What the panel asks a partner to do, tracked until it is done."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["completed_on", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Recommendation {self.pk}"


class Appeal(TimeStampedModel):
    """The applicant's appeal against the decision or the review's outcome."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld: the review is to be held or held again"
        NOT_UPHELD = "not_upheld", "Not upheld"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appeal")
    received_on = models.DateField()
    grounds = models.TextField()
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Appeal on {self.application_id}"


class EligibleVictim(models.Model):
    """A victim whose complaints across the partners already meet the threshold and who has
    not applied: found by the daily job, listed for co-ordinators to offer a case review."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    qualifying_complaints = models.PositiveIntegerField()
    found_on = models.DateField()

    class Meta:
        ordering = ["-qualifying_complaints", "person_id"]

    def __str__(self) -> str:
        return f"Eligible victim {self.person_id}"
