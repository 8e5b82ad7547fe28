"""The staff form for issuing an Open311 key; parses only."""

from django import forms

from safer.open311.services import APP_NAME_MISSING, APP_NAME_TOO_LONG


class KeyCreateForm(forms.Form):
    app_name = forms.CharField(
        label="Name of the app",
        help_text="As the app's makers call it, so you can tell keys apart, e.g. FixMyStreet",
        max_length=100,
        error_messages={"required": APP_NAME_MISSING, "max_length": APP_NAME_TOO_LONG},
    )
