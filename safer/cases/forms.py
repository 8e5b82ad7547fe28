"""Case-management forms: parse and validate, GOV.UK error wording; no writes."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from safer.cases import legal
from safer.cases.models import (
    Case,
    CaseNote,
    Intervention,
    NuisanceAssessment,
    Report,
    RiskAssessment,
    RiskBand,
)
from safer.cases.services.reports import OCCURRED_IN_FUTURE
from safer.core.forms import IdPrefixed
from safer.partners.models import Organisation
from safer.places.forms import PIN_NEEDS_ADDRESS, AddressFinderForm, location_missing

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date",
        },
    )


def officer_label(display_name: str, short_name: str | None, name: str | None) -> str:
    """An officer as lists show them: "Sam Jones (TVP)"."""
    organisation = short_name or name
    return f"{display_name} ({organisation})" if organisation else display_name


class OfficerChoiceIterator(forms.models.ModelChoiceIterator):
    """Options from one narrow read (id, names, organisation) rather than a model instance per
    officer: a case page lists every officer of every partner that can see the case, twice."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list(
            "pk",
            "first_name",
            "last_name",
            "username",
            "membership__organisation__short_name",
            "membership__organisation__name",
        )
        for pk, first_name, last_name, username, short_name, name in rows:
            display_name = f"{first_name} {last_name}".strip() or username
            yield (pk, officer_label(display_name, short_name, name))


class OfficerChoiceField(forms.ModelChoiceField):
    """Officers listed by name and organisation, so two partners' staff are told apart."""

    iterator = OfficerChoiceIterator

    def label_from_instance(self, user) -> str:
        membership = getattr(user, "membership", None)
        organisation = membership.organisation if membership else None
        return officer_label(
            user.display_name,
            organisation.short_name if organisation else None,
            organisation.name if organisation else None,
        )


class ReportForm(AddressFinderForm):
    """What happened, when and where (the address finder's fields); the people involved follow
    in PersonBlockForms."""

    received_via = forms.ChoiceField(
        label="How was it reported?",
        choices=Report.ReceivedVia.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was reported"},
    )
    occurred_at = forms.DateTimeField(
        label="When did it happen?",
        help_text="The date and time, as near as the reporter can say",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter when it happened",
            "invalid": "When it happened must be a real date and time",
        },
    )
    category = forms.ChoiceField(
        label="Category",
        help_text="Personal: aimed at someone. Nuisance: affects the community. Environmental: "
        "affects places.",
        choices=Report.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a category", "invalid_choice": "Select a category"},
    )
    type = forms.ChoiceField(
        label="Type of behaviour",
        choices=[("", "Choose a type"), *Report.Type.choices],
        error_messages={"required": "Choose a type of behaviour"},
    )
    description = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe what happened"},
    )
    field_order = ["received_via", "occurred_at", "category", "type", "description"]

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(OCCURRED_IN_FUTURE)
        return value

    def clean(self):
        data = super().clean()
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if not data.get("address", "").strip() and "address" not in self.errors:
            if has_point:
                self.add_error("address", PIN_NEEDS_ADDRESS)
            else:
                self.add_error("lookup_postcode", location_missing(self.search))
        return data


class ReportEditForm(ReportForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


UNNAMED_EXAMPLE = "Unknown youths, about five, aged 14 to 16"


class PersonDetailsForm(forms.Form):
    """What may be known of one person at intake. `number` is their place on the page
    ("Person 2"), so every error says whom it is about, in the summary and at the field."""

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = _date("Date of birth", required=False, help_text="If known")
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    DETAILS = ("first_name", "last_name", "date_of_birth", "phone", "address", "postcode")
    NAME_REMEDY = "or leave both names blank"

    def __init__(self, *args, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number

    def role_label(self) -> str:
        return ""

    @property
    def label(self) -> str:
        """ "Person 2 (alleged perpetrator)", or "Person 2" before a role is chosen."""
        role = self.role_label()
        return f"Person {self.number} ({role.lower()})" if role else f"Person {self.number}"

    @property
    def is_blank(self) -> bool:
        """Nothing typed about this person: the block is left out."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in self._detail_names())

    def _detail_names(self):
        return self.DETAILS

    def clean(self):
        data = super().clean()
        first, last = bool(data.get("first_name")), bool(data.get("last_name"))
        if first and not last:
            self.add_error("last_name", f"enter a last name, {self.NAME_REMEDY}")
        elif last and not first:
            self.add_error("first_name", f"enter a first name, {self.NAME_REMEDY}")
        return data

    def _post_clean(self):
        """Every message names the person, as the page holds several people's fields."""
        super()._post_clean()
        for errors in self._errors.values():
            for index, message in enumerate(errors.data):
                text = " ".join(str(m) for m in getattr(message, "messages", [message]))
                if not text.startswith(self.label):
                    errors.data[index] = forms.ValidationError(
                        f"{self.label}: {text[:1].lower()}{text[1:]}"
                    )


class ReporterForm(PersonDetailsForm):
    """The person reporting; they may also be the victim or a witness, typed once."""

    also = forms.MultipleChoiceField(
        label="The reporter is also",
        choices=[("victim", "The victim"), ("witness", "A witness")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )

    def role_label(self) -> str:
        return "Reporter"

    def clean(self):
        data = super().clean()
        if data.get("first_name") or data.get("last_name"):
            return data
        if data.get("also"):
            self.add_error(
                "first_name",
                "enter the reporter's name, or untick 'The reporter is also' and add the "
                "victim or witness as another person",
            )
        elif not self.is_blank:
            self.add_error("first_name", "enter the reporter's name, or leave their details blank")
        return data


class PersonBlockForm(PersonDetailsForm):
    """One more person: a victim, a witness or an alleged perpetrator, named or described."""

    ROLES = [
        ("victim", "Victim"),
        ("witness", "Witness"),
        ("alleged_perpetrator", "Alleged perpetrator"),
    ]
    NAME_REMEDY = "or choose 'cannot be named'"

    role = forms.ChoiceField(
        label="Their part in what happened",
        choices=ROLES,
        widget=forms.RadioSelect,
        required=False,
    )
    unnamed = forms.BooleanField(
        label="This person cannot be named",
        required=False,
        help_text="For example, people the reporter does not know",
    )
    description = forms.CharField(
        label="Describe them",
        max_length=500,
        required=False,
        help_text=f"For someone who cannot be named, for example '{UNNAMED_EXAMPLE}'",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["role", "first_name", "last_name", "unnamed", "description"]

    def role_label(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return dict(self.ROLES).get(data.get("role") or self.data.get(self.add_prefix("role")), "")

    def _detail_names(self):
        return (*self.DETAILS, "unnamed", "description")

    @property
    def is_unnamed(self) -> bool:
        data = self.cleaned_data
        return not (data.get("first_name") or data.get("last_name"))

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not data.get("role"):
            self.add_error("role", "select their part in what happened")
        named = data.get("first_name") or data.get("last_name")
        if data.get("unnamed") and named:
            self.add_error(
                "first_name",
                "leave the names blank for someone who cannot be named, or untick 'This "
                "person cannot be named'",
            )
        elif not named and not data.get("description"):
            if data.get("unnamed"):
                self.add_error(
                    "description",
                    f"describe the person who cannot be named, for example '{UNNAMED_EXAMPLE}'",
                )
            else:
                self.add_error("first_name", "enter a name, or choose 'cannot be named'")
        return data


class DistinctPeopleForm(forms.Form):
    """Two people entered in one report look alike: the same person typed twice, or two?"""

    distinct = forms.MultipleChoiceField(
        label="Are these different people?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, pairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = list(pairs)  # (key, first label, second label, reasons)
        self.fields["distinct"].choices = [
            (key, f"{a} and {b.lower()} are different people") for key, a, b, _ in self.pairs
        ]

    def clean(self):
        data = super().clean()
        confirmed = set(data.get("distinct") or [])
        for key, a, b, reasons in self.pairs:
            if key not in confirmed:
                self.add_error(
                    "distinct",
                    f"{a} and {b.lower()} look like the same person ({reasons.lower()}): "
                    "remove one of them, or tick to say they are different people",
                )
        return data


class MatchChoiceForm(forms.Form):
    """Is the person being entered one of the people we already hold?"""

    choice = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select an existing person or record a new one"},
    )

    def __init__(self, *args, matches=(), person_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if person_label:
            self.fields["choice"].label = f"{person_label}: is this one of these people?"
            self.fields["choice"].error_messages["required"] = (
                f"{person_label}: select an existing person or record a new one"
            )
        self.fields["choice"].choices = [
            *[(str(m.person.pk), m.label) for m in matches],
            ("new", "No, record a new person"),
        ]


class RiskAssessmentForm(forms.Form):
    """Built from a questionnaire definition: one radio group per question."""

    stage = forms.ChoiceField(
        label="Is this the first assessment or a review?",
        choices=RiskAssessment.Stage.choices,
        widget=forms.RadioSelect,
        initial=RiskAssessment.Stage.INITIAL,
        error_messages={"required": "Select first contact or review"},
    )
    assessed_on = _date(
        "Date of the assessment", help_text="Today, unless you are recording one done earlier"
    )

    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = self.initial.get("assessed_on", timezone.localdate())
        self.question_keys = [question["key"] for question in definition["questions"]]
        for question in definition["questions"]:
            multiple = question.get("multiple", False)
            field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
            self.fields[question["key"]] = field_class(
                label=question["text"],
                help_text=question.get("help", ""),
                choices=[(c["value"], c["label"]) for c in question["choices"]],
                widget=forms.CheckboxSelectMultiple if multiple else forms.RadioSelect,
                required=True,
                error_messages={"required": f"Answer the question: {question['text']}"},
            )


class RaiseBandForm(forms.Form):
    band = forms.ChoiceField(
        label="New risk band",
        choices=[(RiskBand.MEDIUM, "Medium"), (RiskBand.HIGH, "High")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new risk band"},
    )
    reason = forms.CharField(
        label="Why are you raising it?",
        help_text="Your professional judgement is recorded with the assessment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for raising the risk band"},
    )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Reference, name, address or postcode", required=False, max_length=100
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any open status"), *Case.Status.choices], required=False
    )
    risk = forms.ChoiceField(
        label="Risk", choices=[("", "Any risk"), *RiskBand.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Type of case", choices=[("", "Any"), *Case.Kind.choices], required=False
    )
    mine = forms.BooleanField(label="Only cases I lead", required=False)
    review_overdue = forms.BooleanField(label="Only cases with an overdue review", required=False)


class ReportFilterForm(forms.Form):
    q = forms.CharField(
        label="Reference, name, address or postcode", required=False, max_length=100
    )
    flag = forms.ChoiceField(label="Flag", required=False)
    unassessed = forms.BooleanField(label="Only reports not yet risk-assessed", required=False)

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag"].choices = [("", "Any"), *flags]


class CaseStatusForm(IdPrefixed, forms.Form):
    id_prefix = "status"

    status = forms.ChoiceField(
        label="Status",
        choices=[c for c in Case.Status.choices if c[0] != Case.Status.CLOSED],
        error_messages={"required": "Choose a status"},
    )
    lead_officer = OfficerChoiceField(
        label="Lead officer",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose the lead officer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = officers


class CloseCaseForm(IdPrefixed, forms.Form):
    id_prefix = "close"

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Case.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the outcome from the list",
            "invalid_choice": "Choose the outcome from the list",
        },
    )
    reason = forms.CharField(
        label="Why are you closing the case?",
        help_text="What happened, and anything the outcome does not say",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for closing the case"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(IdPrefixed, forms.Form):
    id_prefix = "task"

    description = forms.CharField(
        label="Task", max_length=300, error_messages={"required": "Describe the task"}
    )
    owner = OfficerChoiceField(
        label="Give it to",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        help_text="Anyone who works on cases in an organisation that can see this case",
    )
    due_on = _date("Due date", required=False)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class NoteForm(IdPrefixed, forms.Form):
    id_prefix = "note"

    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=CaseNote.ContactType.choices,
        initial=CaseNote.ContactType.PHONE,
        error_messages={"required": "Choose how the contact was made"},
    )
    contacted_on = _date("Date of the contact", help_text="For example, 27 3 2026")
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the note"},
    )

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the contact must be today or in the past")
        return day

    def contacted_at(self):
        """The contact's moment: now if it was today, else noon of its day (no time is asked)."""
        day = self.cleaned_data["contacted_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(12, 0)))


class DocumentForm(IdPrefixed, forms.Form):
    id_prefix = "document"

    file = forms.FileField(label="Upload a document", error_messages={"required": "Select a file"})
    description = forms.CharField(label="Description (optional)", max_length=200, required=False)


class HandoverForm(IdPrefixed, forms.Form):
    id_prefix = "handover"

    organisation = forms.ModelChoiceField(
        label="Hand the lead to",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that will lead the case"},
        help_text="It will own the case; your organisation keeps seeing it and adding to it",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ShareCaseForm(IdPrefixed, forms.Form):
    id_prefix = "share"

    organisation = forms.ModelChoiceField(
        label="Share with",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose an organisation to share with"},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Intervention",
        error_messages={"required": "Choose an intervention"},
        help_text="Repealed tools come last: they can be recorded only as past orders",
    )
    person = forms.ChoiceField(
        label="Against",
        error_messages={"required": "Choose the person"},
        help_text="The alleged perpetrators on this case; mediation or a referral to support may "
        "name anyone on it",
    )
    applied_on = _date("Date applied for", required=False)
    issued_on = _date("Date issued or granted")
    served_on = _date("Date served", required=False)
    expires_on = _date("Expiry date", required=False, help_text="Leave blank if it has no end date")
    hours = forms.IntegerField(
        label="Hours (dispersal and closure only)",
        required=False,
        min_value=1,
        max_value=legal.HOURS_MAX,
    )
    conditions = forms.CharField(
        label="Conditions or requirements", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    supervisor = forms.CharField(
        label="Supervisor of positive requirements", required=False, max_length=200
    )
    historical = forms.BooleanField(
        label="This is a historical record",
        required=False,
        help_text="Entered from past files: it gets no review date. A repealed tool granted after "
        "it was repealed, on an application made before, can be recorded only this way",
    )

    issuing_organisation = forms.ModelChoiceField(
        label="Issued or applied for by",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="Your organisation",
    )

    field_order = ["kind", "person", "issuing_organisation"]

    def __init__(self, *args, kinds=legal.GROUPED_CHOICES, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose an intervention"), *kinds]
        self.fields["person"].choices = [("", "Choose a person"), *people]


class InterventionChangeForm(forms.Form):
    """The fields every change shares; each change's form adds its own."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    effective_on = _date("Date it takes effect")
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why"},
    )
    next_review_on = _date(
        "Next review",
        required=False,
        help_text="Leave blank to set it from the tool's rules",
    )
    field_order = ["effective_on"]


class InterventionVaryForm(InterventionChangeForm):
    conditions = InterventionForm.base_fields["conditions"]
    supervisor = InterventionForm.base_fields["supervisor"]
    hours = InterventionForm.base_fields["hours"]
    expires_on = InterventionForm.base_fields["expires_on"]
    field_order = ["effective_on", "conditions", "supervisor", "hours", "expires_on", "reason"]


class InterventionExtendForm(InterventionChangeForm):
    expires_on = _date("New expiry date")
    field_order = ["effective_on", "expires_on", "reason"]


class InterventionEndForm(InterventionChangeForm):
    next_review_on = None


class InterventionCourtOutcomeForm(InterventionChangeForm):
    court_outcome = forms.ChoiceField(
        label="The court's decision",
        choices=Intervention.CourtOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the court's decision"},
    )
    effective_on = _date("Date of the hearing")
    issued_on = _date(
        "Date granted",
        required=False,
        help_text="If granted or an interim order made, and not the date already recorded",
    )
    expires_on = _date(
        "Expiry date",
        required=False,
        help_text="If the order as made ends on another date than the one recorded",
    )
    reason = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["court_outcome", "effective_on", "issued_on", "expires_on", "reason"]


class BreachForm(forms.Form):
    occurred_on = _date("Date of breach")
    description = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the breach"},
    )
    action_taken = forms.CharField(label="Action taken", max_length=200, required=False)


class NuisanceAssessmentForm(forms.ModelForm):
    class Meta:
        model = NuisanceAssessment
        fields = [
            "assessed_on",
            "frequency",
            "duration",
            "time_of_day",
            "locality",
            "impact",
            "conclusion",
        ]
        widgets = {
            "assessed_on": DATE_WIDGET,
            "conclusion": forms.RadioSelect,
            "impact": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"assessed_on": "Date assessed", "time_of_day": "Time of day"}


class QuestionnaireForm(forms.Form):
    """A new questionnaire version, as JSON (the documented format in docs/risk-assessment.md)."""

    definition = forms.CharField(
        label="Questionnaire definition (JSON)",
        widget=forms.Textarea(attrs={"rows": 30, "class": "app-code", "spellcheck": "false"}),
        error_messages={"required": "Enter the questionnaire definition"},
    )
    notes = forms.CharField(
        label="What changed and why",
        max_length=500,
        error_messages={"required": "Say what changed and why"},
    )

    def clean_definition(self) -> dict:
        import json

        try:
            value = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}"
            raise forms.ValidationError(
                f"The definition is not valid JSON: {error.msg} at {where}"
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError("The definition must be a JSON object")
        return value
