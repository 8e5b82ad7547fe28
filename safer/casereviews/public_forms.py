"""The public case review journey's forms: one question (or a small group) a page, every label,
hint, choice and error message translated. What people type is kept exactly as typed."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safer.casereviews.services import TEXT_MAX
from safer.partners.models import Organisation
from safer.public.protection import HoneypotMixin

SELF, BEHALF = "self", "behalf"
OTHER = "other"
YES, NO = "yes", "no"


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Who is asking for the case review?"),
        widget=forms.RadioSelect,
        choices=[
            (SELF, _("I am the victim of the anti-social behaviour")),
            (BEHALF, _("I am asking on behalf of the victim")),
        ],
        error_messages={
            "required": _("Select whether you are the victim or asking on their behalf"),
            "invalid_choice": _("Select whether you are the victim or asking on their behalf"),
        },
    )
    behalf_name = forms.CharField(
        label=_("The victim's full name"),
        help_text=_("Only if you are asking on behalf of the victim"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The name must be 200 characters or fewer")},
    )
    behalf_relationship = forms.CharField(
        label=_("Your relationship to the victim"),
        help_text=_("For example, parent, carer, friend or support worker"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("The relationship must be 100 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        if data.get("who") == BEHALF:
            if not (data.get("behalf_name") or "").strip() and "behalf_name" not in self.errors:
                self.add_error("behalf_name", _("Enter the victim's full name"))
            if (
                not (data.get("behalf_relationship") or "").strip()
                and "behalf_relationship" not in self.errors
            ):
                self.add_error("behalf_relationship", _("Enter your relationship to the victim"))
        return data


class ContactForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={
            "required": _("Enter your first name"),
            "max_length": _("Your first name must be 100 characters or fewer"),
        },
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={
            "required": _("Enter your last name"),
            "max_length": _("Your last name must be 100 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "We will send the decision here. Leave it empty only if you give a phone number."
        ),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
            "max_length": _("The e-mail address must be 254 characters or fewer"),
        },
    )
    phone = forms.CharField(
        label=_("Phone number (optional if you gave an e-mail address)"),
        required=False,
        max_length=30,
        error_messages={"max_length": _("The phone number must be 30 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        if (
            "email" not in self.errors
            and not (data.get("email") or "").strip()
            and not (data.get("phone") or "").strip()
        ):
            self.add_error(
                "email",
                _("Enter an e-mail address or a phone number so we can tell you the decision"),
            )
        return data


def _organisation_choices() -> list[tuple[str, str]]:
    active = Organisation.objects.filter(is_active=True).order_by("name")
    return [(str(pk), name) for pk, name in active.values_list("pk", "name")] + [
        (OTHER, _("Someone else"))
    ]


class IncidentForm(forms.Form):
    """One incident: when it happened, when and to whom it was reported, what happened, and
    whether it was motivated by hate. Dates as GOV.UK date inputs (day, month, year)."""

    DATES = ("occurred", "reported")

    occurred_day = forms.CharField(required=False, max_length=2)
    occurred_month = forms.CharField(required=False, max_length=2)
    occurred_year = forms.CharField(required=False, max_length=4)
    reported_day = forms.CharField(required=False, max_length=2)
    reported_month = forms.CharField(required=False, max_length=2)
    reported_year = forms.CharField(required=False, max_length=4)
    reported_to = forms.ChoiceField(
        label=_("Who did you report it to?"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": _("Select who you reported it to"),
            "invalid_choice": _("Select who you reported it to"),
        },
    )
    reported_to_other = forms.CharField(
        label=_("If someone else, who did you report it to?"),
        help_text=_("For example, the name of a housing association or a councillor"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The name must be 200 characters or fewer")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Describe the behaviour you reported, in your own words."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Describe what happened"),
            "max_length": _("The description must be %(limit_value)s characters or fewer"),
        },
    )
    hate = forms.ChoiceField(
        label=_(
            "Do you think it happened because of someone's race, religion, sexual "
            "orientation, disability or transgender identity?"
        ),
        help_text=_("This is called a hate incident."),
        widget=forms.RadioSelect,
        choices=[(YES, _("Yes")), (NO, _("No"))],
        error_messages={
            "required": _("Select yes if you think it was a hate incident"),
            "invalid_choice": _("Select yes if you think it was a hate incident"),
        },
    )

    DATE_ERRORS = {
        "occurred": {
            "required": _("Enter the date the behaviour happened"),
            "invalid": _("The date the behaviour happened must be a real date"),
            "future": _("The date the behaviour happened must be today or in the past"),
        },
        "reported": {
            "required": _("Enter the date you reported it"),
            "invalid": _("The date you reported it must be a real date"),
            "future": _("The date you reported it must be today or in the past"),
        },
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_to"].choices = _organisation_choices()

    def _date(self, name: str) -> date | None:
        data = self.cleaned_data
        parts = [(data.get(f"{name}_{part}") or "").strip() for part in ("day", "month", "year")]
        messages = self.DATE_ERRORS[name]
        if not all(parts):
            self.add_error(f"{name}_day", messages["required"])
            return None
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900:
                raise ValueError
            value = date(year, month, day)
        except ValueError:
            self.add_error(f"{name}_day", messages["invalid"])
            return None
        if value > timezone.localdate():
            self.add_error(f"{name}_day", messages["future"])
            return None
        return value

    def clean(self):
        data = super().clean()
        occurred, reported = self._date("occurred"), self._date("reported")
        if occurred and reported and reported < occurred:
            self.add_error(
                "reported_day",
                _("The date you reported it must be the same as or after the date it happened"),
            )
        data["occurred_on"], data["reported_on"] = occurred, reported
        if data.get("reported_to") == OTHER and not (data.get("reported_to_other") or "").strip():
            self.add_error("reported_to_other", _("Enter who you reported it to"))
        return data

    def answers(self) -> dict:
        """The incident as the session keeps it (dates as ISO text, words as typed)."""
        data = self.cleaned_data
        other = data["reported_to"] == OTHER
        return {
            "occurred_on": data["occurred_on"].isoformat(),
            "reported_on": data["reported_on"].isoformat(),
            "organisation_id": None if other else int(data["reported_to"]),
            "reported_to_other": data["reported_to_other"] if other else "",
            "description": data["description"],
            "hate_motivated": data["hate"] == YES,
        }

    @classmethod
    def initial_from(cls, incident: dict) -> dict:
        occurred = date.fromisoformat(incident["occurred_on"])
        reported = date.fromisoformat(incident["reported_on"])
        return {
            "occurred_day": occurred.day,
            "occurred_month": occurred.month,
            "occurred_year": occurred.year,
            "reported_day": reported.day,
            "reported_month": reported.month,
            "reported_year": reported.year,
            "reported_to": str(incident["organisation_id"] or OTHER),
            "reported_to_other": incident["reported_to_other"],
            "description": incident["description"],
            "hate": YES if incident["hate_motivated"] else NO,
        }


class SubmitForm(HoneypotMixin, forms.Form):
    """The check-your-answers page's form: nothing to fill in but the honeypot bots see."""
