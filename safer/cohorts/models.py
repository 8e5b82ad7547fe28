"""Offender cohorts (Deter Young Offenders, integrated offender management): named groups of
people with the dates they joined, measured before and after joining (measure.py)."""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation
from safer.people.models import Person


class Cohort(TimeStampedModel):
    """A named cohort managed by one organisation; its members are that organisation's
    personal data."""

    class Kind(models.TextChoices):
        DYO = "dyo", "Deter Young Offenders"
        IOM = "iom", "Integrated offender management"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="cohort_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CohortMember(TimeStampedModel):
    """A person's membership of a cohort, from the day they joined until they left."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="cohort_member_unique")
        ]

    def __str__(self) -> str:
        return f"Member {self.pk} of {self.cohort_id}"
