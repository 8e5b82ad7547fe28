"""Sign-in and second-factor forms, with GOV.UK error wording."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

SIGN_IN_INVALID = "Enter a correct username and password"
USERNAME_MISSING = "Enter your username"
PASSWORD_MISSING = "Enter your password"
CODE_MISSING = "Enter the 6-digit code from your authenticator app"
CODE_FORMAT = "The code must be 6 digits"
CODE_WRONG = "The code is not correct or has expired. Enter the current code from your app"


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_INVALID,
        "inactive": "This account has been switched off. Contact your administrator",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = USERNAME_MISSING
        self.fields["password"].error_messages["required"] = PASSWORD_MISSING
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in your app, for example 123456",
        max_length=6,
        error_messages={"required": CODE_MISSING},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(CODE_FORMAT)
        return code


TOKEN_NAME_REQUIRED = "Enter a name for the token, for example the program that will use it"
TOKEN_DAYS_REQUIRED = "Enter how many days the token should last"
TOKEN_DAYS_RANGE = "The number of days must be between 1 and 3650"


class ApiTokenForm(forms.Form):
    """A new personal API token: a name to recognise it by and how long it lasts."""

    name = forms.CharField(
        label="Token name",
        help_text="So you can tell your tokens apart, for example 'Reporting spreadsheet'",
        max_length=100,
        error_messages={"required": TOKEN_NAME_REQUIRED},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=3650,
        error_messages={
            "required": TOKEN_DAYS_REQUIRED,
            "invalid": TOKEN_DAYS_RANGE,
            "min_value": TOKEN_DAYS_RANGE,
            "max_value": TOKEN_DAYS_RANGE,
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
