"""Filters for the pages built on case reports or an imported incident log: ASB with its daily
and weekly variations, and near repeats (the Knox test's bands and simulations)."""

from django import forms
from django.conf import settings

from safer.intel import case_measures, selectors, storage
from safer.intel.forms import AreaChoiceMixin, MonthRangeMixin, last_12_months, period_note


class CaseReportFilterForm(MonthRangeMixin, forms.Form):
    source = forms.ChoiceField(label="Data")
    incident_type = forms.ChoiceField(
        label="Incident type", required=False, help_text="Imported incident logs only"
    )
    month_from = forms.ChoiceField(label="From")
    month_to = forms.ChoiceField(label="To")
    category = forms.ChoiceField(
        label="Report category", required=False, help_text="Case reports only"
    )
    type = forms.ChoiceField(label="Report type", required=False, help_text="Case reports only")

    with_police = False  # whether months with police data only are offered too

    def __init__(self, data=None, **kwargs):
        """Any month with data in any source can be chosen (so switching source keeps the
        period); with none chosen, the period is the chosen source's last 12 months."""
        given = {k: v for k, v in (data or {}).items() if v not in ("", None)}
        sources = case_measures.data_choices()
        if given.get("source") not in dict(sources):
            given.pop("source", None)
        source = given.get("source", case_measures.CASES)
        months = case_measures.source_months(police=self.with_police)
        own = case_measures.source_months(
            source, police=self.with_police and source == case_measures.CASES
        )
        default = self.default_months(source, own or months)
        self.period_note = (
            period_note(default[0], default[-1], self.default_what(source, default))
            if default and not ({"month_from", "month_to"} & set(given))
            else ""
        )
        super().__init__(self.defaults(default) | {"source": source} | given, **kwargs)
        month_choices = [(m, selectors.month_label(m)) for m in months]
        self.fields["source"].choices = sources
        self.fields["incident_type"].choices = case_measures.incident_type_choices()
        self.fields["month_from"].choices = month_choices
        self.fields["month_to"].choices = month_choices
        self.fields["category"].choices = case_measures.report_category_choices()
        self.fields["type"].choices = case_measures.report_type_choices()

    def default_months(self, source: str, months: list[str]) -> list[str]:
        """The period a page opens on: the last 12 months that have data."""
        return months[-12:]

    def default_what(self, source: str, months: list[str]) -> str:
        return "12 months with " + (
            "case reports" if source == case_measures.CASES else "incidents in the log"
        )

    def defaults(self, months: list[str]) -> dict:
        return {"month_from": months[0], "month_to": months[-1]} if months else {}


class AsbForm(AreaChoiceMixin, CaseReportFilterForm):
    area = forms.ChoiceField(label="Area for police.uk data")

    field_order = ("source", "incident_type", "area", "month_from", "month_to", "category", "type")
    with_police = True

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["area"].choices = self.area_choices()

    def default_months(self, source: str, months: list[str]) -> list[str]:
        """The latest 12 months with both the source's data and police data, where they
        overlap (so the two stand side by side); else the source's last 12 months."""
        police = storage.stored_months()
        own = case_measures.source_months(source)
        both = [m for m in police if own and own[0] <= m <= own[-1]]
        return last_12_months(both) or super().default_months(source, own or months)

    def default_what(self, source: str, months: list[str]) -> str:
        if months[-1] in storage.stored_months():
            what = "case reports" if source == case_measures.CASES else "the log's incidents"
            return f"12 months with both {what} and police data"
        return super().default_what(source, months)

    def defaults(self, months: list[str]) -> dict:
        return super().defaults(months) | {"area": settings.INTEL_DEFAULT_AREA}


def _whole(label: str, low: int, high: int, initial: int, suffix: str = "") -> forms.IntegerField:
    message = f"{label} must be a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        initial=initial,
        min_value=low,
        max_value=high,
        help_text=suffix,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class NearRepeatForm(CaseReportFilterForm):
    distance_band_m = _whole("Distance band (metres)", 10, 2000, 100)
    distance_bands = _whole("Number of distance bands", 1, 10, 5)
    time_band_days = _whole("Time band (days)", 1, 90, 7)
    time_bands = _whole("Number of time bands", 1, 10, 4)
    simulations = _whole(
        "Simulations",
        19,
        case_measures.MAX_SIMULATIONS,
        99,
        "Monte Carlo runs: 99 gives p-values down to 0.01, 999 down to 0.001",
    )

    def defaults(self, months: list[str]) -> dict:
        return super().defaults(months) | {
            name: field.initial
            for name, field in self.base_fields.items()
            if isinstance(field, forms.IntegerField)
        }
