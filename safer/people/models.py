"""People recorded by the partnership: reporters, victims, witnesses, alleged perpetrators."""

from datetime import date

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from safer.partners.models import OrganisationOwned

ADULT_AGE = 18


class Person(OrganisationOwned):
    """One person, shared across reports and cases; fields in SENSITIVE_FIELDS need a capability."""

    SENSITIVE_FIELDS = ("date_of_birth", "vulnerability_notes")

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    vulnerability_notes = models.TextField(blank=True)
    # Set when this record was found to duplicate another; its history now lives there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="person_name_idx"),
            models.Index(fields=["postcode"], name="person_postcode_idx"),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def under_18(self) -> bool:
        """Under 18 today: several rules (publicity, enforcement limits) depend on it."""
        return self.is_under_18_on(timezone.localdate())

    def is_under_18_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age is not None and age < ADULT_AGE
