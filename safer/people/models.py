"""People recorded by the partnership: reporters, victims, witnesses, alleged perpetrators."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from safer.partners.models import OrganisationOwned

ADULT_AGE = 18


class Person(OrganisationOwned):
    """One person, shared across reports and cases; fields in SENSITIVE_FIELDS need a capability.

    Someone who cannot be named ("Unknown youths, about five, aged 14 to 16") is a person with
    no names and a description; such a record is never matched to others by name.
    """

    SENSITIVE_FIELDS = ("date_of_birth", "vulnerability_notes")

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    # Who they are when they cannot be named; may also help tell a named person apart.
    description = models.CharField(max_length=500, blank=True)
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
    # Where matching looks first (matching.name_key: Soundex of the last name, first initial);
    # kept in step with the names by save().
    name_key = models.CharField(max_length=8, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="person_name_idx"),
            models.Index(fields=["postcode"], name="person_postcode_idx"),
            models.Index(fields=["name_key"], name="person_name_key_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(Upper("email"), name="person_email_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"

    def save(self, *args, **kwargs):
        from safer.people.matching import name_key

        self.name_key = name_key(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_named(self) -> bool:
        return bool(self.first_name.strip() or self.last_name.strip())

    @property
    def full_name(self) -> str:
        """The name, or for someone who cannot be named their description."""
        name = f"{self.first_name} {self.last_name}".strip()
        return name or f"Not named: {self.description}".strip()

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


class PersonVulnerability(models.Model):
    """A vulnerability found about a person, with where it came from (a risk assessment's answer
    on a given report, on a given day, by whom). Sensitive: only roles with view_sensitive see it.

    The source is kept as text and ids rather than a foreign key to the cases app, which depends
    on people and not the other way round.
    """

    class Source(models.TextChoices):
        RISK_ASSESSMENT = "risk_assessment", "Risk assessment"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vulnerabilities")
    summary = models.CharField(max_length=500)  # the question and the answer, as asked
    source = models.CharField(max_length=30, choices=Source.choices)
    source_id = models.PositiveIntegerField()  # the risk assessment's id
    source_reference = models.CharField(max_length=30)  # the report's reference
    found_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name_plural = "person vulnerabilities"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "source_id", "summary"],
                name="person_vulnerability_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"Vulnerability {self.pk}"
