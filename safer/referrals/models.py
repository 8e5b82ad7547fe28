"""Partner schemes a case's people can be referred to, the referrals, and what goes with them:
target-hardening details against the scheme's yearly budget, and the domestic abuse risk
checklist (DASH RIC)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.cases.models import Case
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation
from safer.people.models import Person


class Scheme(TimeStampedModel):
    """A service a partner runs that people can be referred into; the provider receives them."""

    class Kind(models.TextChoices):
        VICTIM_SUPPORT = "victim_support", "Support for vulnerable victims"
        MEDIATION = "mediation", "Mediation"
        TARGET_HARDENING = "target_hardening", "Target hardening (home security)"
        YOUTH_DIVERSION = "youth_diversion", "Youth diversion and positive activities"
        DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
        MARAC = "marac", "Multi-agency risk assessment conference (MARAC)"

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchemeBudget(TimeStampedModel):
    """A target-hardening scheme's money for one financial year (April to March); `year` is
    the year the financial year starts in (2026 means 2026-27)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="scheme_budget_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}-{(self.year + 1) % 100:02d}"


class Referral(TimeStampedModel):
    """One person in a case referred to one scheme: sent, then accepted or declined by the
    provider, then completed with an outcome; the referrer may withdraw it before then."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="referrals")
    # The referrer's organisation, kept so "made by my organisation" holds after a handover.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    referred_on = models.DateField(default=timezone.localdate)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["scheme", "status"], name="referral_scheme_idx"),
            models.Index(fields=["organisation", "status"], name="referral_org_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.ACCEPTED)


class TargetHardening(TimeStampedModel):
    """The home security survey and the work done for a target-hardening referral. What it
    costs the scheme is the cost less the household's contribution."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="target_hardening"
    )
    survey_on = models.DateField(null=True, blank=True)
    measures = models.TextField(blank=True)
    cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    contribution = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    year = models.PositiveIntegerField()  # financial year charged (start year)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Target hardening for referral {self.referral_id}"

    @property
    def charge(self):
        return self.cost - self.contribution


class RiskChecklist(TimeStampedModel):
    """A domestic abuse risk checklist (DASH RIC) completed with a victim on a case. High risk
    when 14 or more answers are yes, or on the assessor's professional judgement, or on
    escalation (repeated police call-outs); see safer/referrals/dash.py."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()  # {"q1": "yes" | "no" | "not_known", ...}
    yes_count = models.PositiveSmallIntegerField()
    professional_judgement = models.BooleanField(default=False)
    escalation = models.BooleanField(default=False)
    high_risk = models.BooleanField()
    notes = models.TextField(blank=True)
    completed_on = models.DateField(default=timezone.localdate)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marac_referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"Risk checklist {self.pk}"
