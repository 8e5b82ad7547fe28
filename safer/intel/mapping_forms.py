"""The column-mapping forms: a partner's own incident log (a sample, the mapping of its columns
to the crime store's, and the mapped upload), for intel/mapping_views.py."""

import csv
import io
import re

from django import forms
from django.conf import settings

from safer.intel.forms import CHOOSE_FILE, FILE_EMPTY, FILE_TOO_BIG, FILE_TYPE
from safer.intel.import_files import zip_refusal

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
