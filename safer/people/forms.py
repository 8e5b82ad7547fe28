"""Person forms: parse and validate only, GOV.UK error wording."""

from django import forms
from django.utils import timezone

from safer.partners.models import Organisation
from safer.people.services import DATE_OF_BIRTH_FUTURE


class PersonForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="Leave blank if not known",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Date of birth must be a real date"},
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    description = forms.CharField(
        label="Description (optional)",
        max_length=500,
        required=False,
        help_text="What helps recognise them, for example 'tall, red hair, usually with a dog'",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    vulnerability_notes = forms.CharField(
        label="Vulnerability notes",
        required=False,
        help_text="Only staff whose role allows it can see these notes",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(DATE_OF_BIRTH_FUTURE)
        return value


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Share with",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose an organisation to share with"},
    )

    def __init__(self, *args, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude_pk is not None:
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.exclude(
                pk=exclude_pk
            )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name, postcode or phone", required=False, max_length=100)
