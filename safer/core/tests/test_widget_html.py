"""The Python-built widgets must be exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import SafeString

from safer.core import widget_html


class Everything(forms.Form):
    text = forms.CharField(help_text="A hint", max_length=20)
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    when = forms.DateField(required=False)
    at = forms.DateTimeField(required=False)
    tick = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    pick = forms.ChoiceField(choices=[("", "Any"), ("a", "A & <b>"), (3, 4)], required=False)
    grouped = forms.ChoiceField(
        choices=[("", "None"), ("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    maybe = forms.NullBooleanField(required=False)
    uploaded = forms.FileField(required=False)


VALUES = [
    {},
    {
        "text": 'O\'Brien "quoted" <script>',
        "number": "12",
        "decimal": "1.50",
        "email": "a@example.org",
        "url": "https://example.org/?a=1&b=2",
        "password": "secret&",
        "hidden": "h",
        "when": "2026-12-04",
        "at": "2026-12-04 10:30",
        "tick": "on",
        "notes": "Line one\n<b>two</b> & three",
        "pick": "a",
        "grouped": "pear",
        "many": ["a", "b"],
        "maybe": "true",
    },
    {"text": "", "number": "not a number", "pick": "3", "grouped": "x", "maybe": "false"},
]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_stock_widget_renders_as_its_template_does(data, name):
    form = Everything(data or None, initial={"when": datetime.date(2026, 1, 2), "tick": True})
    form.is_valid()
    field = form[name]
    extra = {
        "class": "govuk-input",
        "aria-describedby": "x-hint",
        "disabled": False,
        "autofocus": True,
    }
    expected = field.as_widget(attrs=dict(extra))

    fast = forms.Widget.__new__(type(field.field.widget))
    fast.__dict__.update(field.field.widget.__dict__)
    fast._render = widget_html.render
    assert field.as_widget(widget=fast, attrs=dict(extra)) == expected


def test_any_other_template_still_goes_through_the_template_engine():
    calls = []

    class Spy(type(get_default_renderer())):
        def render(self, template_name, context, request=None):
            calls.append(template_name)
            return "<span>from the template</span>"

    widget = {"name": "f", "attrs": {}, "value": None, "type": "text"}
    html = widget_html.render("app/widgets/fancy.html", {"widget": widget}, Spy())
    assert calls == ["app/widgets/fancy.html"]
    assert html == "<span>from the template</span>"
    assert isinstance(html, SafeString)
