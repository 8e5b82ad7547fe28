"""The victim-led risk questionnaire and the assessments made with it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.cases.models.base import RiskBand
from safer.cases.models.cases import Report
from safer.people.models import Person


class RiskQuestionnaire(models.Model):
    """One published version of the risk assessment questionnaire (questions, weights, bands)."""

    version = models.PositiveIntegerField(unique=True)
    definition = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Risk questionnaire v{self.version}"


class RiskAssessment(models.Model):
    """A completed victim-led risk assessment, kept with the questionnaire version it used."""

    class Stage(models.TextChoices):
        INITIAL = "initial", "First contact"
        REVIEW = "review", "Review"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    questionnaire = models.ForeignKey(RiskQuestionnaire, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.INITIAL)
    answers = models.JSONField()
    score = models.IntegerField()
    computed_band = models.CharField(max_length=10, choices=RiskBand.choices)
    band = models.CharField(max_length=10, choices=RiskBand.choices)
    band_reasons = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)
    vulnerable = models.BooleanField(default=False)
    refer_to_victim_support = models.BooleanField(default=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    first_contact_due = models.DateField()
    next_review_due = models.DateField()

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        indexes = [
            # A victim's latest assessment, read at every intake that names them.
            models.Index(fields=["victim", "-assessed_at"], name="assessment_victim_latest_idx")
        ]

    def __str__(self) -> str:
        return f"Risk assessment {self.pk}"
