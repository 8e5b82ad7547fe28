"""Forms for administrators managing user accounts."""

from django import forms

from safer.partners.models import Organisation
from safer.partners.roles import Role


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation they work for"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    job_title = forms.CharField(label="Job title", max_length=120, required=False)


class NewMemberForm(MemberForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Letters, digits and @ . + - _ only",
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "job_title",
    ]


class EditMemberForm(MemberForm):
    is_active = forms.BooleanField(label="Account is switched on", required=False)


class UserSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or username", required=False, max_length=100)
