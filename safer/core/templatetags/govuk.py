"""Render Django forms as GOV.UK Design System markup.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.email label_class="govuk-label--l" is_page_heading=True %}

Each field gets a GOV.UK form group: label (or fieldset legend), hint from help_text, error
message, and the control with GOV.UK classes, tied together by ids and aria-describedby, so
every page shows errors the same accessible way. All text is escaped by the templates.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from safer.core import widget_html

register = template.Library()

TEMPLATE_DIR = "components/fields"

# Widgets rendered as a GOV.UK text input. Order of the checks below matters: DateInput and
# CheckboxSelectMultiple are subclasses of widgets handled differently.
TEXT_INPUTS = (
    forms.TextInput,
    forms.EmailInput,
    forms.NumberInput,
    forms.PasswordInput,
    forms.URLInput,
)


def _kind(widget: forms.Widget) -> str:
    """Which GOV.UK component renders this widget."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, TEXT_INPUTS):
        return "input"
    return "other"


def _field_id(field: BoundField) -> str:
    """The id the control is rendered with (a widget's own id wins, as in Django)."""
    return field.field.widget.attrs.get("id") or field.auto_id or field.html_name


def _anchor_id(field: BoundField) -> str:
    """Where an error summary link should land: the control, or the first radio/checkbox."""
    if _kind(field.field.widget) in ("radios", "checkboxes"):
        subwidgets = field.subwidgets
        if subwidgets:
            return subwidgets[0].data["attrs"].get("id") or _field_id(field)
    return _field_id(field)


def _merge_classes(*classes: str | None) -> str:
    return " ".join(c for c in classes if c)


def _legend_class(label_class: str) -> str:
    """A label size modifier (govuk-label--l) as the matching legend modifier."""
    return label_class.replace("govuk-label--", "govuk-fieldset__legend--")


def _control_html(field: BoundField, kind: str, describedby: str, input_class: str) -> SafeString:
    """The control itself, rendered by Django so values, attrs and choices stay Django's."""
    widget = field.field.widget
    error = bool(field.errors)
    base_class = {
        "input": "govuk-input",
        "date": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
        "checkbox": "govuk-checkboxes__input",
    }.get(kind, "")
    error_class = f"{base_class}--error" if error and kind != "checkbox" and base_class else ""
    attrs: dict[str, Any] = {
        "class": _merge_classes(base_class, error_class, input_class, widget.attrs.get("class")),
    }
    if describedby:
        attrs["aria-describedby"] = describedby
    render_widget = None
    if kind == "date":
        # A native date picker; its value must be ISO 8601 whatever the locale's input format.
        render_widget = copy.copy(widget)
        render_widget.input_type = "date"
        render_widget.format = "%Y-%m-%d"
    elif kind == "file" and isinstance(widget, forms.ClearableFileInput):
        # GOV.UK file upload is a bare input: no "Currently:" link or clear checkbox.
        render_widget = forms.FileInput(attrs=widget.attrs)
        render_widget.allow_multiple_selected = widget.allow_multiple_selected
    elif kind == "input" and isinstance(widget, forms.PasswordInput):
        attrs.setdefault("spellcheck", "false")
    if not attrs["class"]:
        del attrs["class"]
    # Django's stock widget templates are written out in Python (same HTML, a fraction of the cost).
    render_widget = copy.copy(render_widget or widget)
    render_widget._render = widget_html.render
    return field.as_widget(widget=render_widget, attrs=attrs)


def _options(field: BoundField) -> list[dict[str, Any]]:
    """Radio or checkbox options from Django's subwidgets (ids, values, checked state)."""
    options = []
    for subwidget in field.subwidgets:
        data = subwidget.data
        value = data["value"]
        options.append(
            {
                "id": data["attrs"].get("id", ""),
                "value": "" if value is None else value,
                "label": data["label"],
                "checked": data["selected"],
                "disabled": bool(data["attrs"].get("disabled")),
            }
        )
    return options


def _render(template_name: str, context: dict[str, Any]) -> SafeString:
    """Render one of our component templates; its output is already escaped, so stays safe."""
    return mark_safe(render_to_string(template_name, context).strip())  # noqa: S308


@register.simple_tag
def govuk_field(
    field: BoundField,
    label: str | None = None,
    hint: str | None = None,
    label_class: str = "",
    is_page_heading: bool = False,
    input_class: str = "",
    form_group_class: str = "",
) -> SafeString:
    """A form field as a GOV.UK form group, chosen by the field's widget."""
    if not isinstance(field, BoundField):
        raise template.TemplateSyntaxError("govuk_field needs a bound form field, like form.name")
    widget = field.field.widget
    kind = _kind(widget)
    if kind == "hidden":
        return field.as_widget()

    field_id = _field_id(field)
    hint_text = field.help_text if hint is None else hint
    errors = list(field.errors)
    hint_id = f"{field_id}-hint" if hint_text else ""
    error_id = f"{field_id}-error" if errors else ""
    describedby = " ".join(i for i in (hint_id, error_id) if i)

    context: dict[str, Any] = {
        "field": field,
        "kind": kind,
        "id": field_id,
        "name": field.html_name,
        "label": field.label if label is None else label,
        "label_class": label_class,
        "legend_class": _legend_class(label_class),
        "is_page_heading": is_page_heading,
        "hint": hint_text,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
        "describedby": describedby,
        "form_group_class": _merge_classes(
            "govuk-form-group", "govuk-form-group--error" if errors else "", form_group_class
        ),
    }
    if kind in ("radios", "checkboxes"):
        context["options"] = _options(field)
        context["input_class"] = input_class
        return _render(f"{TEMPLATE_DIR}/choices.html", context)
    if kind == "checkbox":
        # The hint sits under the checkbox's label; the error message above the checkbox.
        context["control"] = _control_html(field, kind, describedby, input_class)
        return _render(f"{TEMPLATE_DIR}/checkbox.html", context)
    context["control"] = _control_html(field, kind, describedby, input_class)
    return _render(f"{TEMPLATE_DIR}/field.html", context)


def _error_items(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error in page order: form-wide errors first, each linked to a field on the page."""
    if not form.errors:
        return []
    visible = form.visible_fields()
    first_anchor = f"#{_anchor_id(visible[0])}" if visible else ""
    items: list[dict[str, str]] = []

    def add(messages: Iterable[str], href: str) -> None:
        items.extend({"text": str(message), "href": href} for message in messages)

    add(form.non_field_errors(), first_anchor)
    for bound in visible:
        add(bound.errors, f"#{_anchor_id(bound)}")
    for bound in form.hidden_fields():
        add(bound.errors, first_anchor)
    # Errors added for names that are not fields of this form (form.add_error(None) aside).
    for name, messages in form.errors.items():
        if name != NON_FIELD_ERRORS and name not in form.fields:
            add(ErrorList(messages), first_anchor)
    return items


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm | None, title: str = "There is a problem") -> str:
    """The GOV.UK error summary for a form, or nothing when the form has no errors."""
    if form is None or not getattr(form, "is_bound", False):
        return ""
    items = _error_items(form)
    if not items:
        return ""
    return _render("components/error_summary.html", {"errors": items, "title": title})


@register.filter
def govuk_error_title(form: forms.BaseForm | None) -> str:
    """'Error: ' for a page title whose form has errors, as GOV.UK asks; '' otherwise."""
    if form is not None and getattr(form, "is_bound", False) and form.errors:
        return "Error: "
    return ""


@register.filter
def govuk_page_range(page: Any, on_each_side: int = 1) -> list[int | str]:
    """Page numbers for GOV.UK pagination, with the paginator's ellipsis where pages are skipped."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=1)
    )


@register.simple_tag(takes_context=True)
def govuk_page_url(context: template.Context, number: int, parameter: str = "page") -> str:
    """A link to another page of a list that keeps the current query (filters, sorting)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?{parameter}={int(number)}"
    query[parameter] = str(int(number))
    return f"?{query.urlencode()}"
