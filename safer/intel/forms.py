"""Intel forms: the measures filter, the prediction filter and the analysts' upload."""

import io
import zipfile

from django import forms
from django.conf import settings

from safer.intel import predict, selectors, storage
from safer.intel.import_files import zip_refusal
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
