"""Tasking meeting forms: parse and validate, GOV.UK error wording; no writes."""

from django import forms

from safer.cases.forms import DATE_WIDGET, OfficerChoiceField
from safer.core.forms import IdPrefixed
from safer.tasking.models import MeetingSeries
from safer.tasking.services import (
    DECISION_MISSING,
    FREQUENCY_RANGE,
    HELD_ON_MISSING,
    KIND_UNKNOWN,
    NAME_MISSING,
)


class SeriesForm(forms.Form):
    name = forms.CharField(
        label="Name of the group", max_length=120, error_messages={"required": NAME_MISSING}
    )
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=MeetingSeries.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_UNKNOWN, "invalid_choice": KIND_UNKNOWN},
    )
    frequency_days = forms.IntegerField(
        label="Meets every (days)",
        min_value=1,
        max_value=365,
        initial=14,
        error_messages={
            "required": FREQUENCY_RANGE,
            "invalid": FREQUENCY_RANGE,
            "min_value": FREQUENCY_RANGE,
            "max_value": FREQUENCY_RANGE,
        },
    )
    parent = forms.ModelChoiceField(
        label="Escalates up to",
        queryset=None,
        required=False,
        empty_label="No group above",
    )
    chair = OfficerChoiceField(label="Chair", queryset=None, required=False, empty_label="Not set")
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff of any partner organisation",
    )

    def __init__(self, *args, parents=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["chair"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = self.fields["chair"].label_from_instance


class MeetingCreateForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the meeting",
        widget=DATE_WIDGET,
        error_messages={
            "required": HELD_ON_MISSING,
            "invalid": "The date of the meeting must be a real date",
        },
    )


class ItemAddForm(IdPrefixed, forms.Form):
    id_prefix = "add"

    case_reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        help_text="A case you can open, for example ASB-2026-00012",
    )
    title = forms.CharField(
        label="Or a topic", required=False, max_length=300, help_text="If it is not about one case"
    )


class AttendanceForm(IdPrefixed, forms.Form):
    id_prefix = "attendance"

    attendees = forms.ModelMultipleChoiceField(
        label="Who attended", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
        self.fields["attendees"].label_from_instance = lambda user: user.display_name


class DecisionForm(forms.Form):
    """The decision on one item; the prefix is the item's, so every item's form has its own ids.
    One action a time: submit again to add another."""

    decision = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": DECISION_MISSING},
    )
    action = forms.CharField(label="Action (optional)", required=False, max_length=300)
    owner = OfficerChoiceField(
        label="Given to",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        help_text="Anyone who works on cases in an organisation that can see this case",
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "The due date must be a real date"},
    )
    escalate_to = forms.ModelChoiceField(
        label="Escalate to", queryset=None, required=False, empty_label="Do not escalate"
    )

    def __init__(self, *args, owners=None, targets=None, has_case=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["escalate_to"].queryset = targets
        if not has_case:
            for name in ("action", "owner", "due_on"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (data.get("owner") or data.get("due_on")) and not data.get("action"):
            self.add_error("action", "Describe the action")
        return data
