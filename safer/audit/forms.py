"""The audit log filter: parse and validate with GOV.UK error wording; no writes."""

from datetime import date

from django import forms

# The GOV.UK date field renders a native date picker, which sends ISO dates; people typing
# into a plain text input (older browsers) write British dates.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"]
MIN_YEAR, MAX_YEAR = 2000, 2999

DATE_FROM_INVALID = "Date from must be a real date"
DATE_TO_INVALID = "Date to must be a real date"
DATE_TO_BEFORE_FROM = "Date to must be the same as or after date from"


def _plausible(value: date | None, message: str) -> date | None:
    """Refuse years no audit event can have (and that overflow date arithmetic)."""
    if value and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(message)
    return value


class AuditFilterForm(forms.Form):
    """Every field is optional; an empty form lists every event."""

    username = forms.CharField(label="Username", required=False, max_length=150)
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=100,
        help_text="For example, person.viewed, or person. for every action on people",
    )
    record_type = forms.CharField(
        label="Record type",
        required=False,
        max_length=100,
        help_text="For example, people.person",
    )
    record_id = forms.CharField(label="Record ID", required=False, max_length=64)
    search = forms.CharField(
        label="Search words",
        required=False,
        max_length=200,
        help_text="Lists shown for exactly these words. The log keeps a reference, not the words",
    )
    date_from = forms.DateField(
        label="Date from",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_FROM_INVALID},
    )
    date_to = forms.DateField(
        label="Date to",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_TO_INVALID},
    )

    def clean_date_from(self):
        return _plausible(self.cleaned_data.get("date_from"), DATE_FROM_INVALID)

    def clean_date_to(self):
        return _plausible(self.cleaned_data.get("date_to"), DATE_TO_INVALID)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", DATE_TO_BEFORE_FROM)
        return cleaned

    def filters(self) -> dict:
        """The cleaned values as keyword arguments for selectors.audit_event_list."""
        data = self.cleaned_data
        return {
            "actor_username": data.get("username") or None,
            "action": data.get("action") or None,
            "target_type": data.get("record_type") or None,
            "target_id": data.get("record_id") or None,
            "search": data.get("search") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
