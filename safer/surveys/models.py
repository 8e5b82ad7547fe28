"""A satisfaction survey offered to the person who reported a case, and their answers."""

import hashlib

from django.db import models

from safer.cases.models import Case, RiskAssessment
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation
from safer.people.models import Person


class SatisfactionSurvey(TimeStampedModel):
    """One survey for a closed case, or for one review of an open case. The link's secret is
    kept only as a SHA-256 digest, and the answers are read back only in aggregate
    (selectors.survey_results)."""

    class Occasion(models.TextChoices):
        CLOSURE = "closure", "Case closed"
        REVIEW = "review", "Case reviewed"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        TEXT = "text", "Text message"
        NONE = "none", "No contact details"

    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", "Very satisfied"
        SATISFIED = "satisfied", "Satisfied"
        NEITHER = "neither", "Neither satisfied nor dissatisfied"
        DISSATISFIED = "dissatisfied", "Dissatisfied"
        VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"

    class KeptInformed(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    class FeelSafer(models.TextChoices):
        YES = "yes", "Yes, I feel safer"
        SAME = "same", "No different"
        NO = "no", "No, I feel less safe"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="surveys")
    occasion = models.CharField(max_length=10, choices=Occasion.choices, default=Occasion.CLOSURE)
    # The review (a risk assessment at the review stage) that offered it; one survey a review.
    review = models.OneToOneField(
        RiskAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copied at closure, so the aggregates hold still if the case is later handed over.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_kind = models.CharField(max_length=30)
    report_type = models.CharField(max_length=50, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sent = models.BooleanField(default=False)
    delivery_note = models.CharField(max_length=200, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    satisfied = models.CharField(max_length=20, choices=Satisfaction.choices, blank=True)
    kept_informed = models.CharField(max_length=10, choices=KeptInformed.choices, blank=True)
    feel_safer = models.CharField(max_length=10, choices=FeelSafer.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"], name="survey_team_idx")]

    def __str__(self) -> str:
        return f"Satisfaction survey {self.pk}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
