"""Co-ordinators edit letter templates: each edit a new version for their organisation, checked
for unknown merge fields; nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.letters import merge, selectors, services
from safer.letters.models import LetterTemplate
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

KINDS = LetterTemplate.Kind.values


def test_the_six_default_templates_ship_with_known_fields_only():
    defaults = LetterTemplate.objects.filter(organisation=None, version=1)
    assert sorted(defaults.values_list("kind", flat=True)) == sorted(KINDS)
    for template in defaults:
        assert merge.problems(template.title, "heading") == []
        assert merge.problems(template.body, "text") == []
        assert "{{ recipient.full_name }}" in template.body
    cpw = defaults.get(kind="community_protection_warning")
    assert "section 43 of the Anti-social Behaviour, Crime and Policing Act 2014" in cpw.body
    closure = defaults.get(kind="case_closure_to_victim")
    assert "{{ case.outcome }}" in closure.body and "Community Trigger" in closure.body


def test_an_edit_is_a_new_version_for_the_coordinators_organisation(coordinator, council):
    default = selectors.template_current(council, "first_warning")
    saved = services.letter_template_save(
        kind="first_warning",
        title="Reports about your behaviour",
        body="Dear {{ recipient.full_name }}\n\nAbout {{ case.reference }}.",
        edited_by=coordinator,
        based_on=default.pk,
        note="Shorter",
    )
    assert (saved.version, saved.organisation, saved.edited_by) == (2, council, coordinator)
    assert selectors.template_current(council, "first_warning") == saved
    default.refresh_from_db()  # the old version is kept as it was
    assert default.title == "Reports of anti-social behaviour"
    again = services.letter_template_save(
        kind="first_warning",
        title="Reports about your behaviour",
        body="Dear {{ recipient.full_name }}\n\nAbout case {{ case.reference }}.",
        edited_by=coordinator,
        based_on=saved.pk,
    )
    assert again.version == 3
    event = AuditEvent.objects.get(action="letter_template.changed", target_id=str(again.pk))
    assert event.changes["version"] == [2, 3]


def test_another_organisations_edit_does_not_change_ours(coordinator, council, police):
    police_coordinator = member(Role.COORDINATOR, police)
    services.letter_template_save(
        kind="first_warning",
        title="Police wording",
        body="Dear {{ recipient.full_name }}",
        edited_by=police_coordinator,
        based_on=None,
    )
    assert selectors.template_current(council, "first_warning").organisation is None
    assert selectors.template_current(police, "first_warning").title == "Police wording"
    in_force = {t.kind: t for t in selectors.templates_in_force(police)}
    assert in_force["first_warning"].title == "Police wording"
    assert in_force["case_review_invitation"].organisation is None
    assert len(in_force) == len(KINDS)


def test_an_unknown_merge_field_is_refused_naming_it(coordinator):
    with pytest.raises(ValidationError) as refused:
        services.letter_template_save(
            kind="first_warning",
            title="Warning for {{ recipient.nickname }}",
            body="Dear {{ recipient.full_name }}, {{ settings.SECRET_KEY }}",
            edited_by=coordinator,
            based_on=None,
        )
    errors = refused.value.message_dict
    assert "{{ recipient.nickname }}" in errors["title"][0]
    assert "{{ settings.SECRET_KEY }}" in errors["body"][0]
    assert not LetterTemplate.objects.exclude(organisation=None).exists()


def test_a_stale_edit_is_refused_naming_who_saved_first(coordinator, council):
    default = selectors.template_current(council, "first_warning")
    services.letter_template_save(
        kind="first_warning",
        title="One",
        body="Text one",
        edited_by=coordinator,
        based_on=default.pk,
    )
    with pytest.raises(ValidationError) as refused:
        services.letter_template_save(
            kind="first_warning",
            title="Two",
            body="Text two",
            edited_by=coordinator,
            based_on=default.pk,
        )
    assert (
        "Cleo" in refused.value.messages[0] and "have not been saved" in refused.value.messages[0]
    )
    assert selectors.template_current(council, "first_warning").title == "One"


def test_saving_without_a_change_makes_no_version(coordinator, council):
    default = selectors.template_current(council, "first_warning")
    with pytest.raises(ValidationError, match="not changed"):
        services.letter_template_save(
            kind="first_warning",
            title=default.title,
            body=default.body,
            edited_by=coordinator,
            based_on=default.pk,
        )


def test_only_coordinators_save_templates(caseworker):
    with pytest.raises(PermissionDenied):
        services.letter_template_save(
            kind="first_warning", title="T", body="B", edited_by=caseworker, based_on=None
        )


def test_the_template_pages_list_document_and_save(signed_in, coordinator, council):
    client = signed_in(coordinator)
    listing = client.get(reverse("letters:template_list"))
    assert listing.status_code == 200
    for label in LetterTemplate.Kind.labels:
        assert label in listing.content.decode()
    url = reverse("letters:template_edit", args=["community_protection_notice"])
    page = client.get(url).content.decode()
    for field in merge.MERGE_FIELDS:
        assert f"{{{{ {field.name} }}}}" in page
    current = selectors.template_current(council, "community_protection_notice")
    response = client.post(
        url,
        {
            "title": "Community protection notice",
            "body": current.body + "\n\nContact us on 01234 567890.",
            "note": "Phone number",
            "based_on": current.pk,
        },
    )
    assert response.status_code == 302
    assert selectors.template_current(council, "community_protection_notice").version == 2


def test_the_edit_page_shows_an_unknown_field_as_an_error(signed_in, coordinator):
    client = signed_in(coordinator)
    response = client.post(
        reverse("letters:template_edit", args=["first_warning"]),
        {"title": "Warning", "body": "Dear {{ person.name }}"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The text uses {{ person.name }}, which is not a merge field" in page


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER_OFFICER, Role.VIEWER, Role.ANALYST])
def test_anyone_but_a_coordinator_gets_403_on_the_template_pages(client, council, role):
    client.force_login(member(role, council))
    assert client.get(reverse("letters:template_list")).status_code == 403
    edit = reverse("letters:template_edit", args=["first_warning"])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "T", "body": "B"}).status_code == 403
    assert not LetterTemplate.objects.exclude(organisation=None).exists()


def test_an_unknown_kind_is_404(signed_in, coordinator):
    response = signed_in(coordinator).get(reverse("letters:template_edit", args=["eviction"]))
    assert response.status_code == 404


def test_letter_pages_have_no_inline_style_or_script(signed_in, coordinator, council):
    """The strict content security policy would block them."""
    from safer.cases import services as case_services
    from safer.cases.services import PersonInput
    from safer.cases.tests.factories import report

    client = signed_in(coordinator)
    person = PersonInput(role="victim", first_name="Robin", last_name="Example")
    case = case_services.case_open(
        opened_by=coordinator, reports=[report(coordinator, people=[person])]
    )
    recipient = case.reports.get().involvements.get().person
    pages = [
        client.get(reverse("letters:template_list")),
        client.get(reverse("letters:template_edit", args=["first_warning"])),
        client.get(reverse("letters:new", args=[case.reference])),
        client.post(
            reverse("letters:new", args=[case.reference]),
            {"template_kind": "first_warning", "recipient_id": recipient.pk},
        ),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert " style=" not in html and "<style" not in html
        assert "<script>" not in html


def test_default_letters_come_back_if_the_database_lost_them(caseworker):
    from safer.letters.models import LetterTemplate
    from safer.letters.selectors import template_current, templates_in_force

    LetterTemplate.objects.filter(organisation=None).delete()
    organisation = caseworker.membership.organisation
    assert template_current(organisation, "first_warning").title
    assert len(templates_in_force(organisation)) == len(LetterTemplate.Kind.values)
