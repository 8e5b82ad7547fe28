from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cohorts.models import Cohort, CohortMember
from safer.cohorts.tests.factories import cohort, perpetrator_report, person
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def _ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def test_create_a_cohort_then_find_and_add_a_member(client, caseworker, council):
    client.force_login(caseworker)
    response = client.post(
        reverse("cohorts:create"), {"name": "IOM 2026", "kind": "iom", "description": ""}
    )
    group = Cohort.objects.get()
    assert response["Location"] == reverse("cohorts:detail", args=[group.pk])
    who = person(council, first="Jordan", last="Findable")
    page = client.get(reverse("cohorts:detail", args=[group.pk]), {"q": "Findable"})
    assert "Jordan Findable" in page.text
    added = client.post(
        reverse("cohorts:member_add", args=[group.pk]),
        {"person_id": who.pk, "joined_on": _ago(10)},
    )
    assert added.status_code == 302
    assert CohortMember.objects.get().person == who
    shown = client.get(reverse("cohorts:detail", args=[group.pk]))
    assert "Jordan Findable" in shown.text
    assert AuditEvent.objects.filter(action="cohort.viewed", target_id=str(group.pk)).exists()


def test_cohort_form_errors_store_nothing(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("cohorts:create"), {"name": "", "kind": ""})
    assert response.status_code == 400 and "govuk-error-summary" in response.text
    assert not Cohort.objects.exists()


def test_future_joining_date_is_refused(client, caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    client.force_login(caseworker)
    response = client.post(
        reverse("cohorts:member_add", args=[group.pk]),
        {"person_id": who.pk, "joined_on": _ago(-3)},
    )
    assert response.status_code == 400
    assert not CohortMember.objects.exists()


def test_analyst_sees_the_measure_but_not_the_members(client, signed_in, caseworker, council):
    group = cohort(caseworker)
    who = person(council, first="Hidden", last="Member")
    CohortMember.objects.create(
        cohort=group, person=who, joined_on=timezone.localdate(), added_by=caseworker
    )
    analyst = member(Role.ANALYST, council, username="analyst")
    signed_in(analyst)
    page = client.get(reverse("cohorts:detail", args=[group.pk]))
    assert page.status_code == 200 and "Hidden Member" not in page.text
    assert client.get(f"/api/v1/cohorts/{group.pk}/measure").status_code == 200
    assert client.get(f"/api/v1/cohorts/{group.pk}/members").status_code == 403
    refused = client.post(
        f"/api/v1/cohorts/{group.pk}/members",
        data={"person_id": who.pk, "joined_on": _ago(1)},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_other_organisation_gets_404(client, caseworker):
    group = cohort(caseworker)
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert client.get(reverse("cohorts:detail", args=[group.pk])).status_code == 404
    assert client.get(f"/api/v1/cohorts/{group.pk}/measure").status_code == 404
    assert client.get("/api/v1/cohorts").json() == []


def test_api_adds_a_member_and_measures_75_percent_down(client, caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    for days_ago in (110, 120, 130, 140, 95):
        perpetrator_report(caseworker, who, days_ago=days_ago)
    client.force_login(caseworker)
    added = client.post(
        f"/api/v1/cohorts/{group.pk}/members",
        data={"person_id": who.pk, "joined_on": _ago(100)},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["person_id"] == who.pk
    result = client.get(f"/api/v1/cohorts/{group.pk}/measure").json()
    assert (result["before"], result["after"], result["change_percent"]) == (4, 1, -75.0)
    assert "alleged perpetrator" in result["method"]
    assert [c["id"] for c in client.get("/api/v1/cohorts").json()] == [group.pk]
    members = client.get(f"/api/v1/cohorts/{group.pk}/members").json()
    assert [
        (m["person_id"], m["days"], m["reports_before"], m["reports_after"]) for m in members
    ] == [(who.pk, 100, 4, 1)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_id": 999999, "joined_on": "2026-01-01"}, "person_id"),
        ({"person_id": 0, "joined_on": "not a date"}, "joined_on"),
    ],
)
def test_api_bad_member_names_the_field(client, caseworker, council, body, field):
    group = cohort(caseworker)
    client.force_login(caseworker)
    response = client.post(
        f"/api/v1/cohorts/{group.pk}/members", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in [item["loc"][-1] for item in response.json()["detail"]]
    assert not CohortMember.objects.exists()


def test_api_person_from_another_organisation_is_refused(client, caseworker):
    group = cohort(caseworker)
    stranger = person(OrganisationFactory(name="Elsewhere"))
    client.force_login(caseworker)
    response = client.post(
        f"/api/v1/cohorts/{group.pk}/members",
        data={"person_id": stranger.pk, "joined_on": _ago(1)},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not CohortMember.objects.exists()


def test_member_leaving_is_recorded(client, caseworker, council):
    group = cohort(caseworker)
    who = person(council)
    entry = CohortMember.objects.create(
        cohort=group,
        person=who,
        joined_on=timezone.localdate() - timedelta(days=30),
        added_by=caseworker,
    )
    client.force_login(caseworker)
    client.post(reverse("cohorts:member_leave", args=[group.pk, entry.pk]), {"left_on": _ago(5)})
    entry.refresh_from_db()
    assert entry.left_on == timezone.localdate() - timedelta(days=5)


def test_cohort_page_queries_do_not_grow_with_members(client, caseworker, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = cohort(caseworker)
    client.force_login(caseworker)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cohorts:detail", args=[group.pk])).status_code == 200
        return len(captured)

    for index in range(2):
        CohortMember.objects.create(
            cohort=group,
            person=person(council, first=f"A{index}"),
            joined_on=timezone.localdate() - timedelta(days=30),
            added_by=caseworker,
        )
    few = queries()
    for index in range(5):
        CohortMember.objects.create(
            cohort=group,
            person=person(council, first=f"B{index}"),
            joined_on=timezone.localdate() - timedelta(days=30),
            added_by=caseworker,
        )
    assert queries() == few
