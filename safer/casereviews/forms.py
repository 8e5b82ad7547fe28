"""Community Trigger forms: parse and validate with GOV.UK wording; the services write."""

from django import forms

from safer.casereviews.models import Appeal, Application, Review
from safer.casereviews.services import REQUIRED
from safer.core.forms import IdPrefixed
from safer.partners.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, message: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        error_messages={
            "required": message or f"Enter {label.lower()}",
            "invalid": f"{label} must be a real date",
        },
    )


ORGANISATION_MISSING = "Select the organisation"


def _organisation(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[],
        error_messages={"required": ORGANISATION_MISSING, "invalid_choice": ORGANISATION_MISSING},
    )


def _organisation_choices() -> list[tuple]:
    active = Organisation.objects.filter(is_active=True).order_by("name")
    return [("", "Choose an organisation"), *active.values_list("pk", "name")]


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Application.Status.choices]
    )


class ApplicationForm(forms.Form):
    first_name = forms.CharField(
        label="Applicant's first name",
        max_length=100,
        error_messages={"required": REQUIRED["applicant.first_name"]},
    )
    last_name = forms.CharField(
        label="Applicant's last name",
        max_length=100,
        error_messages={"required": REQUIRED["applicant.last_name"]},
    )
    email = forms.CharField(label="E-mail address (optional)", required=False, max_length=254)
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)
    on_behalf_of_name = forms.CharField(
        label="Applying for someone else? The victim's name (optional)",
        required=False,
        max_length=200,
    )
    on_behalf_of_relationship = forms.CharField(
        label="The applicant's relationship to them (optional)", required=False, max_length=100
    )
    received_on = _date("Date received", message=REQUIRED["received_on"])

    def applicant(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("first_name", "last_name", "email", "phone")}

    def on_behalf_of(self) -> dict | None:
        data = self.cleaned_data
        if not (data["on_behalf_of_name"] or data["on_behalf_of_relationship"]):
            return None
        return {
            "name": data["on_behalf_of_name"],
            "relationship": data["on_behalf_of_relationship"],
        }


class ComplaintForm(IdPrefixed, forms.Form):
    id_prefix = "complaint"
    occurred_on = _date("Date of the behaviour", message=REQUIRED["occurred_on"])
    reported_on = _date("Date reported", message=REQUIRED["reported_on"])
    organisation_id = _organisation("Reported to")
    description = forms.CharField(
        label="What was reported",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED["description"]},
    )
    hate_motivated = forms.BooleanField(label="Hate-motivated", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = _organisation_choices()


class DecisionForm(IdPrefixed, forms.Form):
    id_prefix = "decision"
    decided_on = _date("Date of the decision")
    review_on = _date("Date of the review", required=False)
    letter = forms.CharField(
        label="Decision letter",
        help_text="Leave empty to use the standard wording shown below.",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AppealForm(IdPrefixed, forms.Form):
    id_prefix = "appeal"
    received_on = _date("Date the appeal was received")
    grounds = forms.CharField(
        label="Grounds of the appeal",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the grounds of the appeal"},
    )


class AppealOutcomeForm(IdPrefixed, forms.Form):
    id_prefix = "outcome"
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Appeal.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the appeal"},
    )
    outcome_on = _date("Date of the outcome")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = _date("Date of the review (when upheld)", required=False)


class ReviewForm(IdPrefixed, forms.Form):
    id_prefix = "review"
    held_on = _date("Date the review was held")
    victim_voice = forms.ChoiceField(
        label="How were the victim's views heard?",
        choices=Review.VictimVoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether and how the victim's views were heard"},
    )
    findings = forms.CharField(
        label="The panel's findings",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the panel's findings"},
    )


class AttendeeForm(IdPrefixed, forms.Form):
    id_prefix = "attendee"
    organisation_id = _organisation("Organisation")
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the attendee's name"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = _organisation_choices()


class RecommendationForm(IdPrefixed, forms.Form):
    id_prefix = "recommendation"
    owner_id = _organisation("Owned by")
    text = forms.CharField(
        label="Recommendation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    due_on = _date("Due by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = _organisation_choices()


class CompletionForm(forms.Form):
    completed_on = _date("Date completed")


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
