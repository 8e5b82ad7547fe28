"""Person pages: access across organisations, redaction by role, audit of every view."""

import pytest
from django.urls import reverse

from safer.audit.chain import search_reference
from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.services import record_share
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def detail(person):
    return reverse("people:detail", args=[person.pk])


def test_caseworker_sees_own_record_with_sensitive_fields_and_view_is_audited(
    signed_in, caseworker, council
):
    person = PersonFactory(organisation=council, vulnerability_notes="Uses a wheelchair")
    body = signed_in(caseworker).get(detail(person)).content.decode()
    assert person.full_name in body
    assert "Uses a wheelchair" in body
    assert "17 May 1980" in body
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.actor == caseworker
    assert event.target_id == str(person.pk)
    assert event.changes == {"via": "page"}


def test_viewer_sees_record_without_sensitive_fields(signed_in, council):
    person = PersonFactory(organisation=council, vulnerability_notes="Uses a wheelchair")
    body = signed_in(member(Role.VIEWER, council)).get(detail(person)).content.decode()
    assert person.full_name in body
    assert "Uses a wheelchair" not in body
    assert "1980" not in body
    assert "Restricted to your role" in body


def test_other_organisation_gets_404_and_nothing_is_audited_as_viewed(signed_in, council, police):
    person = PersonFactory(organisation=council)
    response = signed_in(member(Role.PARTNER_OFFICER, police)).get(detail(person))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_shared_organisation_can_open_the_record(signed_in, council, police, caseworker):
    person = PersonFactory(organisation=council)
    record_share(record=person, organisation=police, shared_by=caseworker)
    response = signed_in(member(Role.PARTNER_OFFICER, police)).get(detail(person))
    assert response.status_code == 200


def test_list_shows_only_visible_people_and_searches(signed_in, caseworker, council, police):
    mine = PersonFactory(organisation=council, first_name="Robin", last_name="Sample")
    PersonFactory(organisation=police, first_name="Robin", last_name="Hidden")
    client = signed_in(caseworker)
    body = client.get(reverse("people:list")).content.decode()
    assert "Sample, Robin" in body
    assert "Hidden" not in body
    body = client.get(reverse("people:list"), {"q": "ox16"}).content.decode()
    assert mine.last_name in body


def test_create_person_records_and_audits(signed_in, caseworker, council):
    response = signed_in(caseworker).post(
        reverse("people:create"),
        {"first_name": "Jamie", "last_name": "Madeup", "date_of_birth": "2010-02-03"},
    )
    person = Person.objects.get(last_name="Madeup")
    assert response.url == detail(person)
    assert person.organisation == council
    event = AuditEvent.objects.get(action="person.created")
    assert "Madeup" not in str(event.changes)


def test_create_person_with_future_birth_date_is_refused_and_stores_nothing(signed_in, caseworker):
    response = signed_in(caseworker).post(
        reverse("people:create"),
        {"first_name": "Jamie", "last_name": "Madeup", "date_of_birth": "2999-01-01"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Date of birth must be in the past" in body
    assert not Person.objects.exists()


def test_create_needs_a_name(signed_in, caseworker):
    body = signed_in(caseworker).post(reverse("people:create"), {}).content.decode()
    assert "Enter a first name" in body
    assert "Enter a last name" in body


def test_viewer_cannot_create(signed_in, council):
    assert signed_in(member(Role.VIEWER, council)).get(reverse("people:create")).status_code == 403


def test_under_18_is_flagged(signed_in, caseworker, council):
    from django.utils import timezone

    today = timezone.localdate()
    person = PersonFactory(organisation=council, date_of_birth=today.replace(year=today.year - 15))
    assert "Under 18" in signed_in(caseworker).get(detail(person)).content.decode()


def test_share_is_post_only_audited_and_grants_access(signed_in, caseworker, council, police):
    person = PersonFactory(organisation=council)
    client = signed_in(caseworker)
    url = reverse("people:share", args=[person.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"organisation": police.pk})
    assert response.status_code == 302
    assert person.shared_with.filter(pk=police.pk).exists()
    assert AuditEvent.objects.filter(action="record.shared", target_id=str(person.pk)).exists()


def test_share_by_shared_partner_is_forbidden(signed_in, caseworker, council, police):
    person = PersonFactory(organisation=council)
    record_share(record=person, organisation=police, shared_by=caseworker)
    officer = member(Role.PARTNER_OFFICER, police)
    response = signed_in(officer).post(
        reverse("people:share", args=[person.pk]), {"organisation": council.pk}
    )
    assert response.status_code == 403


def test_share_with_no_organisation_chosen_shows_error(signed_in, caseworker, council):
    person = PersonFactory(organisation=council)
    response = signed_in(caseworker).post(reverse("people:share", args=[person.pk]), {})
    assert response.status_code == 400
    assert "Choose an organisation to share with" in response.content.decode()


def test_listing_people_is_audited_with_who_was_shown(signed_in, caseworker, council):
    shown = PersonFactory(organisation=council, last_name="Sample")
    signed_in(caseworker).get(reverse("people:list"), {"q": "sample"})
    event = AuditEvent.objects.get(action="people.listed")
    assert event.changes == {
        "search": {"ref": search_reference("sample"), "words": 1},  # not the words themselves
        "page": 1,
        "people": [shown.pk],
        "via": "page",
    }
