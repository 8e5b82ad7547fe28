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
