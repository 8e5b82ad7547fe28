"""Referral forms: parse and validate with GOV.UK wording; the services write."""

from django import forms

from safer.referrals import dash
from safer.referrals.models import Referral
from safer.referrals.selectors import VIEWS
from safer.referrals.services import OUTCOME_MISSING, PERSON_NOT_IN_CASE, REASON_MISSING

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECISION_MISSING = "Select whether you accept the referral"


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date",
        },
    )


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "required": f"Enter the {label.lower()}, in pounds",
            "invalid": f"{label} must be an amount in pounds, like 120.50",
            "min_value": f"{label} cannot be less than 0",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ReferralForm(forms.Form):
    person_id = PersonChoiceField(
        label="Who are you referring?",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": PERSON_NOT_IN_CASE, "invalid_choice": PERSON_NOT_IN_CASE},
    )
    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=None,
        to_field_name="code",
        empty_label="Choose a scheme",
        error_messages={"required": "Choose a scheme", "invalid_choice": "Choose a scheme"},
    )
    checklist = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you referring them?",
        help_text="The provider sees this, with the person's name and contact details.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": REASON_MISSING},
    )

    def __init__(self, *args, people, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].queryset = people
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].label_from_instance = lambda scheme: (
            f"{scheme.name} ({scheme.provider.name})"
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you accept the referral?",
        choices=[("accept", "Accept"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_MISSING},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": OUTCOME_MISSING},
    )
    outcome_on = _date("Date of the outcome")


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Why is it withdrawn? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TargetHardeningForm(forms.Form):
    survey_on = _date("Date of the home security survey", required=False)
    measures = forms.CharField(
        label="Measures fitted or planned",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost = _money("Cost")
    contribution = _money("Household's contribution")


class BudgetForm(forms.Form):
    year = forms.IntegerField(
        label="Financial year starting in April of",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year the financial year starts in"},
    )
    amount = _money("Budget")


class ReferralFilterForm(forms.Form):
    view = forms.ChoiceField(
        label="Show", required=False, choices=[("", "All I can see"), *VIEWS.items()]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *Referral.Status.choices]
    )


class RiskChecklistForm(forms.Form):
    """The 27 questions of the domestic abuse risk checklist, each yes, no or not known."""

    person_id = PersonChoiceField(
        label="Who is the checklist completed with?",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": PERSON_NOT_IN_CASE, "invalid_choice": PERSON_NOT_IN_CASE},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].queryset = people
        for number, (key, question) in enumerate(
            zip(dash.KEYS, dash.QUESTIONS, strict=True), start=1
        ):
            self.fields[key] = forms.ChoiceField(
                label=f"{number}. {question}",
                choices=dash.ANSWERS,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                error_messages={"required": f"Answer question {number}"},
            )
        self.fields["professional_judgement"] = forms.BooleanField(
            label="High risk on my professional judgement",
            help_text="Whatever the number of yes answers.",
            required=False,
        )
        self.fields["escalation"] = forms.BooleanField(
            label="Escalation: three or more police call-outs for domestic abuse in the past "
            "12 months",
            required=False,
        )
        self.fields["notes"] = forms.CharField(
            label="Notes (optional)",
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def question_fields(self):
        return [self[key] for key in dash.KEYS]
