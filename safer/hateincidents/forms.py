"""The journey's questions (public and phone entry share them) and the staff forms. Public
wording, choices and errors are translated; staff forms are in English."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safer.hateincidents.models import TEXT_MAX, HateIncident, Motivation, RoutingRule
from safer.public.protection import HoneypotMixin

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
MOTIVATION_HINTS = {
    Motivation.RACE: _("Including skin colour, nationality, ethnic or national origin"),
    Motivation.RELIGION: _("Including having no religion"),
    Motivation.SEXUAL_ORIENTATION: _("Including being gay, lesbian, bisexual or straight"),
    Motivation.DISABILITY: _("Including physical, learning and mental health disabilities"),
    Motivation.TRANSGENDER: _("Including being trans, non-binary or cross-dressing"),
    Motivation.SUBCULTURE: _("Such as goth, emo, punk or metal, because of how someone looks"),
    Motivation.OTHER: _("Tell us in your own words"),
}


def _radios(label, choices, required_message, hint=""):
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class WhoForm(forms.Form):
    reporter_role = _radios(
        _("Who are you reporting for?"),
        HateIncident.ReporterRole.choices,
        _("Select whether it happened to you, you saw it, or you are reporting for someone else"),
    )


class WhatForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Tell us what was said or done, and anything that helps us understand it. You can "
            "write in your own language."
        ),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter what happened"),
            "max_length": _("What happened must be %(limit_value)s characters or fewer"),
        },
    )


class WhereForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode (if you know it)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
        error_messages={"max_length": _("Enter a real postcode, like OX16 5QA")},
    )
    place = forms.CharField(
        label=_("Describe the place"),
        help_text=_("For example, the bus stop outside the library on High Street, or online"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("The place must be 500 characters or fewer")},
    )

    def clean_postcode(self) -> str:
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError(_("Enter a real postcode, like OX16 5QA"))
        return postcode

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("postcode") and not data.get("place", "").strip():
            self.add_error("place", _("Enter a postcode or describe where it happened"))
        return data


class WhenForm(forms.Form):
    """The GOV.UK date pattern: day, month and year boxes, named errors."""

    happened_day = forms.CharField(label=_("Day"), required=False, max_length=2)
    happened_month = forms.CharField(label=_("Month"), required=False, max_length=2)
    happened_year = forms.CharField(label=_("Year"), required=False, max_length=4)
    happened_time = forms.CharField(
        label=_("What time was it? (optional)"),
        help_text=_("For example, about 6pm"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("The time must be 100 characters or fewer")},
    )

    def __init__(self, *args, initial=None, **kwargs):
        initial = dict(initial or {})
        if initial.get("happened_on"):
            day = date.fromisoformat(initial["happened_on"])
            initial.update(happened_day=day.day, happened_month=day.month, happened_year=day.year)
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        data = super().clean()
        parts = [data.get(f"happened_{p}", "").strip() for p in ("day", "month", "year")]
        if not any(parts):
            self.add_error("happened_day", _("Enter the date it happened"))
            return data
        try:
            happened = date(int(parts[2]), int(parts[1]), int(parts[0]))
            if happened.year < 1900:
                raise ValueError
        except ValueError:
            self.add_error("happened_day", _("The date it happened must be a real date"))
            return data
        if happened > timezone.localdate():
            self.add_error("happened_day", _("The date it happened must be today or in the past"))
            return data
        data["happened_on"] = happened
        return data


class MotivationForm(forms.Form):
    motivations = forms.MultipleChoiceField(
        label=_("Why do you think it happened?"),
        help_text=_("Select all that apply"),
        choices=Motivation.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select why you think it happened")},
    )
    other_motivation = forms.CharField(
        label=_("Describe the other reason"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The other reason must be 200 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        if (
            Motivation.OTHER in data.get("motivations", [])
            and not data.get("other_motivation", "").strip()
        ):
            self.add_error("other_motivation", _("Describe the other reason"))
        return data

    def options(self) -> list[dict]:
        """Each checkbox with its hint, for the GOV.UK checkboxes-with-hints markup."""
        chosen = set(self["motivations"].value() or [])
        return [
            {
                "value": value,
                "label": label,
                "hint": MOTIVATION_HINTS[value],
                "id": f"id_motivations_{index}",
                "checked": value in chosen,
            }
            for index, (value, label) in enumerate(Motivation.choices)
        ]


class ContactForm(forms.Form):
    give_contact = _radios(
        _("Do you want to give your contact details?"),
        [
            ("yes", _("Yes, I will give my contact details")),
            ("no", _("No, I want to stay anonymous")),
        ],
        _("Select whether you want to give your contact details"),
        hint=_("If you stay anonymous, no one can contact you about your report."),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Your name must be 200 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"max_length": _("Enter a phone number, like 01632 960 001")},
    )

    def clean(self):
        data = super().clean()
        if data.get("give_contact") == "yes" and not self.errors:
            if not data.get("contact_name", "").strip():
                self.add_error("contact_name", _("Enter your name"))
            if not data.get("contact_email") and not data.get("contact_phone", "").strip():
                self.add_error("contact_email", _("Enter an email address or a phone number"))
        return data


class ConsentForm(forms.Form):
    consent_contact = _radios(
        _("Can we or a support organisation contact you about your report?"),
        YES_NO,
        _("Select yes if we can contact you"),
    )
    consent_referral = _radios(
        _("Can we pass your report to a support organisation that can help?"),
        YES_NO,
        _("Select yes if we can pass your report to a support organisation"),
        hint=_(
            "If you say no, only the partnership's hate incident co-ordinators will see your "
            "report. No support organisation will see it or contact you."
        ),
    )
    consent_police = _radios(
        _("Can we pass your report to the police?"),
        YES_NO,
        _("Select yes if we can pass your report to the police"),
        hint=_(
            "If you say no, we will not pass it to the police. You can still report it to the "
            "police yourself on 101, or 999 in an emergency."
        ),
    )

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            del self.fields["consent_contact"]


class SubmitForm(HoneypotMixin):
    """The check-your-answers page's button, with the honeypot a bot fills in."""


class FirstContactForm(forms.Form):
    contacted_at = forms.DateTimeField(
        label="When was the first contact made?",
        help_text="Leave blank for now. For example, 2026-12-04 14:30",
        required=False,
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": "Enter a date and time, like 2026-12-04 14:30"},
    )
    outcome = forms.CharField(
        label="Outcome",
        help_text="What was agreed or offered. Do not repeat the incident here.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "motivation",
            "area",
            "organisation",
            "priority",
            "first_contact_hours",
            "referral_consent_required",
        ]
        labels = {
            "motivation": "Motivation",
            "area": "Area (postcode district)",
            "organisation": "Send to",
            "priority": "Priority (lower goes first)",
            "first_contact_hours": "First contact within (hours)",
            "referral_consent_required": "Only when the reporter consents to referral",
        }
        help_texts = {
            "referral_consent_required": (
                "Untick only for the co-ordinators' own organisation: no other organisation "
                "receives an incident without consent."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivation"].choices = [("", "Any motivation"), *Motivation.choices]
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
            is_active=True
        )


# The journey's steps in order: slug, form, whether its page is shown (from the answers so far).
STEPS = [
    ("who", WhoForm),
    ("what-happened", WhatForm),
    ("where", WhereForm),
    ("when", WhenForm),
    ("why", MotivationForm),
    ("contact-details", ContactForm),
    ("consent", ConsentForm),
]
STEP_FORMS = dict(STEPS)
