"""Merging duplicate people keeps both histories (reports, assessments, interventions)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.tests.factories import answers, report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.services import person_merge
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(council):
    keep = PersonFactory(
        organisation=council,
        first_name="Robin",
        last_name="Example",
        date_of_birth=date(1980, 5, 17),
        phone="",
    )
    duplicate = PersonFactory(
        organisation=council,
        first_name="Robyn",
        last_name="Example",
        date_of_birth=date(1980, 5, 17),
        phone="07700 900111",
    )
    return keep, duplicate


def test_merge_moves_every_history_and_is_audited(caseworker, twins):
    keep, duplicate = twins
    first = report(caseworker, people=[victim(keep)], address="1 A Road")
    second = report(caseworker, people=[victim(duplicate)], address="2 B Road")
    services.risk_assessment_record(report=second, assessed_by=caseworker, answers=answers())
    person_merge(keep=keep, duplicate=duplicate, merged_by=caseworker)
    assert set(keep.reports.all()) == {first, second}
    assert keep.assessments.count() == 1
    keep.refresh_from_db()
    assert keep.phone == "07700 900111"  # filled from the duplicate where the kept record had none
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    event = AuditEvent.objects.get(action="person.merged")
    assert event.changes["merged"] == duplicate.pk


def test_merge_when_both_were_on_the_same_report(caseworker, twins):
    keep, duplicate = twins
    shared = report(caseworker, people=[victim(keep), victim(duplicate)])
    person_merge(keep=keep, duplicate=duplicate, merged_by=caseworker)
    assert list(shared.involvements.values_list("person_id", flat=True)) == [keep.pk]


def test_merge_refuses_same_person_and_other_organisations(caseworker, twins, police):
    keep, _ = twins
    with pytest.raises(ValidationError):
        person_merge(keep=keep, duplicate=keep, merged_by=caseworker)
    foreign = PersonFactory(organisation=police)
    with pytest.raises(PermissionDenied):
        person_merge(keep=keep, duplicate=foreign, merged_by=caseworker)


def test_person_page_offers_duplicates_and_merges_on_post(signed_in, caseworker, twins):
    keep, duplicate = twins
    report(caseworker, people=[victim(duplicate)])
    client = signed_in(caseworker)
    page = client.get(reverse("people:detail", args=[keep.pk])).content.decode()
    assert "Possible duplicate records" in page
    assert f'value="{duplicate.pk}"' in page
    url = reverse("people:merge", args=[keep.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"duplicate": duplicate.pk})
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == keep.pk
    history = client.get(reverse("people:detail", args=[keep.pk])).content.decode()
    assert "ASB-" in history  # the duplicate's report now shows on the kept record
    redirected = client.get(reverse("people:detail", args=[duplicate.pk]))
    assert redirected.url == reverse("people:detail", args=[keep.pk])


def test_viewer_is_not_offered_merges(signed_in, council, twins):
    keep, _ = twins
    page = signed_in(member(Role.VIEWER, council)).get(reverse("people:detail", args=[keep.pk]))
    assert "Possible duplicate records" not in page.content.decode()
