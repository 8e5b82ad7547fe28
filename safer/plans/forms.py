"""Forms for plans: parse and validate with GOV.UK error wording; no writes."""

import re
from pathlib import Path

from django import forms

from safer.partners.models import Organisation
from safer.plans.measures import measure_choices
from safer.plans.models import Allocation, Grant, Indicator, Output, Rag, Spend
from safer.plans.periods import BAD_PERIOD, PERIOD

CHOOSE_FILE = "Choose a CSV or XLSX file to import"
FILE_TYPE = "The file must be a CSV or XLSX file"
FILE_TOO_BIG = "The file must be smaller than {mb} MB"
CHOOSE_RAG = "Choose a RAG status"
ENTER_COMMENTARY = "Enter what has happened since the last update"
ENTER_VALUE = "Enter the figure as a number, like 42 or 12.5"
BAD_YEAR = "Enter a year like 2011-12"
YEAR = re.compile(r"(\d{4})-(\d{2})")
IMPORT_MAX_MB = 5


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV or XLSX with the columns Plan, Theme, Corporate priority, Key priority, "
        "Heading, Task, Timescale, Partners, Indicator, Target, Target timescale",
        error_messages={"required": CHOOSE_FILE},
    )
    replace = forms.BooleanField(
        label="Replace plans that already exist",
        required=False,
        help_text="Tasks that are still in the file keep their progress updates",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(FILE_TYPE)
        if upload.size > IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(FILE_TOO_BIG.format(mb=IMPORT_MAX_MB))
        return upload


class TaskUpdateForm(forms.Form):
    rag = forms.ChoiceField(
        label="Status",
        choices=[(c, label) for c, label in Rag.choices if c != Rag.GREY],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_RAG},
        help_text="Green: on track. Amber: at risk. Red: off track.",
    )
    complete = forms.BooleanField(label="The task is complete", required=False)
    commentary = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": ENTER_COMMENTARY},
    )


class PeriodField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        value = (value or "").strip().upper()
        if value and not PERIOD.fullmatch(value):
            raise forms.ValidationError(BAD_PERIOD)
        return value


class PeriodForm(forms.Form):
    period = PeriodField(label="Quarter", required=False, help_text="For example 2011-Q1")


class IndicatorValueForm(forms.Form):
    period = PeriodField(
        label="Quarter",
        help_text="For example 2011-Q1 (January to March 2011)",
        error_messages={"required": BAD_PERIOD},
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=14,
        decimal_places=2,
        required=False,
        error_messages={"invalid": ENTER_VALUE},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    commentary = forms.CharField(
        label="Commentary", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.is_live:
            del self.fields["value"]
            self.fields["commentary"].required = True
        else:
            self.fields["value"].required = True
            self.fields["value"].error_messages["required"] = ENTER_VALUE


class IndicatorSettingsForm(forms.ModelForm):
    measure_key = forms.ChoiceField(
        label="Live measure",
        required=False,
        choices=[],
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "source",
            "measure_key",
            "baseline",
            "baseline_period",
            "target_kind",
            "target_value",
            "direction",
            "unit",
            "period",
            "frequency",
            "owner",
        ]
        labels = {"owner": "Owner (enters the figures)"}
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "source": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "target_kind": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from safer.accounts.models import User

        # Built per form: some measures exist only while their subject does (a scheme's own)
        keep = self.instance.measure_key if self.instance else ""
        self.fields["measure_key"].choices = [
            ("", "None: figures are entered"),
            *measure_choices(keep=keep),
        ]
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, membership__isnull=False
        ).order_by("first_name", "last_name")


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label="Narrative", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )


def year_check(year: str) -> str | None:
    """A report year like 2011-12 (the second part the year after the first), else None."""
    match = YEAR.fullmatch(year or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        return None
    return year


class GrantForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = ["name", "funder", "year", "amount", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"amount": "Amount (£)"}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year_check(year) is None:
            raise forms.ValidationError(BAD_YEAR)
        return year


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["grant", "project", "plan", "lead_organisation", "amount", "indicators"]
        labels = {
            "plan": "Priority (action plan)",
            "amount": "Amount (£)",
            "indicators": "Indicators it serves",
        }
        widgets = {"indicators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(task__isnull=True)
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(is_active=True)


class SpendForm(forms.ModelForm):
    class Meta:
        model = Spend
        fields = ["spent_on", "amount", "description"]
        labels = {"spent_on": "Date spent", "amount": "Amount (£)"}
        widgets = {"spent_on": forms.DateInput}


class OutputForm(forms.ModelForm):
    period = PeriodField(label="Quarter", help_text="For example 2011-Q1")

    class Meta:
        model = Output
        fields = ["period", "description", "quantity", "indicator"]
        labels = {"indicator": "Counts towards indicator"}

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = allocation.indicators.all()


class PlanSettingsForm(forms.Form):
    period = forms.CharField(
        label="Period", required=False, max_length=20, help_text="For example 2011-12"
    )
    rolling_to = forms.CharField(
        label="Rolling to", required=False, max_length=20, help_text="For example 2013"
    )


class TaskOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        label="Owner", required=False, queryset=None, empty_label="No owner"
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        from safer.accounts.models import User

        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, membership__organisation__in=task.partners.all()
        ).order_by("first_name", "last_name")
