"""The need-to-know rule: own organisation, shared, not shared, role-restricted fields."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from safer.partners import access
from safer.partners.roles import ROLE_CAPABILITIES, Capability, Role
from safer.partners.services import record_share
from safer.partners.tests.factories import OrganisationFactory, UserFactory, member
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(access.visible_to(user, Person.objects.all()))


def test_record_is_visible_to_its_own_organisation(council, caseworker):
    person = PersonFactory(organisation=council)
    assert visible(caseworker) == {person}
    assert access.can_view(caseworker, person)


def test_record_of_another_organisation_is_invisible(council, police):
    PersonFactory(organisation=council)
    officer = member(Role.PARTNER_OFFICER, police)
    assert visible(officer) == set()


def test_sharing_makes_record_visible_to_that_organisation_only(council, police, caseworker):
    person = PersonFactory(organisation=council)
    housing = OrganisationFactory(name="Test Housing")
    record_share(record=person, organisation=police, shared_by=caseworker)
    assert visible(member(Role.PARTNER_OFFICER, police)) == {person}
    assert visible(member(Role.PARTNER_OFFICER, housing)) == set()


def test_shared_record_is_listed_once_even_when_shared_twice_over(council, police, caseworker):
    person = PersonFactory(organisation=council)
    record_share(record=person, organisation=police, shared_by=caseworker)
    assert record_share(record=person, organisation=police, shared_by=caseworker) is False
    officer = member(Role.PARTNER_OFFICER, police)
    assert list(access.visible_to(officer, Person.objects.all())) == [person]


def test_shared_organisation_may_read_but_not_change(council, police, caseworker):
    person = PersonFactory(organisation=council)
    record_share(record=person, organisation=police, shared_by=caseworker)
    officer = member(Role.PARTNER_OFFICER, police)
    assert access.access_record(officer, Person.objects.all(), pk=person.pk) == person
    with pytest.raises(PermissionDenied):
        access.access_record(officer, Person.objects.all(), write=True, pk=person.pk)


def test_unseen_record_answers_404_not_403(council, police):
    person = PersonFactory(organisation=council)
    officer = member(Role.PARTNER_OFFICER, police)
    with pytest.raises(Http404):
        access.access_record(officer, Person.objects.all(), write=True, pk=person.pk)


def test_missing_and_malformed_ids_answer_404(caseworker):
    with pytest.raises(Http404):
        access.access_record(caseworker, Person.objects.all(), pk=999999)
    with pytest.raises(Http404):
        access.access_record(caseworker, Person.objects.all(), pk="not-a-number")


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_roles_without_record_access_see_nothing_even_in_own_organisation(council, role):
    PersonFactory(organisation=council)
    assert visible(member(role, council)) == set()


def test_viewer_sees_record_but_not_sensitive_fields(council):
    person = PersonFactory(organisation=council)
    viewer = member(Role.VIEWER, council)
    assert access.can_view(viewer, person)
    assert not access.can_view_sensitive(viewer, person)
    assert not access.can_change(viewer, person)


def test_caseworker_sees_sensitive_fields_of_own_records(council, caseworker):
    person = PersonFactory(organisation=council)
    assert access.can_view_sensitive(caseworker, person)


def test_user_without_membership_sees_nothing(council):
    PersonFactory(organisation=council)
    loner = UserFactory()
    assert visible(loner) == set()
    assert not access.has_capability(loner, Capability.VIEW_RECORDS)


def test_deactivated_organisation_grants_nothing(council, caseworker):
    PersonFactory(organisation=council)
    council.is_active = False
    council.save()
    caseworker.refresh_from_db()
    assert visible(caseworker) == set()


def test_only_owner_with_share_capability_can_share(council, police):
    person = PersonFactory(organisation=council)
    viewer = member(Role.VIEWER, council)
    with pytest.raises(PermissionDenied):
        record_share(record=person, organisation=police, shared_by=viewer)


def test_every_role_has_a_capability_set():
    assert set(ROLE_CAPABILITIES) == set(Role.values)
    assert Capability.VIEW_SENSITIVE not in ROLE_CAPABILITIES[Role.ANALYST]
    assert Capability.VIEW_RECORDS not in ROLE_CAPABILITIES[Role.ANALYST]
