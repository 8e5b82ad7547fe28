"""What the case database keeps about the intelligence hub: import records, custom areas and the
column mappings other CSV files are imported through.

Crime rows themselves live in Parquet files under INTEL_DATA_DIR (see storage.py).
"""

from django.conf import settings
from django.db import models

from safer.core.models import TimeStampedModel


class CrimeImport(TimeStampedModel):
    """One file offered to the importer, and what became of it (stored whole, or rejected)."""

    class Status(models.TextChoices):
        STORED = "stored", "Stored"
        REJECTED = "rejected", "Rejected"

    import_id = models.CharField(max_length=32, unique=True)
    file_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows_read = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_duplicated = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    months = models.JSONField(default=list, blank=True)
    # The first bad lines, each {"line": n, "reason": "..."}; rows_rejected has the full count.
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set for files imported through a column mapping (their rows are in the incidents dataset).
    mapping = models.ForeignKey(
        "intel.ColumnMapping",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def shown_name(self) -> str:
        """The file's name for pages: records from before names were kept relative may hold the
        server path the command was given, of which only the file's own name is shown."""
        name = self.file_name
        if name.startswith("/") or (len(name) > 2 and name[1] == ":" and name[2] in "\\/"):
            return name.replace("\\", "/").rsplit("/", 1)[-1]
        return name


class CustomArea(TimeStampedModel):
    """An area drawn by the partnership (ward, beat, town centre) as GeoJSON in lon/lat."""

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=50, blank=True, help_text="For example ward, beat or town centre"
    )
    geometry = models.JSONField(help_text="A GeoJSON Polygon or MultiPolygon in WGS84 (lon/lat)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ColumnMapping(TimeStampedModel):
    """Which columns of another CSV (a council's incident log) hold what the incidents store keeps.

    The rules (columns in the header, required fields, readable formats) are in
    `sources/mapped/`, shared by the forms, the JSON command and `clean()`.
    """

    class Coordinates(models.TextChoices):
        NONE = "none", "No coordinates"
        LON_LAT = "lonlat", "Longitude and latitude (WGS84)"
        BNG = "bng", "Easting and northing (British National Grid)"

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    header = models.JSONField(default=list, help_text="The file's column names, in order")
    reported_by = models.CharField(
        max_length=100, help_text="Stored as Reported by, for example Cherwell District Council"
    )
    id_column = models.CharField(max_length=200, blank=True)
    date_column = models.CharField(max_length=200)
    time_column = models.CharField(max_length=200, blank=True)
    date_formats = models.JSONField(default=list, help_text="Tried in order, e.g. %d/%m/%Y")
    time_formats = models.JSONField(default=list, blank=True)
    type_column = models.CharField(max_length=200)
    # The file's own type labels -> police.uk slugs; the label itself is always kept as category.
    type_map = models.JSONField(default=dict, blank=True)
    reject_unmapped_types = models.BooleanField(default=False)
    coordinates = models.CharField(
        max_length=10, choices=Coordinates.choices, default=Coordinates.NONE
    )
    x_column = models.CharField(max_length=200, blank=True)
    y_column = models.CharField(max_length=200, blank=True)
    location_column = models.CharField(max_length=200, blank=True)
    lsoa_column = models.CharField(max_length=200, blank=True)
    outcome_column = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from safer.intel.sources.mapped import mapping_problems

        problems = mapping_problems(self)
        if problems:
            raise ValidationError(problems)
