"""The govuk template tags: GOV.UK markup, ids and aria wiring for Django forms."""

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.safestring import mark_safe


class SampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on their ID", max_length=50)
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Alpha"), ("b", "Beta")])
    contact = forms.ChoiceField(
        label="How should we contact them?",
        choices=[("phone", "Phone"), ("post", "Post")],
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("asb", "Anti-social behaviour"), ("noise", "Noise")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree", help_text="You must agree")
    born = forms.DateField(label="Date of birth", required=False, widget=forms.DateInput)
    evidence = forms.FileField(label="Evidence", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "Nobody":
            raise forms.ValidationError("Those details do not match")
        return cleaned


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def squash(html: str) -> str:
    """Collapse whitespace so assertions do not depend on template indentation."""
    return re.sub(r"\s+", " ", html).strip()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def by_id(html: str, element_id: str) -> tuple[str, dict[str, str | None]]:
    matches = [e for e in elements(html) if e[1].get("id") == element_id]
    assert len(matches) == 1, f"expected one element with id={element_id}, found {len(matches)}"
    return matches[0]


@pytest.fixture
def invalid_form() -> SampleForm:
    form = SampleForm(data={"name": "", "email": "not-an-email", "kind": "a"})
    assert not form.is_valid()
    return form


def test_error_summary_links_each_error_to_its_field(invalid_form):
    html = render("{% govuk_error_summary form %}", form=invalid_form)
    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in html
    assert '<div role="alert">' in html
    assert "There is a problem" in html
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [
        ("#id_name", "This field is required."),
        ("#id_email", "Enter a valid email address."),
        ("#id_contact_0", "This field is required."),  # first radio, not the fieldset
        ("#id_agree", "This field is required."),
    ]


def test_error_summary_links_form_wide_errors_to_the_first_field():
    form = SampleForm(data={"name": "Nobody", "kind": "a", "contact": "post", "agree": "on"})
    assert not form.is_valid()
    html = render("{% govuk_error_summary form %}", form=form)
    assert '<a href="#id_name">Those details do not match</a>' in html


def test_error_summary_renders_nothing_for_valid_or_unbound_forms():
    valid = SampleForm(data={"name": "Ann", "kind": "a", "contact": "post", "agree": "on"})
    assert valid.is_valid()
    assert render("{% govuk_error_summary form %}", form=valid) == ""
    assert render("{% govuk_error_summary form %}", form=SampleForm()) == ""
    assert render("{% govuk_error_summary form %}", form=None) == ""


def test_text_input_with_error_and_hint_is_wired_by_aria_describedby(invalid_form):
    html = render("{% govuk_field form.name %}", form=invalid_form)
    assert html.startswith('<div class="govuk-form-group govuk-form-group--error">')
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As on their ID</div>' in html
    assert squash(html).count('<span class="govuk-visually-hidden">Error:</span> This field') == 1
    _, error = by_id(html, "id_name-error")
    assert error["class"] == "govuk-error-message"
    tag, control = by_id(html, "id_name")
    assert tag == "input"
    assert control["class"] == "govuk-input govuk-input--error"
    assert control["aria-describedby"] == "id_name-hint id_name-error"
    assert control["type"] == "text"
    assert control["maxlength"] == "50"
    # Hint before error message before control, as in GOV.UK Frontend.
    assert html.index("id_name-hint") < html.index("id_name-error") < html.index('id="id_name"')


def test_valid_input_has_no_error_markup_and_keeps_widget_attributes():
    form = SampleForm(data={"email": "a@example.org"})
    html = render("{% govuk_field form.email %}", form=form)
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html
    _, control = by_id(html, "id_email")
    assert control["class"] == "govuk-input"
    assert control["type"] == "email"
    assert control["autocomplete"] == "email"
    assert control["value"] == "a@example.org"
    assert "aria-describedby" not in control


def test_label_as_page_heading_with_size_class():
    html = render(
        '{% govuk_field form.name label_class="govuk-label--l" is_page_heading=True %}',
        form=SampleForm(),
    )
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_name">'
        "Full name</label></h1>"
    ) in html


def test_label_hint_and_input_class_can_be_overridden():
    html = render(
        '{% govuk_field form.name label="Name" hint="" input_class="govuk-input--width-20" %}',
        form=SampleForm(),
    )
    assert ">Name</label>" in html
    assert "govuk-hint" not in html
    assert by_id(html, "id_name")[1]["class"] == "govuk-input govuk-input--width-20"


def test_textarea_and_select_get_govuk_classes():
    form = SampleForm(data={"notes": "x", "kind": "zzz"})
    form.is_valid()
    textarea = render("{% govuk_field form.notes %}", form=form)
    tag, control = by_id(textarea, "id_notes")
    assert (tag, control["class"]) == ("textarea", "govuk-textarea")
    select = render("{% govuk_field form.kind %}", form=form)
    tag, control = by_id(select, "id_kind")
    assert tag == "select"
    assert control["class"] == "govuk-select govuk-select--error"
    assert control["aria-describedby"] == "id_kind-error"
    assert '<option value="a">Alpha</option>' in select


def test_radios_use_a_fieldset_and_legend(invalid_form):
    html = render('{% govuk_field form.contact label_class="govuk-label--m" %}', form=invalid_form)
    flat = squash(html)
    assert (
        '<fieldset class="govuk-fieldset" aria-describedby="id_contact-hint id_contact-error">'
        in flat
    )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m"> How should we' in flat
    assert 'class="govuk-radios" data-module="govuk-radios"' in flat
    inputs = [attrs for tag, attrs in elements(html) if tag == "input"]
    assert [(i["id"], i["type"], i["value"], i["name"]) for i in inputs] == [
        ("id_contact_0", "radio", "phone", "contact"),
        ("id_contact_1", "radio", "post", "contact"),
    ]
    assert all(i["class"] == "govuk-radios__input" for i in inputs)
    assert '<label class="govuk-label govuk-radios__label" for="id_contact_1">Post</label>' in flat


def test_radio_legend_as_page_heading_and_checked_state():
    form = SampleForm(data={"contact": "post"})
    html = render("{% govuk_field form.contact is_page_heading=True %}", form=form)
    assert '<h1 class="govuk-fieldset__heading">How should we contact them?</h1>' in html
    checked = [a["id"] for t, a in elements(html) if t == "input" and "checked" in a]
    assert checked == ["id_contact_1"]


def test_checkboxes_keep_every_selected_value():
    form = SampleForm(data={"topics": ["asb", "noise"]})
    html = render("{% govuk_field form.topics %}", form=form)
    assert 'class="govuk-checkboxes" data-module="govuk-checkboxes"' in html
    inputs = [a for t, a in elements(html) if t == "input"]
    assert [(i["type"], i["value"], "checked" in i) for i in inputs] == [
        ("checkbox", "asb", True),
        ("checkbox", "noise", True),
    ]


def test_single_checkbox(invalid_form):
    html = render("{% govuk_field form.agree %}", form=invalid_form)
    _, control = by_id(html, "id_agree")
    assert control["type"] == "checkbox"
    assert control["class"] == "govuk-checkboxes__input"
    assert control["aria-describedby"] == "id_agree-hint id_agree-error"
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_agree">I agree</label>' in html
    )
    assert 'class="govuk-hint govuk-checkboxes__hint"' in html
    assert "govuk-form-group--error" in html


def test_date_input_is_a_native_date_field_with_an_iso_value():
    form = SampleForm(initial={"born": datetime.date(2007, 3, 27)})
    html = render("{% govuk_field form.born %}", form=form)
    _, control = by_id(html, "id_born")
    assert control["type"] == "date"
    assert control["value"] == "2007-03-27"
    assert control["class"] == "govuk-input"
    # The form's own widget is left as it was.
    assert form.fields["born"].widget.input_type == "text"


def test_file_upload_is_a_bare_govuk_file_input():
    html = render("{% govuk_field form.evidence %}", form=SampleForm())
    _, control = by_id(html, "id_evidence")
    assert control["type"] == "file"
    assert control["class"] == "govuk-file-upload"
    assert "Currently" not in html


def test_hidden_field_renders_only_the_input():
    html = render("{% govuk_field form.secret %}", form=SampleForm())
    assert html.startswith("<input")
    assert 'type="hidden"' in html
    assert "govuk-form-group" not in html


def test_everything_is_escaped():
    class Evil(forms.Form):
        field = forms.CharField(label="<b>label</b>", help_text="<script>hint</script>")

    form = Evil(data={"field": '"><script>value</script>'})
    form.is_valid()
    form.add_error("field", "<i>bad</i>")
    html = render("{% govuk_field form.field %}{% govuk_error_summary form %}", form=form)
    assert "<b>" not in html
    assert "<script>" not in html
    assert "<i>" not in html
    assert "&lt;b&gt;label&lt;/b&gt;" in html
    assert "&lt;script&gt;hint&lt;/script&gt;" in html
    assert "&lt;i&gt;bad&lt;/i&gt;" in html


def test_hint_marked_safe_by_the_developer_keeps_its_markup():
    class WithLink(forms.Form):
        field = forms.CharField(help_text=mark_safe('See <a href="/help">help</a>'))

    html = render("{% govuk_field form.field %}", form=WithLink())
    assert 'See <a href="/help">help</a>' in html


def test_error_title_prefix(invalid_form):
    assert render("{{ form|govuk_error_title }}Sign in", form=invalid_form) == "Error: Sign in"
    assert render("{{ form|govuk_error_title }}Sign in", form=SampleForm()) == "Sign in"


def test_pagination_keeps_the_query_and_elides_pages():
    page = Paginator(list(range(100)), 10).page(5)
    request = RequestFactory().get("/people", {"q": "smith & co", "page": "5"})
    html = Template('{% include "components/pagination.html" %}').render(
        Context({"page_obj": page, "request": request})
    )
    flat = squash(html)
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in flat
    assert 'href="?q=smith+%26+co&amp;page=4" rel="prev"' in flat
    assert 'href="?q=smith+%26+co&amp;page=6" rel="next"' in flat
    assert 'aria-label="Page 5" aria-current="page"' in flat
    assert flat.count("govuk-pagination__item--ellipsis") == 2
    assert 'aria-label="Page 10"' in flat


def test_notification_banner_types():
    success = Template(
        '{% include "components/notification_banner.html" with type="success" text="Saved" %}'
    ).render(Context())
    assert "govuk-notification-banner--success" in success
    assert 'role="alert"' in success
    assert "Success" in success
    important = Template(
        '{% include "components/notification_banner.html" with type="info" text=message %}'
    ).render(Context({"message": "<b>x</b>"}))
    assert 'role="region"' in important
    assert "Important" in important
    assert "&lt;b&gt;x&lt;/b&gt;" in important


def test_server_error_page_renders_without_a_request():
    html = render_to_string("errors/500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "Sign out" not in html
    title = "Sorry, there is a problem with the service \N{EN DASH} Safer Communities"
    assert f"<title>{title}</title>" in html


@pytest.mark.parametrize(
    ("template_name", "heading"),
    [
        ("errors/400.html", "Sorry, there is a problem with the service"),
        ("errors/403.html", "You do not have permission to see this page"),
        ("errors/404.html", "Page not found"),
        ("403_csrf.html", "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages(template_name, heading):
    html = render_to_string(template_name, {"message": "Only for <coordinators>"})
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    if template_name == "errors/403.html":
        assert "Only for &lt;coordinators&gt;" in html


def test_base_page_for_a_signed_in_user_with_messages():
    user = SimpleNamespace(is_authenticated=True, display_name="Jo <Smith>")
    membership = SimpleNamespace(organisation=SimpleNamespace(name="Test District Council"))
    messages = [
        SimpleNamespace(level_tag="success", message="Saved"),
        SimpleNamespace(level_tag="warning", message="Check <this>"),
    ]
    html = render_to_string(
        "base.html",
        {
            "service_name": "Safer Communities",
            "service_phase": "beta",
            "feedback_email": "team@example.org",
            "user": user,
            "membership": membership,
            "messages": messages,
            "nav_items": [
                {"label": "Home", "url": "/", "active": True},
                {"label": "People", "url": "/people/", "active": False},
            ],
        },
    )
    flat = squash(html)
    assert '<html lang="en-GB" dir="ltr" class="govuk-template">' in flat
    assert '<a href="#main-content" class="govuk-skip-link"' in flat
    assert 'class="govuk-generic-header__homepage-link">Safer Communities</a>' in flat
    assert "Jo &lt;Smith&gt;" in flat
    assert "Test District Council" in flat
    assert (
        '<form class="app-service-navigation__sign-out" method="post" action="/account/sign-out">'
        in flat
    )
    assert 'aria-current="true"' in flat
    assert 'href="mailto:team@example.org"' in flat
    assert "govuk-notification-banner--success" in flat
    assert 'id="govuk-notification-banner-title-1"' in flat
    assert 'id="govuk-notification-banner-title-2"' in flat
    assert "Check &lt;this&gt;" in flat
    assert '<main class="govuk-main-wrapper" id="main-content">' in flat


def test_base_page_for_an_anonymous_visitor_has_no_service_navigation():
    html = render_to_string("base.html", {"service_name": "Safer Communities", "nav_items": []})
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html
