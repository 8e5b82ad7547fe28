"""The interventions register (warnings to injunctions), their changes, breaches, and
statutory nuisance assessments."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.cases.models.base import Versioned
from safer.cases.models.cases import Case
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation
from safer.people.models import Person


class Intervention(TimeStampedModel, Versioned):
    """A tool used on a case against a person: from a warning letter to a court order. Its
    variations, extensions, discharge, end and court outcomes are kept in `changes`."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INTERIM = "interim", "Interim order"
        BREACHED = "breached", "Breached"
        ENDED = "ended", "Ended"
        DISCHARGED = "discharged", "Discharged by the court"
        REFUSED = "refused", "Refused by the court"
        WITHDRAWN = "withdrawn", "Application withdrawn"

    # No longer in force: nothing more is varied, reviewed or listed as due.
    FINISHED = (Status.ENDED, Status.DISCHARGED, Status.REFUSED, Status.WITHDRAWN)

    class CourtOutcome(models.TextChoices):
        GRANTED = "granted", "Granted"
        INTERIM_GRANTED = "interim_granted", "Interim order granted"
        REFUSED = "refused", "Refused"
        ADJOURNED = "adjourned", "Adjourned"
        WITHDRAWN = "withdrawn", "Application withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=50)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issuing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(null=True, blank=True)
    issued_on = models.DateField()
    served_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    supervisor = models.CharField(max_length=200, blank=True)
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    # Entered from past records rather than as it happened (every repealed tool is).
    historical = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["expires_on"], name="intervention_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.pk}"

    @property
    def kind_label(self) -> str:
        from safer.cases.legal import label

        return label(self.kind)

    @property
    def repealed(self) -> bool:
        from safer.cases.legal import tool

        try:
            return tool(self.kind).repealed
        except ValueError:
            return False

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def court_decides(self) -> bool:
        from safer.cases.legal import court_decides

        try:
            return court_decides(self.kind)
        except ValueError:
            return False


class InterventionChange(models.Model):
    """One step in an intervention's life, kept as it was: what changed (before and after),
    from when, why, and who recorded it."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        VARIED = "varied", "Varied"
        EXTENDED = "extended", "Extended"
        DISCHARGED = "discharged", "Discharged"
        ENDED = "ended", "Ended"
        COURT_OUTCOME = "court_outcome", "Court outcome"

    # What `before` and `after` may hold, with the words the page shows for each.
    FIELD_LABELS = {
        "status": "Status",
        "issued_on": "Issued",
        "expires_on": "Expiry date",
        "next_review_on": "Next review",
        "ended_on": "Ended",
        "hours": "Hours",
        "conditions": "Conditions",
        "supervisor": "Supervisor",
        "court_outcome": "Court outcome",
    }

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    effective_on = models.DateField()
    court_outcome = models.CharField(
        max_length=20, choices=Intervention.CourtOutcome.choices, blank=True
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.intervention_id}"

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """What changed, as (label, before, after) in words, for the page."""
        return [
            (label, _shown(name, self.before.get(name)), _shown(name, self.after.get(name)))
            for name, label in self.FIELD_LABELS.items()
            if name in self.after and self.before.get(name) != self.after.get(name)
        ]


def _shown(name: str, value) -> str:
    """A stored before/after value in words: dates as "3 Mar 2026", choices by their label."""
    from datetime import date

    if value in (None, ""):
        return "none"
    if name.endswith("_on"):
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return f"{day.day} {day:%b %Y}"
    if name == "status":
        return str(Intervention.Status(value).label) if value in Intervention.Status else value
    if name == "court_outcome":
        choices = Intervention.CourtOutcome
        return str(choices(value).label) if value in choices else value
    return str(value)


class Breach(TimeStampedModel):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="breaches"
    )
    occurred_on = models.DateField()
    description = models.TextField()
    action_taken = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name_plural = "breaches"

    def __str__(self) -> str:
        return f"Breach {self.pk}"


class NuisanceAssessment(TimeStampedModel):
    """Whether a nuisance amounts to a statutory nuisance (Environmental Protection Act 1990)."""

    class Conclusion(models.TextChoices):
        STATUTORY = "statutory", "Statutory nuisance"
        NOT_STATUTORY = "not_statutory", "Not a statutory nuisance"
        UNDETERMINED = "undetermined", "Not yet determined, more evidence needed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="nuisance_assessments")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField()
    frequency = models.CharField(max_length=200)
    duration = models.CharField(max_length=200)
    time_of_day = models.CharField(max_length=200)
    locality = models.CharField(max_length=200)
    impact = models.TextField()
    conclusion = models.CharField(max_length=15, choices=Conclusion.choices)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Nuisance assessment {self.pk}"
