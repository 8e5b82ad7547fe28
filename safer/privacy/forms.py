"""Forms of the data protection pages: parse and validate with GOV.UK error wording; no writes."""

from django import forms

from safer.privacy.models import DataRequest

REASON_MISSING = "Enter the reason for the request"
PERSON_MISSING = "Enter the person's record number"

DECIDED_KINDS = [
    (kind.value, kind.label) for kind in DataRequest.Kind if kind != DataRequest.Kind.ACCESS
]


class PersonLookupForm(forms.Form):
    person_id = forms.IntegerField(
        label="Person record number",
        min_value=1,
        help_text="Shown on the person's page as 'Person 42'",
        error_messages={"required": PERSON_MISSING, "invalid": PERSON_MISSING},
    )


class DataRequestForm(forms.Form):
    """A rectification, restriction (or its lifting) or erasure, with the decision."""

    kind = forms.ChoiceField(
        label="Request",
        choices=DECIDED_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of request"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Who asked, and why",
        error_messages={"required": REASON_MISSING},
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DataRequest.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the request was granted or refused"},
    )
    outcome_note = forms.CharField(
        label="What was done, or why it was refused",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="For a rectification, say which details were corrected (correct them on the "
        "person's page). Erasure anonymises the person's record.",
    )
