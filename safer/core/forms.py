"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names, else on the whole form.

    Services name fields as their callers do ("people.0.first_name", "location.address"), so the
    last part is tried as the form's field name too.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        name = field if field in form.fields else field.split(".")[-1]
        form.add_error(name if name in form.fields else None, messages)


class IdPrefixed:
    """A form that shares its page with other forms: its field ids start with `id_prefix`, so
    two forms with a field of the same name (a description, a hidden version) never give the
    page two elements with one id. Names, and so what the form reads, are unchanged."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
