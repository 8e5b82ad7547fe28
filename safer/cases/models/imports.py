"""Records brought in from another system by the caseload import."""

from django.db import models
from django.utils import timezone


class ImportedRecord(models.Model):
    """A record brought in by `import_caseload`, under the reference the other system gave it:
    a second run of the same file finds it and changes nothing, and an export names it as the
    other system did."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        REPORT = "report", "Report"
        CASE = "case", "Case"
        INTERVENTION = "intervention", "Intervention"

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    source_reference = models.CharField(max_length=100)
    record_id = models.PositiveIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "source_reference"], name="imported_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_reference}"
