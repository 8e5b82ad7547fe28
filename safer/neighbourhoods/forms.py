"""Forms for the staff pages: parse and validate with GOV.UK error wording; no writes.

A boundary comes from an uploaded GeoJSON file or from a list of LSOA codes; either way the
form hands the service a finished boundary (`cleaned_data["boundary"]`)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from safer.core.forms import IdPrefixed
from safer.neighbourhoods import geometry
from safer.neighbourhoods.models import Event
from safer.public.protection import clean_photo

BOUNDARY_MAX_BYTES = 5 * 1024 * 1024
BOUNDARY_TOO_BIG = "The boundary file must be smaller than 5 MB"
BOUNDARY_BOTH = "Upload a boundary file or list LSOAs, not both"
BOUNDARY_NEEDED = "Upload a GeoJSON boundary file or list the neighbourhood's LSOAs"
NOT_LSOA = "{codes} {verb} not LSOA codes: an LSOA code is E or W, 0, then 7 digits, like E01028479"
CENTRE_BOTH = "Enter both the latitude and the longitude of the centre, or neither"
ENDS_BEFORE_START = "The end must be after the start"
WEB_ONLY = URLValidator(
    schemes=["http", "https"], message="Enter a web address like https://www.cherwell.gov.uk"
)
LSOA_TOKEN = re.compile(r"[\s,;]+")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the neighbourhood's name"}
    )
    slug = forms.SlugField(
        label="Id",
        max_length=60,
        help_text="Its id in police.uk-style addresses (/api/<force>/<id>): lower-case letters, "
        "numbers and hyphens, like banbury-north",
        error_messages={
            "required": "Enter an id for the neighbourhood",
            "invalid": "The id must be lower-case letters, numbers and hyphens only",
        },
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    population = forms.IntegerField(
        label="Population",
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the population as a whole number"},
    )
    boundary_file = forms.FileField(
        label="Boundary file",
        required=False,
        help_text="GeoJSON (Polygon, MultiPolygon, Feature or FeatureCollection) in longitude and "
        "latitude, up to 5 MB",
    )
    lsoa_codes = forms.CharField(
        label="Or its LSOAs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="2011 LSOA codes separated by spaces or commas; the boundary is their outline",
    )
    centre_latitude = forms.FloatField(
        label="Centre latitude",
        required=False,
        min_value=-90,
        max_value=90,
        help_text="Leave the centre empty to use the middle of the boundary",
    )
    centre_longitude = forms.FloatField(
        label="Centre longitude", required=False, min_value=-180, max_value=180
    )
    contact_email = forms.EmailField(label="Team e-mail address", required=False)
    contact_telephone = forms.CharField(label="Team telephone", max_length=30, required=False)
    contact_website = forms.URLField(
        label="Team web page", required=False, assume_scheme="https", validators=[WEB_ONLY]
    )
    is_published = forms.BooleanField(
        label="Publish it on the public pages and the police.uk-compatible API", required=False
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            self.fields["boundary_file"].help_text += "; leave both empty to keep the boundary"

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > BOUNDARY_MAX_BYTES:  # before a byte of it is read
            raise ValidationError(BOUNDARY_TOO_BIG)
        try:
            return geometry.boundary_from_geojson(upload.read())
        except geometry.GeometryError as error:
            raise ValidationError(str(error)) from None

    def clean_lsoa_codes(self):
        codes = [c.upper() for c in LSOA_TOKEN.split(self.cleaned_data.get("lsoa_codes", "")) if c]
        bad = [c for c in codes if not re.fullmatch(r"[EW]0\d{7}", c)]
        if bad:
            listed = ", ".join(bad[:10]) + (" and more" if bad[10:] else "")
            raise ValidationError(
                NOT_LSOA.format(codes=listed, verb="is" if len(bad) == 1 else "are")
            )
        return list(dict.fromkeys(codes))  # each once, in the order given

    def clean(self):
        data = super().clean()
        uploaded = data.get("boundary_file")
        codes = data.get("lsoa_codes") or []
        if self.errors.get("boundary_file") or self.errors.get("lsoa_codes"):
            return data
        if uploaded and codes:
            self.add_error("boundary_file", BOUNDARY_BOTH)
        elif uploaded:
            data["boundary"] = uploaded
            data["lsoa_codes"] = []
        elif codes:
            try:
                data["boundary"] = geometry.boundary_from_lsoas(codes)
            except geometry.GeometryError as error:
                self.add_error("lsoa_codes", str(error))
        elif not self.editing:
            self.add_error("boundary_file", BOUNDARY_NEEDED)
        one_given = (data.get("centre_latitude") is None) != (data.get("centre_longitude") is None)
        if (
            one_given
            and "centre_latitude" not in self.errors
            and "centre_longitude" not in self.errors
        ):
            self.add_error("centre_latitude", CENTRE_BOTH)
        return data

    def service_fields(self) -> dict:
        """What the service stores: the model's fields, the boundary only if a new one came."""
        data = self.cleaned_data
        names = [
            "name",
            "slug",
            "description",
            "population",
            "centre_latitude",
            "centre_longitude",
            "contact_email",
            "contact_telephone",
            "contact_website",
            "is_published",
        ]
        fields = {name: data[name] for name in names}
        fields["description"] = fields["description"].strip()
        if data.get("boundary"):
            fields["boundary"] = data["boundary"]
            fields["lsoa_codes"] = data["lsoa_codes"]
        return fields


class TeamMemberForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter their name"}
    )
    rank = forms.CharField(
        label="Rank or role",
        max_length=100,
        required=False,
        help_text="For example Sergeant, PC, PCSO or Community Safety Officer",
    )
    bio = forms.CharField(
        label="About them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the public",
    )
    contact_email = forms.EmailField(label="Work e-mail address", required=False)
    contact_telephone = forms.CharField(label="Work telephone", max_length=30, required=False)
    order = forms.IntegerField(
        label="Position in the list",
        min_value=0,
        max_value=999,
        initial=0,
        required=False,
        help_text="Lower numbers come first",
    )
    photo = forms.FileField(
        label="Photo",
        required=False,
        help_text="Optional; a JPG or PNG. Its location and camera details are removed",
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name].strip() if isinstance(data[name], str) else data[name]
            for name in ("name", "rank", "bio", "contact_email", "contact_telephone")
        }
        fields["order"] = data["order"] or 0
        return fields


class EventForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the event's title"}
    )
    type = forms.ChoiceField(
        label="Kind of event",
        choices=Event.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of event"},
    )
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=DATETIME_WIDGET,
        error_messages={
            "required": "Enter when the event starts",
            "invalid": "The start must be a real date and time",
        },
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        required=False,
        widget=DATETIME_WIDGET,
        error_messages={"invalid": "The end must be a real date and time"},
    )
    address = forms.CharField(label="Where", max_length=300, required=False)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_email = forms.EmailField(label="Contact e-mail address", required=False)
    contact_telephone = forms.CharField(label="Contact telephone", max_length=30, required=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ENDS_BEFORE_START)
        return data

    def service_fields(self) -> dict:
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
        }


class PriorityForm(forms.Form):
    issue = forms.CharField(
        label="Issue",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the Neighbourhood Action Group agreed to tackle",
        error_messages={"required": "Enter the issue"},
    )
    issue_date = forms.DateField(
        label="Date raised",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date it was raised", "invalid": "Enter a real date"},
    )
    action = forms.CharField(
        label="Action taken",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_date = forms.DateField(
        label="Date of the action",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter a real date"},
    )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "issue": data["issue"].strip(),
            "issue_date": data["issue_date"],
            "action": data["action"].strip(),
            "action_date": data["action_date"],
        }


class PriorityCloseForm(IdPrefixed, forms.Form):
    id_prefix = "close"

    closed_on = forms.DateField(
        label="Date closed",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date it was closed", "invalid": "Enter a real date"},
    )
    action = forms.CharField(
        label="Action taken",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done; leave as it is to keep what the priority already says",
    )


class PlaceForm(forms.Form):
    """A police station or other place to meet the team (police.uk's `locations`)."""

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the place's name"}
    )
    type = forms.ChoiceField(
        label="Kind of place",
        choices=[("station", "Police station"), ("other", "Other place")],
        widget=forms.RadioSelect,
        initial="station",
        error_messages={"required": "Select the kind of place"},
    )
    address = forms.CharField(
        label="Address", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    description = forms.CharField(
        label="Opening times or other notes", max_length=500, required=False
    )
    latitude = forms.FloatField(label="Latitude", required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-180, max_value=180)

    def clean(self):
        data = super().clean()
        one_given = (data.get("latitude") is None) != (data.get("longitude") is None)
        if one_given and not {"latitude", "longitude"} & set(self.errors):
            self.add_error("latitude", "Enter both the latitude and the longitude, or neither")
        return data

    def place(self) -> dict:
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
        }


class LinkForm(forms.Form):
    """A useful link for the neighbourhood's residents (police.uk's `links`)."""

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the link's title"}
    )
    url = forms.URLField(
        label="Web address",
        assume_scheme="https",
        validators=[WEB_ONLY],
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a web address like https://www.cherwell.gov.uk",
        },
    )
    description = forms.CharField(label="Description", max_length=500, required=False)

    def link(self) -> dict:
        return {name: value.strip() for name, value in self.cleaned_data.items()}
