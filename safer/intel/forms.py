"""Intel forms: the measures filter, the prediction filter and the analysts' upload."""

import io
import re
import zipfile

from django import forms
from django.conf import settings

from safer.intel import predict, selectors, storage
from safer.intel.services import zip_refusal
from safer.intel.sources import source_for

FILE_TYPE = "The selected file must be a CSV or a ZIP"
FILE_TOO_BIG = "The selected file must be smaller than {mb} MB"
FILE_EMPTY = "The selected file is empty"
FILE_NOT_POLICE_UK = (
    "The selected file must be a police.uk street-level crime file (its first line must be the "
    "police.uk header)"
)
ZIP_INVALID = "The selected ZIP file cannot be opened"
ZIP_NO_CSV = "The selected ZIP file must contain at least one CSV file"
CHOOSE_FILE = "Select a police.uk CSV or ZIP file"
RANGE_BACKWARDS = "The start month must be the same as or before the end month"


def month_name(month: str) -> str:
    """A YYYY-MM month in words, for example 'February 2019'."""
    from datetime import date

    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def period_note(first: str, last: str, what: str) -> str:
    """The line a page opening on its default period shows, saying which months and why."""
    span = month_name(last) if first == last else f"{month_name(first)} to {month_name(last)}"
    return f"Showing {span}, the latest {what}. Choose other months below."


def last_12_months(months: list[str]) -> list[str]:
    """The months of `months` (oldest first) in the 12 months to the newest one."""
    return [m for m in months if m > selectors.month_add(months[-1], -12)] if months else []


class MonthRangeMixin:
    """Refuses a period whose start month comes after its end month."""

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("month_from"), cleaned.get("month_to")
        if first and last and first > last:
            self.add_error("month_from", RANGE_BACKWARDS)
        return cleaned


class AreaChoiceMixin:
    def area_choices(self) -> list[tuple[str, str]]:
        from safer.intel.areas import local_authorities
        from safer.intel.models import CustomArea

        authorities = local_authorities()
        codes = set(area_codes_with_data()) | {settings.INTEL_DEFAULT_AREA}
        choices = [
            (c, authorities[c][0])
            for c in sorted(codes, key=lambda c: authorities[c][0])
            if c in authorities
        ]
        choices += [(str(a.pk), f"{a.name} (custom area)") for a in CustomArea.objects.all()]
        return choices


def area_codes_with_data() -> list[str]:
    """Local authorities that have at least one stored crime."""
    from safer.intel.areas import lsoas

    with storage.crimes_connection() as connection:
        codes = [
            c
            for (c,) in connection.execute(
                "SELECT DISTINCT lsoa_code FROM crime_counts WHERE lsoa_code IS NOT NULL"
            ).fetchall()
        ]
    known = lsoas()
    return sorted({known[c].la_code for c in codes if c in known})


class MeasuresForm(MonthRangeMixin, AreaChoiceMixin, forms.Form):
    area = forms.ChoiceField(label="Area")
    crime_type = forms.ChoiceField(label="Crime type", initial=selectors.ALL_CRIME)
    month_from = forms.ChoiceField(label="From")
    month_to = forms.ChoiceField(label="To")
    target = forms.DecimalField(
        label="Target change on last year (%)",
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=-100,
        max_value=100,
        help_text="For example -5 for a 5% reduction",
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )

    def __init__(self, data=None, **kwargs):
        months = storage.stored_months()
        recent = last_12_months(months)
        defaults = {
            "area": settings.INTEL_DEFAULT_AREA,
            "crime_type": selectors.ALL_CRIME,
            "month_from": recent[0] if recent else "",
            "month_to": recent[-1] if recent else "",
            "target": "-5",
        }
        given = {k: v for k, v in (data or {}).items() if v not in ("", None)}
        merged = defaults | given
        # Opened without months: say which ones the page chose (the latest year of police data).
        self.period_note = (
            period_note(recent[0], recent[-1], "12 months with police data")
            if recent and not ({"month_from", "month_to"} & set(given))
            else ""
        )
        super().__init__(merged, **kwargs)
        self.fields["area"].choices = self.area_choices()
        self.fields["crime_type"].choices = selectors.crime_type_choices()
        month_choices = [(m, selectors.month_label(m)) for m in months]
        self.fields["month_from"].choices = month_choices
        self.fields["month_to"].choices = month_choices
        self.months = months


CELL_SIZE_CHOICES = [("", "Sized to the area")] + [
    (str(size), f"{size} m") for size in (50, 75, 100, 150, 200, 250, 500)
]


def cell_size_field() -> forms.TypedChoiceField:
    """The grid cell side: empty means the area's default (grid.default_cell_size)."""
    return forms.TypedChoiceField(
        label="Cell size",
        choices=CELL_SIZE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Sized to the area: at least 250 cells, at most 250 m",
    )


class HotspotForm(MeasuresForm):
    """The measures filter with the grid's cell size."""

    cell_size = cell_size_field()


class CrimeMapForm(MeasuresForm):
    """The measures filter with what the choropleth shades: LSOAs or a kind of custom area."""

    shade_by = forms.ChoiceField(label="Shade by", required=False)

    def __init__(self, data=None, **kwargs):
        from safer.intel.places import area_kinds

        super().__init__(data, **kwargs)
        self.fields["shade_by"].choices = [("", "LSOAs (per 1,000 residents)")] + [
            (kind, f"Custom areas: {kind} (per km²)") for kind in area_kinds()
        ]


class PredictionForm(AreaChoiceMixin, forms.Form):
    area = forms.ChoiceField(label="Area")
    crime_type = forms.ChoiceField(label="Crime type")
    month = forms.ChoiceField(label="Month to predict")
    method = forms.ChoiceField(label="Method")
    cell_size = cell_size_field()

    def __init__(self, data=None, **kwargs):
        months = storage.stored_months()
        targets = months[1:] + ([selectors.month_add(months[-1], 1)] if months else [])
        defaults = {
            "area": settings.INTEL_DEFAULT_AREA,
            "crime_type": "burglary",
            "month": targets[-1] if targets else "",
            "method": "best",
        }
        given = {k: v for k, v in (data or {}).items() if v not in ("", None)}
        merged = defaults | given
        self.period_note = (
            f"Showing {month_name(targets[-1])}, the month after the latest month with police "
            f"data ({month_name(months[-1])}). Choose another month below."
            if months and "month" not in given
            else ""
        )
        super().__init__(merged, **kwargs)
        self.fields["area"].choices = self.area_choices()
        self.fields["crime_type"].choices = selectors.crime_type_choices()
        self.fields["month"].choices = [(m, selectors.month_label(m)) for m in reversed(targets)]
        self.fields["method"].choices = [("best", "Best by backtest")] + [
            (m, predict.METHOD_LABELS[m]) for m in predict.METHODS
        ]


class CrimeUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a police.uk file",
        error_messages={"required": CHOOSE_FILE, "empty": FILE_EMPTY, "invalid": CHOOSE_FILE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A monthly street-level CSV, or the ZIP that police.uk hands out, "
            f"up to {settings.INTEL_UPLOAD_MAX_MB} MB"
        )
        self.fields["file"].widget.attrs["accept"] = ".csv,.zip,text/csv,application/zip"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INTEL_UPLOAD_MAX_MB
        name = upload.name.lower()
        if not name.endswith((".csv", ".zip")):
            raise forms.ValidationError(FILE_TYPE)
        if upload.size == 0:
            raise forms.ValidationError(FILE_EMPTY)
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(FILE_TOO_BIG.format(mb=limit))
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".zip"):
            if not head.startswith(b"PK\x03\x04"):
                raise forms.ValidationError(ZIP_INVALID)
            # The limits first: opening a central directory of millions of entries costs.
            if refusal := zip_refusal(upload, name=upload.name):
                raise forms.ValidationError(refusal)
            try:
                with zipfile.ZipFile(upload) as bundle:
                    if not any(n.lower().endswith(".csv") for n in bundle.namelist()):
                        raise forms.ValidationError(ZIP_NO_CSV)
            except zipfile.BadZipFile:
                raise forms.ValidationError(ZIP_INVALID) from None
            finally:
                upload.seek(0)
            return upload
        try:
            first_line = head.split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")
        except UnicodeDecodeError:
            raise forms.ValidationError(FILE_NOT_POLICE_UK) from None
        import csv

        header = next(csv.reader(io.StringIO(first_line)), [])
        if source_for(header) is None:
            raise forms.ValidationError(FILE_NOT_POLICE_UK)
        return upload


AREA_FILE_INVALID = "The selected file must be GeoJSON with at least one Polygon or MultiPolygon"
AREA_FILE_TOO_BIG = "The selected file must be smaller than 5 MB"
AREA_NOT_LON_LAT = "The coordinates in the selected file must be longitude and latitude (WGS84)"
ENTER_AREA_NAME = "Enter a name for the area, or the property that names each area in the file"
AREA_MAX_BYTES = 5 * 1024 * 1024
MAX_AREAS_PER_FILE = 200
AREAS_TOO_MANY = f"The selected file must hold at most {MAX_AREAS_PER_FILE} areas"
AREA_NO_NAME = (
    "Feature {number} of the selected file has no {property} property: every area needs a name"
)
AREA_NAME_TOO_LONG = "Feature {number} of the selected file has a name longer than 200 characters"
AREA_FEATURE_INVALID = "Feature {number} of the selected file has no Polygon or MultiPolygon"


class CustomAreaForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, required=False)
    name_property = forms.CharField(
        label="Name property (for a file of several areas)",
        max_length=100,
        required=False,
        help_text=(
            "For a file of wards or neighbourhoods: the feature property holding each one's name, "
            "for example WD23NM. Each feature then becomes an area of its own. Leave empty to make "
            "the whole file one area."
        ),
    )
    kind = forms.CharField(
        label="Kind of area",
        max_length=50,
        required=False,
        help_text="For example ward, beat or town centre",
    )
    file = forms.FileField(
        label="Boundary file",
        help_text="GeoJSON in longitude and latitude, up to 5 MB; all its polygons make the area",
        error_messages={"required": "Select a GeoJSON file", "empty": AREA_FILE_INVALID},
    )

    def clean_file(self):
        import json

        upload = self.cleaned_data["file"]
        if upload.size > AREA_MAX_BYTES:
            raise forms.ValidationError(AREA_FILE_TOO_BIG)
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(AREA_FILE_INVALID) from None
        geometry = _multipolygon(data)
        if geometry is None:
            raise forms.ValidationError(AREA_FILE_INVALID)
        _check_lon_lat(geometry)
        self.cleaned_data["geometry"] = geometry
        self.cleaned_data["data"] = data
        return upload

    def clean(self):
        """One area named by the form, or one per feature named by its property."""
        cleaned = super().clean()
        prop = (cleaned.get("name_property") or "").strip()
        if not prop and not (cleaned.get("name") or "").strip():
            self.add_error("name", ENTER_AREA_NAME)
        if self.errors or "geometry" not in cleaned:
            return cleaned
        if not prop:
            cleaned["areas"] = [(cleaned["name"].strip(), cleaned["geometry"])]
            return cleaned
        data = cleaned["data"]
        features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
        features = [f for f in features or [] if isinstance(f, dict)]
        if len(features) > MAX_AREAS_PER_FILE:
            self.add_error("file", AREAS_TOO_MANY)
            return cleaned
        areas = []
        for number, feature in enumerate(features, start=1):
            name = str((feature.get("properties") or {}).get(prop) or "").strip()
            if not name:
                self.add_error("file", AREA_NO_NAME.format(number=number, property=prop))
                return cleaned
            if len(name) > 200:
                self.add_error("file", AREA_NAME_TOO_LONG.format(number=number))
                return cleaned
            geometry = _multipolygon({"type": "Feature", "geometry": feature.get("geometry")})
            if geometry is None:
                self.add_error("file", AREA_FEATURE_INVALID.format(number=number))
                return cleaned
            areas.append((name, geometry))
        cleaned["areas"] = areas
        return cleaned


def _check_lon_lat(geometry: dict) -> None:
    for polygon in geometry["coordinates"]:
        for ring in polygon:
            for point in ring:
                if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
                    raise forms.ValidationError(AREA_NOT_LON_LAT)


def _multipolygon(data) -> dict | None:
    """Every polygon of a GeoJSON object as one MultiPolygon, or None if it has none."""
    polygons = []

    def collect(geometry) -> None:
        if not isinstance(geometry, dict):
            return
        if geometry.get("type") == "Polygon":
            polygons.append(geometry.get("coordinates"))
        elif geometry.get("type") == "MultiPolygon":
            polygons.extend(geometry.get("coordinates") or [])
        elif geometry.get("type") == "GeometryCollection":
            for inner in geometry.get("geometries") or []:
                collect(inner)

    if not isinstance(data, dict):
        return None
    if data.get("type") == "FeatureCollection":
        for feature in data.get("features") or []:
            if isinstance(feature, dict):
                collect(feature.get("geometry"))
    elif data.get("type") == "Feature":
        collect(data.get("geometry"))
    else:
        collect(data)
    try:
        cleaned = [
            [[[float(p[0]), float(p[1])] for p in ring] for ring in polygon] for polygon in polygons
        ]
    except (TypeError, ValueError, IndexError):
        return None
    if not cleaned or any(not polygon or any(len(r) < 4 for r in polygon) for polygon in cleaned):
        return None
    return {"type": "MultiPolygon", "coordinates": cleaned}


# Column mappings: other CSVs (a council's incident log) read into the incidents dataset.

SAMPLE_MAX_BYTES = 64 * 1024
SAMPLE_LINES = 21  # the header and 20 rows: enough to check a mapping, small to carry along
CHOOSE_SAMPLE = "Select a sample CSV file"
SAMPLE_NO_HEADER = "The selected file must be UTF-8 CSV whose first line names its columns"
CHOOSE_MAPPING = "Select a column mapping"
ENTER_MAPPING_NAME = "Enter a name for the mapping"
ENTER_REPORTED_BY = "Enter who the rows are reported by, for example the council's name"
BAD_TYPE_MAP_LINE = "Write each incident type as: your label = police.uk type (line {line})"
NOT_IN_FILE = ("", "Not in the file")
FILE_NOT_MAPPED = (
    "The selected file must start with the header of column mapping {mapping} ({difference})"
)


def sample_head(upload) -> tuple[list[str], str]:
    """The header and first lines of an uploaded CSV (as text), or ValidationError."""
    import csv

    upload.seek(0)
    head = upload.read(SAMPLE_MAX_BYTES)
    upload.seek(0)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the sample is not an encoding problem.
        try:
            text = head[:-3].decode("utf-8-sig") if len(head) == SAMPLE_MAX_BYTES else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            raise forms.ValidationError(SAMPLE_NO_HEADER) from None
    lines = text.replace("\r\n", "\n").split("\n")
    if len(head) == SAMPLE_MAX_BYTES:
        lines = lines[:-1]  # the last line may be cut short
    kept = "\n".join(lines[:SAMPLE_LINES]) + "\n"
    header = next(csv.reader(io.StringIO(kept)), [])
    if not [h for h in header if h.strip()]:
        raise forms.ValidationError(SAMPLE_NO_HEADER)
    return [h.strip() for h in header], kept


class MappingSampleForm(forms.Form):
    """Step one of a new mapping: a sample file, whose header offers the columns."""

    sample_file = forms.FileField(
        label="Sample file",
        help_text="A CSV in the format you want to import; only its first lines are read",
        error_messages={"required": CHOOSE_SAMPLE, "empty": FILE_EMPTY, "invalid": CHOOSE_SAMPLE},
    )

    def clean_sample_file(self):
        upload = self.cleaned_data["sample_file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        self.cleaned_data["header"], self.cleaned_data["sample"] = sample_head(upload)
        return upload


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ColumnMappingForm(forms.Form):
    """Step two: which column holds what. The rules are the model's (sources/mapped/)."""

    sample = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Name of the mapping",
        max_length=100,
        help_text="For example Cherwell incident log",
        error_messages={"required": ENTER_MAPPING_NAME},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reported_by = forms.CharField(
        label="Reported by",
        max_length=100,
        help_text="Kept with every row, as police.uk's Reported by",
        error_messages={"required": ENTER_REPORTED_BY},
    )
    id_column = forms.ChoiceField(
        label="Reference", required=False, help_text="Rows without one are told apart by content"
    )
    date_column = forms.ChoiceField(label="Date (or date and time)")
    date_formats = forms.CharField(
        label="Date formats",
        initial="%d/%m/%Y\n%Y-%m-%d",
        help_text=(
            "One a line, tried in order: %d day, %m month (%b Mar), %Y year (%y 24); add "
            "%H:%M if the column also holds the time, for example %d/%m/%Y %H:%M"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    time_column = forms.ChoiceField(label="Time", required=False)
    time_formats = forms.CharField(
        label="Time formats",
        required=False,
        initial="%H:%M\n%H:%M:%S",
        help_text="One a line, used when the time is in a column of its own",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    type_column = forms.ChoiceField(label="Incident type")
    type_map = forms.CharField(
        label="Incident types as police.uk types",
        required=False,
        help_text=(
            "One a line: your label = police.uk type, for example Youth ASB = "
            "anti-social-behaviour. Labels not listed are kept as their own category."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reject_unmapped_types = forms.BooleanField(
        label="Reject rows whose incident type is not listed above", required=False
    )
    coordinates = forms.ChoiceField(
        label="Coordinates",
        choices=(),  # the model's, set in __init__
        widget=forms.RadioSelect,
    )
    x_column = forms.ChoiceField(label="Longitude or easting", required=False)
    y_column = forms.ChoiceField(label="Latitude or northing", required=False)
    location_column = forms.ChoiceField(label="Location or street", required=False)
    lsoa_column = forms.ChoiceField(label="LSOA code", required=False)
    outcome_column = forms.ChoiceField(label="Outcome or action taken", required=False)

    def __init__(self, *args, header: list[str] | None = None, **kwargs):
        from safer.intel.models import ColumnMapping

        super().__init__(*args, **kwargs)
        if header is None:
            raw = self.data.get("sample") or self.initial.get("sample") or ""
            header = sample_header(raw)
        self.header = header
        columns = [(c, c) for c in header]
        for name, field in self.fields.items():
            if name.endswith("_column"):
                field.choices = [NOT_IN_FILE if not field.required else ("", "Choose a column")]
                field.choices += columns
        self.fields["coordinates"].choices = ColumnMapping.Coordinates.choices
        self.fields["coordinates"].initial = ColumnMapping.Coordinates.NONE

    def clean_type_map(self) -> dict[str, str]:
        mapped = {}
        for number, line in enumerate(_lines(self.cleaned_data.get("type_map")), start=1):
            label, equals, slug = line.rpartition("=")
            if not equals or not label.strip() or not slug.strip():
                raise forms.ValidationError(BAD_TYPE_MAP_LINE.format(line=number))
            mapped[label.strip()] = slug.strip()
        return mapped

    def clean_date_formats(self) -> list[str]:
        return _lines(self.cleaned_data.get("date_formats"))

    def clean_time_formats(self) -> list[str]:
        formats = _lines(self.cleaned_data.get("time_formats"))
        return formats if self.data.get("time_column") else []

    def clean(self):
        from safer.intel.sources.mapped import mapping_problems

        cleaned = super().clean()
        if self.errors:
            return cleaned
        problems = mapping_problems(self.unsaved())
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def mapping_fields(self) -> dict:
        """The cleaned fields as the mapping service takes them."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "sample"}
        return data | {"header": self.header}

    def unsaved(self):
        """An unsaved ColumnMapping with these fields, for checks and the preview."""
        from safer.intel.models import ColumnMapping

        return ColumnMapping(**self.mapping_fields())


# Words in a column name that suggest what it holds, tried in order, to fill the form's selects.
COLUMN_HINTS = {
    "id_column": ("reference", "ref", "incident id", "crime id", "id"),
    "date_column": ("date",),
    "time_column": ("time",),
    "type_column": ("incident type", "crime type", "type", "category"),
    "x_column": ("longitude", "easting", "lon"),
    "y_column": ("latitude", "northing", "lat"),
    "location_column": ("location", "street", "address"),
    "lsoa_column": ("lsoa",),
    "outcome_column": ("outcome", "action"),
}


def column_guesses(header: list[str]) -> dict[str, str]:
    """Initial choices for a mapping form: the first column whose name has each hint as a word."""
    guesses: dict[str, str] = {}
    for field, hints in COLUMN_HINTS.items():
        for hint in hints:
            word = re.compile(rf"\b{re.escape(hint)}\b")
            found = next((c for c in header if word.search(c.lower())), None)
            if found and found not in guesses.values():
                guesses[field] = found
                break
    x = guesses.get("x_column", "").lower()
    if "east" in x:
        guesses["coordinates"] = "bng"
    elif x:
        guesses["coordinates"] = "lonlat"
    return guesses


def sample_header(text: str) -> list[str]:
    import csv

    return [h.strip() for h in next(csv.reader(io.StringIO(text or "")), [])]


class MappedUploadForm(forms.Form):
    """A CSV (or a ZIP of them) read through a saved column mapping, whose header it must have."""

    mapping = forms.ModelChoiceField(
        label="Column mapping",
        queryset=None,
        empty_label="Choose a mapping",
        error_messages={"required": CHOOSE_MAPPING, "invalid_choice": CHOOSE_MAPPING},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": CHOOSE_FILE, "empty": FILE_EMPTY, "invalid": CHOOSE_FILE},
    )

    def __init__(self, *args, **kwargs):
        from safer.intel.models import ColumnMapping

        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = ColumnMapping.objects.all()
        self.fields["file"].help_text = (
            "A CSV with the mapping's header, or a ZIP of such files, "
            f"up to {settings.INTEL_UPLOAD_MAX_MB} MB"
        )
        self.fields["file"].widget.attrs["accept"] = ".csv,.zip,text/csv,application/zip"

    def clean(self):
        from safer.intel.sources.mapped import MappedSource

        cleaned = super().clean()
        upload, mapping = cleaned.get("file"), cleaned.get("mapping")
        if upload is None:
            return cleaned
        limit = settings.INTEL_UPLOAD_MAX_MB
        name = upload.name.lower()
        if not name.endswith((".csv", ".zip")):
            self.add_error("file", FILE_TYPE)
        elif upload.size > limit * 1024 * 1024:
            self.add_error("file", FILE_TOO_BIG.format(mb=limit))
        elif name.endswith(".zip") and (refusal := zip_refusal(upload, name=upload.name)):
            self.add_error("file", refusal)
        elif name.endswith(".csv") and mapping is not None:
            source = MappedSource.of(mapping)
            try:
                header, _ = sample_head(upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
            else:
                if not source.matches(header):
                    self.add_error(
                        "file",
                        FILE_NOT_MAPPED.format(
                            mapping=mapping.name, difference=source.header_difference(header)
                        ),
                    )
        return cleaned
