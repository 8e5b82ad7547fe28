"""Django's stock form widgets written out in Python, byte for byte as its templates write them.

Every GOV.UK field on a page renders its control through Django's widget templates, and a select
includes one template per option: on a filter form or the intake form that is most of the cost of
the form. For the stock templates only (a widget with a template of its own, or a project that
overrides Django's widget templates, still goes through the template engine) this module builds
the same HTML directly. tests/test_widget_html.py holds it to the templates' output.
"""

from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "checkbox.html",
        "tel.html",
        "search.html",
        "color.html",
        "file.html",
    )
)
SELECT = WIDGETS + "select.html"
SELECT_OPTION = WIDGETS + "select_option.html"
TEXTAREA = WIDGETS + "textarea.html"


def _text(value) -> str:
    """{{ value|stringformat:'s' }}: str() of the value, escaped unless already safe."""
    return conditional_escape(str(value))


def _shown(value) -> str:
    """{{ value }}: localised as the template engine does, then escaped."""
    return conditional_escape(localize(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def render(template_name: str, context: dict, renderer) -> SafeString:
    """A widget's HTML: built here for Django's stock templates, by the renderer otherwise.
    Fits Widget._render(template_name, context, renderer)."""
    html = None
    renderer = renderer or get_default_renderer()
    if type(renderer) is DjangoTemplates:
        widget = context["widget"]
        if template_name in INPUTS:
            html = _input(widget)
        elif template_name == SELECT:
            html = _select(widget)
        elif template_name == TEXTAREA:
            html = _textarea(widget)
    if html is None:
        html = renderer.render(template_name, context)
    return mark_safe(html)  # noqa: S308 - every value above is escaped
