from django import forms

from safer.cohorts.models import Cohort
from safer.cohorts.services import DATE_IN_FUTURE, JOINED_MISSING, KIND_MISSING, NAME_MISSING

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CohortForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": NAME_MISSING})
    kind = forms.ChoiceField(
        label="Kind of cohort",
        choices=Cohort.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_MISSING},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Find a person by name, postcode or phone", max_length=100)


class MemberAddForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    joined_on = forms.DateField(
        label="Date they joined",
        widget=DATE_WIDGET,
        error_messages={"required": JOINED_MISSING, "invalid": "Enter a real date"},
    )


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(
        label="Date they left",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the date they left", "invalid": "Enter a real date"},
    )

    def clean_left_on(self):
        from django.utils import timezone

        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(DATE_IN_FUTURE)
        return left_on
