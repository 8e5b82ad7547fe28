"""Letter forms: parse and word errors the GOV.UK way; the services decide and write."""

from django import forms

from safer.letters.models import LetterTemplate
from safer.letters.services import DETAILS_MAX

BODY_MAX = 20000


class LetterTemplateForm(forms.Form):
    title = forms.CharField(
        label="Heading",
        max_length=200,
        help_text="The heading of the letter, in bold above the text",
        error_messages={
            "required": "Enter the letter's heading",
            "max_length": "The heading must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Text of the letter",
        max_length=BODY_MAX,
        strip=False,
        help_text=(
            "From the greeting to the signature. Leave a blank line between paragraphs. "
            "Merge fields are written with two braces each side, like {{ case.reference }}."
        ),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        error_messages={
            "required": "Enter the text of the letter",
            "max_length": f"The text must be {BODY_MAX} characters or fewer",
        },
    )
    note = forms.CharField(
        label="What changed (optional)",
        max_length=200,
        required=False,
        help_text="Shown in the version history, for example 'New phone number'",
        error_messages={"max_length": "What changed must be 200 characters or fewer"},
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LetterForm(forms.Form):
    """Which letter, to whom, and the details the template asks for."""

    template_kind = forms.ChoiceField(
        label="Letter",
        choices=LetterTemplate.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a letter",
            "invalid_choice": "Choose a letter from the list",
        },
    )
    recipient_id = forms.ChoiceField(
        label="Send it to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the letter is to",
            "invalid_choice": "Choose someone involved in this case to send the letter to",
        },
    )
    details = forms.CharField(
        label="Details for this letter",
        required=False,
        max_length=DETAILS_MAX,
        strip=False,
        help_text=(
            "Warnings and notices: the conduct and what must stop or be done. Case review "
            "invitations: the date, time and place of the meeting. Leave a blank line between "
            "paragraphs."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"The details must be {DETAILS_MAX} characters or fewer"},
    )
    previewed_template = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_id"].choices = [
            (str(person.pk), f"{person.full_name} ({', '.join(roles)})")
            for person, roles in recipients
        ]
