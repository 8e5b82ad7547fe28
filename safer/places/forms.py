"""The address finder's fields, shared by every form that records where something happened.

A postcode is looked up in the gazetteer and one of its addresses chosen: the address, postcode,
UPRN and coordinates then come from the gazetteer, never from what the browser sends. Where the
place is not listed, the address is typed and a pin dropped on a map fills the hidden latitude
and longitude. Nobody types coordinates.
"""

from django import forms
from django.conf import settings
from pyproj import Transformer

from safer.places.postcodes import POSTCODE_EXAMPLE
from safer.places.selectors import (
    AddressSearch,
    address_search,
    addresses_near,
    gazetteer_centre,
)
from safer.places.services import EASTING_RANGE, NORTHING_RANGE

CHOICE_STALE = "Choose an address from the list, or find the address again"
PIN_OUTSIDE = "The pin is outside Great Britain: drop it on the map where it happened"
PIN_NEEDS_ADDRESS = "Enter the address, or describe the place where the pin is"
PIN_PAIR = "Drop the pin again: its position was not sent whole"
LOCATION_MISSING = (
    "Enter where it happened: find the address by its postcode, or choose 'My address is not "
    "listed' and type it"
)
CHOOSE_ADDRESS = (
    "Enter where it happened: choose the address from the list, or choose 'My address is not "
    "listed' and type it"
)
LOCATION_FIELDS = ("address", "postcode", "uprn", "latitude", "longitude")
_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def in_great_britain(latitude: float, longitude: float) -> bool:
    """Whether the point lies within the British National Grid's extent (as imported rows must)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return False
    easting, northing = _TO_BNG.transform(longitude, latitude)
    return (
        EASTING_RANGE[0] <= easting <= EASTING_RANGE[1]
        and NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]
    )


def location_missing(search: AddressSearch) -> str:
    """What to do when no place is given, by how far the finder got."""
    if search.addresses:
        return CHOOSE_ADDRESS
    return search.problem or LOCATION_MISSING


class AddressSelect(forms.Select):
    """Options carry the address's details, so a script can fill the other fields and the map."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records: dict[str, object] = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        record = self.records.get(str(value))
        if record is not None:
            option["attrs"].update(
                {
                    "data-address": record.address,
                    "data-postcode": record.postcode,
                    "data-latitude": record.latitude,
                    "data-longitude": record.longitude,
                }
            )
        return option


class AddressFinderForm(forms.Form):
    """Where: a postcode looked up and an address chosen, or an address typed and a pin dropped.

    `self.search` is the lookup of the postcode entered (bound data, else initial)."""

    lookup_postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        required=False,
        help_text=f"For example {POSTCODE_EXAMPLE}",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    address_choice = forms.ChoiceField(
        label="Choose the address",
        required=False,
        widget=AddressSelect,
        error_messages={"invalid_choice": CHOICE_STALE},
    )
    address = forms.CharField(
        label="Address or place",
        max_length=300,
        required=False,
        help_text="For a place with no address, describe it, for example 'Play area off "
        "Imaginary Road'",
    )
    postcode = forms.CharField(
        label="Postcode of the address",
        max_length=10,
        required=False,
        help_text="If it has one",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    uprn = forms.CharField(max_length=12, required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial = initial = dict(self.initial)
        if initial.get("uprn") and not initial.get("lookup_postcode"):
            # A record being corrected shows its gazetteer address chosen.
            initial.setdefault("lookup_postcode", initial.get("postcode") or "")
            initial.setdefault("address_choice", initial["uprn"])
        self.search: AddressSearch = address_search(self._given("lookup_postcode"))
        field = self.fields["address_choice"]
        found = self.search.addresses
        field.choices = [
            ("", f"{len(found)} address{'es' if len(found) != 1 else ''} found"),
            *((a.uprn, a.address) for a in found),
        ]
        field.widget.records = {a.uprn: a for a in found}

    def _given(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or ""
        return str(self.initial.get(name) or "")

    @property
    def typing_address(self) -> bool:
        """The typed-address part is open: something typed or pinned, and no address chosen."""
        if self._given("address_choice") and self.search.addresses:
            return False
        return bool(
            self._given("address") or self._given("latitude") or self.search.not_found
        ) or any(self.has_error(name) for name in ("address", "postcode", "latitude"))

    @property
    def map_context(self) -> dict:
        """What the pin map needs: tiles if configured (the intelligence hub's), and where to
        open when neither a pin nor an address is known."""
        return {
            "tile_url": settings.INTEL_TILE_URL,
            "tile_attribution": settings.INTEL_TILE_ATTRIBUTION,
            "centre": gazetteer_centre(),
        }

    @property
    def nearby_points(self) -> list:
        """[latitude, longitude, address] of the addresses near a postcode that is not listed,
        so a map with no tiles still shows where the streets are."""
        if not self.search.not_found:
            return []
        return [[a.latitude, a.longitude, a.address] for a in addresses_near(self.search.postcode)]

    def clean(self):
        data = super().clean()
        # The finder's own fields only lead to a place: what is kept is the place.
        data.pop("lookup_postcode", None)
        chosen = data.pop("address_choice", None)
        record = next((a for a in self.search.addresses if a.uprn == chosen), None)
        if record is not None:
            data.update({name: getattr(record, name) for name in LOCATION_FIELDS})
            return data
        kept = self.initial.get("uprn")  # a UPRN already held stays while its address does
        unchanged = data.get("address", "") == (self.initial.get("address") or "")
        data["uprn"] = kept if kept and data.get("uprn") == kept and unchanged else ""
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("address", PIN_PAIR)
        elif latitude is not None and not in_great_britain(latitude, longitude):
            self.add_error("address", PIN_OUTSIDE)
        return data
