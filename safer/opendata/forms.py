"""Staff forms for partnership news and community screen messages (English, GOV.UK wording)."""

from django import forms

from safer.neighbourhoods.selectors import neighbourhoods_published

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewsItemForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=150, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Summary",
        max_length=300,
        help_text="One or two sentences for the list of news",
        error_messages={"required": "Enter a summary"},
    )
    body = forms.CharField(
        label="Story",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text; a blank line starts a new paragraph. Name no victim, suspect or "
        "address: this is published.",
        error_messages={"required": "Enter the story"},
    )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name].strip() for name in ("title", "summary", "body")}


class SafetyMessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="At most 280 characters, read from across a room. Nothing about any person.",
        error_messages={
            "required": "Enter the message",
            "max_length": "The message must be 280 characters or fewer",
        },
    )
    neighbourhood = forms.ModelChoiceField(
        label="Show on",
        queryset=neighbourhoods_published(),
        required=False,
        empty_label="Every screen",
    )
    starts_on = forms.DateField(
        label="First day",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the first day", "invalid": "Enter a real date"},
    )
    ends_on = forms.DateField(
        label="Last day",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the last day", "invalid": "Enter a real date"},
    )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"].strip(),
            "neighbourhood": data["neighbourhood"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
        }
