"""Officer lists are built from one narrow read; each option must read as the officer's label."""

import pytest

from safer.cases.forms import CaseStatusForm, OfficerChoiceField
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_options_match_the_label_of_each_officer(council, django_assert_num_queries):
    police = OrganisationFactory(name="Test Police", short_name="")
    officers = [
        member(Role.CASEWORKER, council, username="sam", first_name="Sam", last_name="Jones"),
        member(Role.PARTNER_OFFICER, police, username="pc123", first_name="", last_name=""),
    ]
    from safer.accounts.models import User

    field = OfficerChoiceField(queryset=User.objects.filter(pk__in=[u.pk for u in officers]))
    with django_assert_num_queries(1):
        options = [option for option in field.choices]  # list() would count them first
    expected = [("", field.empty_label)] + [
        (u.pk, field.label_from_instance(u)) for u in sorted(officers, key=lambda u: u.username)
    ]
    assert [(value if value == "" else int(str(value)), label) for value, label in options] == [
        (value, label) for value, label in expected
    ]
    assert ("Sam Jones (TDC)") in [label for _, label in options]
    assert ("pc123 (Test Police)") in [label for _, label in options]


def test_the_current_lead_officer_is_selected_and_a_choice_validates(council):
    from safer.accounts.models import User

    lead = member(Role.CASEWORKER, council, username="lead", first_name="Lee", last_name="Dean")
    other = member(Role.CASEWORKER, council, username="other")
    officers = User.objects.filter(pk__in=[lead.pk, other.pk]).order_by("username")
    unbound = CaseStatusForm(
        initial={"lead_officer": lead, "status": "open", "version": 1}, officers=officers
    )
    html = str(unbound["lead_officer"])
    assert f'<option value="{lead.pk}" selected>Lee Dean (TDC)</option>' in html
    bound = CaseStatusForm(
        {"lead_officer": str(other.pk), "status": "open", "version": "1"}, officers=officers
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["lead_officer"] == other
