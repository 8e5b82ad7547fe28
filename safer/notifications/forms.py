from django import forms


class ReminderPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label="Which reminders do you want by e-mail?",
        help_text="At most one e-mail a day lists everything you chose that is due within "
        "the week or overdue. Select all that apply.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kinds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_kinds"].choices = list(kinds.items())
