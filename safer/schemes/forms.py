"""Scheme forms: parse and validate with GOV.UK wording; the services decide the rest."""

from django import forms
from django.conf import settings

from safer.schemes.models import Appeal, Incident, LicensingReview, MemberBusiness, TestPurchase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _required(what: str) -> dict:
    return {"required": f"Enter {what}", "invalid": f"Enter {what} in the right format"}


class AgreementSignForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read the agreement and will keep to it",
        error_messages={"required": "Confirm you have read the agreement and will keep to it"},
    )


class AgreementPublishForm(forms.Form):
    text = forms.CharField(
        label="Text of the new version",
        help_text="Every member must sign the new version before they see anything more.",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        error_messages=_required("the text of the agreement"),
    )


class IncidentForm(forms.Form):
    business_id = forms.TypedChoiceField(label="Premises", coerce=int, required=False)
    kind = forms.ChoiceField(
        label="What happened",
        choices=Incident.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of incident it was"},
    )
    occurred_at = forms.DateTimeField(
        label="When it happened", widget=DATETIME, error_messages=_required("when it happened")
    )
    location = forms.CharField(
        label="Where (optional)",
        help_text="Leave empty if it happened at your premises.",
        required=False,
        max_length=300,
    )
    description = forms.CharField(
        label="Describe what happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages=_required("what happened"),
    )
    offender_id = forms.TypedChoiceField(
        label="Known offender (optional)", coerce=int, required=False, empty_value=None
    )
    offender_description = forms.CharField(
        label="Description of who was involved",
        help_text="If they are not a known offender: sex, build, clothing, anything distinctive.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    goods_value = forms.DecimalField(
        label="Value of goods taken, in pounds (for thefts)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the value of the goods as a number, like 24.99",
            "min_value": "The value of the goods cannot be negative",
        },
    )
    cctv_held = forms.BooleanField(label="We hold CCTV of the incident", required=False)
    police_reference = forms.CharField(
        label="Police reference (optional)", required=False, max_length=50
    )

    def __init__(self, *args, premises=(), offenders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_id"].choices = [(b.pk, b.name) for b in premises]
        self.fields["offender_id"].choices = [("", "Not a known offender")] + [
            (p.pk, str(p)) for p in offenders
        ]


class BusinessForm(forms.Form):
    name = forms.CharField(
        label="Business name", max_length=200, error_messages=_required("the business name")
    )
    business_type = forms.ChoiceField(label="Type of business", choices=MemberBusiness.Type.choices)
    premises_licence_number = forms.CharField(
        label="Premises licence number (optional)", required=False, max_length=50
    )
    address = forms.CharField(
        label="Address", max_length=300, error_messages=_required("the address")
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    latitude = forms.DecimalField(
        label="Latitude (optional)", required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label="Longitude (optional)",
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
    )


class LocateForm(forms.Form):
    """The premises' map point taken from the partnership's address list at its postcode."""

    uprn = forms.ChoiceField(
        label="Its address in the partnership's address list",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the premises' address",
            "invalid_choice": "Choose the premises' address",
        },
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uprn"].choices = [(a.uprn, a.address) for a in addresses]


class SchemeUserForm(forms.Form):
    business_id = forms.TypedChoiceField(
        label="Premises",
        coerce=int,
        error_messages={"required": "Choose the premises they work at"},
    )
    username = forms.CharField(
        label="Username", max_length=150, error_messages=_required("a username")
    )
    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        help_text="They get a link to choose a password here, and the scheme's alerts.",
        error_messages={"invalid": "Enter an e-mail address like name@example.com"},
    )

    def __init__(self, *args, premises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_id"].choices = [(b.pk, b.name) for b in premises]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={"required": "Choose approve or refuse"},
    )


class ExclusionForm(forms.Form):
    person_id = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "Choose the person to exclude"}
    )
    starts_on = forms.DateField(
        label="Starts on", widget=DATE, error_messages=_required("the day it starts")
    )
    ends_on = forms.DateField(
        label="Ends on",
        help_text="The first day they may return.",
        widget=DATE,
        error_messages=_required("the day it ends"),
    )
    premises_ids = forms.MultipleChoiceField(
        label="Premises it covers",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    area = forms.CharField(label="Area (in words)", required=False, max_length=300)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages=_required("the reason for the exclusion"),
    )
    description = forms.CharField(
        label="How members will recognise them",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    photo = forms.FileField(label="Photograph (optional)", required=False)

    def __init__(self, *args, premises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises_ids"].choices = [(str(b.pk), b.name) for b in premises]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > settings.PUBLIC_PHOTO_MAX_BYTES:
            raise forms.ValidationError("The photograph must be smaller than 10MB")
        return photo


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Find the person by name, postcode or phone", max_length=100)


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label="Ends on", widget=DATE, error_messages=_required("the day it ends")
    )
    reason = forms.CharField(
        label="Why it ends early", max_length=300, error_messages=_required("why it ends early")
    )


class AppealForm(forms.Form):
    received_on = forms.DateField(
        label="Appeal received on",
        widget=DATE,
        error_messages=_required("the day the appeal was received"),
    )
    grounds = forms.CharField(
        label="Grounds of appeal",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages=_required("the grounds of appeal"),
    )


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (Appeal.Outcome.UPHELD, "Upheld: end the exclusion"),
            (Appeal.Outcome.DISMISSED, "Dismissed: the exclusion stands"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the appeal is upheld or dismissed"},
    )
    decided_on = forms.DateField(
        label="Decided on", widget=DATE, error_messages=_required("the day it was decided")
    )
    notes = forms.CharField(
        label="Reasons (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class AlertForm(forms.Form):
    title = forms.CharField(label="Heading", max_length=150, error_messages=_required("a heading"))
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages=_required("the message"),
    )
    postcode_area = forms.CharField(
        label="Only premises in this postcode area (optional)",
        help_text="A district like OX16, an area like OX or a sector like OX16 5. Leave empty "
        "to alert every member.",
        required=False,
        max_length=8,
    )
    area_id = forms.TypedChoiceField(
        label="Or only premises inside one of the partnership's areas (optional)",
        help_text="Wards, beats and town centres drawn or uploaded in the intelligence hub.",
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from safer.intel.models import CustomArea

        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for area in CustomArea.objects.order_by("name", "pk"):
            kind = (area.kind or "").strip()
            label = f"{area.name} ({kind})" if kind else area.name
            groups.setdefault(kind.capitalize() or "Other areas", []).append((area.pk, label))
        # grouped by kind (wards, beats, town centres), each group in name order
        self.fields["area_id"].choices = [("", "Every area"), *sorted(groups.items())]


class TestPurchaseForm(forms.Form):
    __test__ = False

    conducted_on = forms.DateField(
        label="Date of the test purchase", widget=DATE, error_messages=_required("the date")
    )
    product = forms.ChoiceField(label="Product", choices=TestPurchase.Product.choices)
    result = forms.ChoiceField(
        label="Result",
        choices=TestPurchase.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the sale was refused or made"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class ReviewForm(forms.Form):
    applied_on = forms.DateField(
        label="Review applied for on", widget=DATE, error_messages=_required("the date")
    )
    grounds = forms.CharField(
        label="Grounds",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages=_required("the grounds"),
    )
    incident_ids = forms.TypedMultipleChoiceField(
        label="Incidents here that support the review (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, incidents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_ids"].choices = [
            (i.pk, f"{i.occurred_at:%-d %b %Y}: {i.get_kind_display()}") for i in incidents
        ]


class DecisionForm(forms.Form):
    """The committee's decision on a licensing review; the rules are in licensing.review_decide."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=LicensingReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the committee's decision"},
    )
    decided_on = forms.DateField(
        label="Date of the decision", widget=DATE, error_messages=_required("the date")
    )
    outcome = forms.CharField(
        label="Reasons",
        help_text="The committee's reasons, as they will appear in the decision notice.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages=_required("the committee's reasons"),
    )
    conditions_removed = forms.TypedMultipleChoiceField(
        label="Conditions removed from the licence (optional)",
        help_text="To modify a condition, remove it here and enter its new wording below.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose conditions on this premises licence"},
    )
    conditions = forms.CharField(
        label="Conditions added (optional)",
        help_text="One condition per line. Each is added to the premises licence from the date "
        "of the decision.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions_removed"].choices = [
            (c.pk, f"{c.text} (from {c.imposed_on:%-d %b %Y})") for c in current
        ]

    def clean_conditions(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()
        ]


class ConditionForm(forms.Form):
    text = forms.CharField(
        label="Condition",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages=_required("the condition"),
    )
    imposed_on = forms.DateField(
        label="Imposed on", widget=DATE, error_messages=_required("the date")
    )
