"""The questions of the public journeys, with GOV.UK error wording in the visitor's language.
Forms parse and validate only; nothing here writes."""

import re
from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safer.cases.models import Affected, Report
from safer.places.postcodes import postcode_normalised
from safer.places.selectors import addresses_at
from safer.public.protection import HoneypotMixin

DESCRIPTION_MAX = 5000
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
PHONE = re.compile(r"^[0-9 +()-]{7,20}$")

# Report.Type in words a resident uses.
PUBLIC_TYPES = [
    (Report.Type.NOISE, _("Noise")),
    (Report.Type.NEIGHBOUR_DISPUTE, _("A dispute with a neighbour")),
    (Report.Type.ROWDY_BEHAVIOUR, _("Rowdy or inconsiderate behaviour")),
    (Report.Type.DRUGS, _("Drug dealing or drug use")),
    (Report.Type.VEHICLE_NUISANCE, _("Nuisance vehicles, such as off-road bikes or cars")),
    (Report.Type.INTIMIDATION, _("Intimidation or harassment")),
    (Report.Type.HATE_MOTIVATED, _("Behaviour motivated by hate or prejudice")),
    (Report.Type.LITTERING, _("Litter or fly-tipping")),
    (Report.Type.WASTE_ACCUMULATION, _("Rubbish building up")),
    (Report.Type.GRAFFITI, _("Graffiti")),
    (Report.Type.ANIMAL_NUISANCE, _("Problems caused by animals")),
    (Report.Type.OTHER, _("Something else")),
]
AFFECTED_CHOICES = [
    (Affected.ME, _("Me")),
    (Affected.HOUSEHOLD, _("My household")),
    (Affected.SOMEONE_ELSE, _("Someone else")),
    (Affected.COMMUNITY, _("The community")),
]
# Roughly when it happened, and the time of day stored for each answer.
TIMES_OF_DAY = [
    ("morning", _("Morning (6am to midday)")),
    ("afternoon", _("Afternoon (midday to 6pm)")),
    ("evening", _("Evening (6pm to 10pm)")),
    ("night", _("Night (10pm to 6am)")),
    ("unknown", _("I do not know")),
]
HOUR_OF = {"morning": 9, "afternoon": 15, "evening": 20, "night": 23, "unknown": 12}

DATE_MISSING = _("Enter the date it happened")
DATE_NOT_REAL = _("The date it happened must be a real date")
DATE_IN_FUTURE = _("The date it happened must be today or in the past")
DATE_TOO_OLD = _("The date it happened must be in the last 10 years")


def _radios(label, choices, required_message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


class HappeningNowForm(forms.Form):
    happening_now = _radios(
        _("Is it happening now?"), YES_NO, _("Select yes if it is happening now")
    )


class WhereForm(forms.Form):
    """The place: a postcode whose addresses the partnership's gazetteer lists (public data:
    addresses, no one's details) to choose from, or the address typed in."""

    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        help_text=_("Find the address from its postcode, or type the address below."),
        max_length=10,
        required=False,
        error_messages={"max_length": _("Enter a real postcode")},
    )
    uprn = forms.ChoiceField(label=_("Choose the address"), required=False, choices=[])
    address_line_1 = forms.CharField(
        label=_("Building and street"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Building and street must be 120 characters or less")},
    )
    address_line_2 = forms.CharField(
        label=_("Building and street line 2 (optional)"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Line 2 must be 120 characters or less")},
    )
    town = forms.CharField(
        label=_("Town or city (optional)"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("Town or city must be 60 characters or less")},
    )
    # Filled by "Use my current location" (public/locate.js) when the visitor asks for it.
    latitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = self.data.get("postcode") if self.is_bound else self.initial.get("postcode")
        code = postcode_normalised(typed)
        self.found = addresses_at(code) if code else []
        self.searched = code
        self.fields["uprn"].choices = [
            ("", _("Choose an address")),
            *((place.uprn, place.address) for place in self.found),
        ]

    @property
    def located(self) -> bool:
        """The visitor shared their device's location (both coordinates came, and were valid)."""
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) is not None for name in ("latitude", "longitude", "accuracy"))

    @property
    def finding(self) -> bool:
        """The "Find address" button was pressed: look the postcode up, do not move on."""
        return self.is_bound and "find" in self.data

    def clean_postcode(self) -> str:
        code = re.sub(r"\s+", "", self.cleaned_data["postcode"].upper())
        if code and not POSTCODE.match(code):
            raise forms.ValidationError(_("Enter a real postcode"))
        return f"{code[:-3]} {code[-3:]}" if code else ""

    def clean(self):
        data = super().clean()
        chosen = next((p for p in self.found if p.uprn == data.get("uprn")), None)
        if chosen is not None:
            data.update(
                address_line_1=chosen.address,
                address_line_2="",
                town="",
                latitude=chosen.latitude,
                longitude=chosen.longitude,
                accuracy=None,
            )
        elif not self.located:
            # Coordinates come only from the gazetteer or the device (a typed address with
            # the device's location keeps both): none left over from an earlier choice.
            data.update(latitude=None, longitude=None, accuracy=None)
            if not data.get("address_line_1", "").strip() and "address_line_1" not in self.errors:
                self.add_error(
                    "address_line_1",
                    _("Enter the building and street where it happened")
                    if not self.found
                    else _("Choose the address, or enter the building and street"),
                )
        return data


class WhatForm(forms.Form):
    type = _radios(_("What is happening?"), PUBLIC_TYPES, _("Select what happened"))
    description = forms.CharField(
        label=_("Tell us what happened"),
        help_text=_(
            "Say what you saw or heard, who was involved if you know, and how it affects you. "
            "You can write in any language."
        ),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        error_messages={
            "required": _("Describe what happened"),
            "max_length": _("What happened must be %(limit_value)s characters or less"),
        },
    )

    def clean_description(self) -> str:
        text = self.cleaned_data["description"]
        if not text.strip():
            raise forms.ValidationError(_("Describe what happened"))
        return text  # kept exactly as typed


class PhotosForm(forms.Form):
    """One photo at a time; the page lists those added. Cleaning and holding the file is the
    view's (photos.photo_hold), so this form only says whether one was chosen."""

    photo = forms.FileField(
        label=_("Upload a photo"),
        help_text=_(
            "A JPG or PNG photo, smaller than %(megabytes)s MB. We remove the location, camera "
            "and time details from it."
        ),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = settings.PUBLIC_PHOTO_MAX_BYTES // (1024 * 1024)
        self.fields["photo"].help_text = self.fields["photo"].help_text % {"megabytes": megabytes}


class WhenForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), required=False)
    month = forms.IntegerField(label=_("Month"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False)
    time_of_day = _radios(
        _("Roughly what time did it happen?"),
        TIMES_OF_DAY,
        _("Select roughly what time it happened"),
    )

    def clean(self):
        data = super().clean()
        for name in ("day", "month", "year"):
            if self.errors.get(name):
                self.errors.pop(name)
                self.add_error("day", DATE_NOT_REAL)
                return data
        parts = [data.get("day"), data.get("month"), data.get("year")]
        if all(part is None for part in parts):
            self.add_error("day", DATE_MISSING)
            return data
        try:
            when = date(*reversed([p or 0 for p in parts]))
        except (TypeError, ValueError):
            self.add_error("day", DATE_NOT_REAL)
            return data
        today = timezone.localdate()
        if when > today:
            self.add_error("day", DATE_IN_FUTURE)
        elif when.year < today.year - 10:
            self.add_error("day", DATE_TOO_OLD)
        else:
            data["occurred_on"] = when.isoformat()
        return data


def occurred_at(occurred_on: str, time_of_day: str) -> datetime:
    """The moment stored for a date and a rough time of day, never later than now."""
    moment = timezone.make_aware(
        datetime.combine(date.fromisoformat(occurred_on), time(HOUR_OF.get(time_of_day, 12)))
    )
    return min(moment, timezone.now())


class AffectedForm(forms.Form):
    affected = _radios(_("Who is affected?"), AFFECTED_CHOICES, _("Select who is affected"))


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Full name (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Full name must be 200 characters or less")},
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        help_text=_("We need this to let you check your report online."),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or less"),
        },
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=20,
        required=False,
        error_messages={
            "max_length": _("Enter a phone number, like 01632 960 001 or 07700 900 982")
        },
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number, like 01632 960 001 or 07700 900 982")
            )
        return phone


class ConsentForm(forms.Form):
    consent = _radios(
        _("Can we contact you about this report?"),
        YES_NO,
        _("Select yes if we can contact you about this report"),
    )


class SubmitForm(HoneypotMixin):
    """The check-your-answers page's button; carries the honeypot."""


class CheckReportForm(HoneypotMixin):
    reference = forms.CharField(
        label=_("Report reference"),
        help_text=_("This is on your confirmation, for example ASB-2026-000123."),
        max_length=20,
        error_messages={
            "required": _("Enter the report reference"),
            "max_length": _("Enter the reference as it is on your confirmation"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The email address you gave when you made the report."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or less"),
        },
    )
