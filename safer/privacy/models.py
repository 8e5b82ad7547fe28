"""Data protection requests about a person, and the restriction of their processing.

Rectification, restriction and erasure are decided by the data protection officer; each is
recorded here with its reason, who decided and the outcome (UK GDPR Articles 16 to 18). The
audit log records the same decision, and a subject access export is recorded too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.people.models import Person


class DataRequest(models.Model):
    """One request a person (or someone for them) made about their data, and what was decided."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Subject access"
        RECTIFICATION = "rectification", "Rectification"
        RESTRICTION = "restriction", "Restriction of processing"
        RESTRICTION_LIFTED = "restriction_lifted", "Restriction lifted"
        ERASURE = "erasure", "Erasure"

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        REFUSED = "refused", "Refused"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # What was changed, or why it was refused, in the officer's words.
    outcome_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for person {self.person_id}"


class Restriction(models.Model):
    """A person whose data may be stored but not otherwise used until the restriction is lifted."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="restriction")
    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, related_name="+")
    restricted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Restriction on person {self.person_id}"
