"""The Community Trigger API contract."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from safer.casereviews.models import Application
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db

URL = "/api/v1/community-trigger/applications"


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator")


def locs(response) -> list[list]:
    """Where each problem is, without ninja's name for the body parameter."""
    return [[part for part in e["loc"] if part != "payload"] for e in response.json()["detail"]]


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def body(council, police, *, days=(30, 20, 10), **changes):
    today = timezone.localdate()
    return {
        "applicant": {"first_name": "Robin", "last_name": "Example", "email": "r@example.org"},
        "on_behalf_of": None,
        "received_on": today.isoformat(),
        "complaints": [
            {
                "occurred_on": (today - timedelta(days=d)).isoformat(),
                "reported_on": (today - timedelta(days=d)).isoformat(),
                "organisation_id": (council if i % 2 else police).pk,
                "description": "Drug dealing outside the flats",
                "hate_motivated": False,
            }
            for i, d in enumerate(days)
        ],
        **changes,
    }


def test_recording_an_application_answers_201_in_the_agreed_shape(
    signed_in, client, coordinator, council, police
):
    signed_in(coordinator)
    response = post(client, URL, body(council, police))
    assert response.status_code == 201, response.content
    out = response.json()
    assert set(out) == {"id", "reference", "threshold_met", "qualifying_complaints", "decision_due"}
    assert out["threshold_met"] is True and out["qualifying_complaints"] == 3


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"received_on": "not a date"}, ["body", "received_on"]),
        (
            {"applicant": {"first_name": "", "last_name": "E", "email": "e@x.org"}},
            ["body", "applicant", "first_name"],
        ),
        (
            {"applicant": {"first_name": "R", "last_name": "E", "email": "nope"}},
            ["body", "applicant", "email"],
        ),
        ({"on_behalf_of": {"name": ""}}, ["body", "on_behalf_of", "name"]),
        ({"victim_id": 999999}, ["body", "victim_id"]),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_stores_nothing(
    signed_in, client, caseworker, council, police, change, loc
):
    signed_in(caseworker)
    response = post(client, URL, body(council, police, **change))
    assert response.status_code == 422
    assert loc in locs(response), response.json()
    assert not Application.objects.exists()


def test_complaint_reported_before_it_happened_is_named(
    signed_in, client, caseworker, council, police
):
    signed_in(caseworker)
    data = body(council, police)
    data["complaints"][1]["reported_on"] = "2000-01-01"
    response = post(client, URL, data)
    assert response.status_code == 422
    assert ["body", "complaints", "1", "reported_on"] in [
        e["loc"] for e in response.json()["detail"]
    ]


def test_viewer_may_not_record_and_other_organisation_cannot_open(
    signed_in, client, council, police, coordinator
):
    signed_in(member(Role.VIEWER, council, username="viewer"))
    assert post(client, URL, body(council, police)).status_code == 403
    signed_in(coordinator)
    created = post(client, URL, body(council, police)).json()
    other = member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere"), username="elsewhere")
    signed_in(other)
    assert client.get(f"{URL}/{created['id']}").status_code == 404
    assert client.get(URL).json() == []


def test_detail_withholds_a_partners_report_the_caller_cannot_open(
    signed_in, client, coordinator, caseworker, council, police
):
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=9))
    person = first.involvements.get().person
    person.shared_with.add(police)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    hidden = report(officer, people=[victim(person)], reported_at=now - timedelta(days=5))
    signed_in(coordinator)
    created = post(client, URL, body(council, police, days=(30,), victim_id=person.pk)).json()
    assert created["qualifying_complaints"] == 3 and created["threshold_met"]
    detail = client.get(f"{URL}/{created['id']}").json()
    withheld = [c for c in detail["complaints"] if c["withheld"]]
    assert len(withheld) == 1 and withheld[0]["description"] is None
    assert withheld[0]["label"].startswith("a report held by Test Police on")
    assert hidden.reference not in json.dumps(detail)


def test_decision_review_and_recommendation_through_the_api(
    signed_in, client, coordinator, council, police
):
    signed_in(coordinator)
    created = post(client, URL, body(council, police)).json()
    today = timezone.localdate().isoformat()
    base = f"{URL}/{created['id']}"
    assert post(client, f"{base}/decision", {"decided_on": today}).status_code == 422
    decided = post(client, f"{base}/decision", {"decided_on": today, "review_on": today})
    assert decided.json()["status"] == "review_scheduled"
    held = post(
        client,
        f"{base}/review",
        {
            "held_on": today,
            "victim_voice": "written",
            "findings": "Reports were not joined up",
            "attendees": [{"organisation_id": police.pk, "name": "Inspector Lee"}],
        },
    )
    assert (
        held.status_code == 200 and held.json()["review"]["attendees"][0]["name"] == "Inspector Lee"
    )
    rec = post(
        client,
        f"{base}/recommendations",
        {"owner_id": police.pk, "text": "Joint patrols", "due_on": today},
    )
    assert rec.status_code == 201
    done = post(
        client,
        f"/api/v1/community-trigger/recommendations/{rec.json()['id']}/complete",
        {"completed_on": today},
    )
    assert done.json()["completed_on"] == today
    assert client.get(base).json()["status"] == "closed"
    caseworker = member(Role.CASEWORKER, council, username="cw2")
    signed_in(caseworker)
    assert post(client, f"{base}/decision", {"decided_on": today}).status_code == 403


def test_statistics_are_for_analysts_and_coordinators_only(
    signed_in, client, coordinator, council, police
):
    signed_in(coordinator)
    post(client, URL, body(council, police, days=(10,)))
    year = timezone.localdate().year
    response = client.get(f"/api/v1/community-trigger/statistics?year={year}")
    assert response.json() == {
        "applications": 1,
        "threshold_not_met": 1,
        "reviews_held": 0,
        "reviews_with_recommendations": 0,
    }
    signed_in(member(Role.ANALYST, council, username="analyst"))
    assert client.get(f"/api/v1/community-trigger/statistics?year={year}").status_code == 200
    signed_in(member(Role.CASEWORKER, council, username="cw3"))
    assert client.get(f"/api/v1/community-trigger/statistics?year={year}").status_code == 403


def test_list_filters_by_status_and_an_appeal_is_heard(
    signed_in, client, coordinator, council, police
):
    signed_in(coordinator)
    met = post(client, URL, body(council, police)).json()
    not_met = post(client, URL, body(council, police, days=(10,))).json()
    today = timezone.localdate().isoformat()
    base = f"{URL}/{not_met['id']}"
    post(client, f"{base}/decision", {"decided_on": today})
    listed = client.get(URL, {"status": "not_met"}).json()
    assert [a["id"] for a in listed] == [not_met["id"]]
    assert {a["id"] for a in client.get(URL).json()} == {met["id"], not_met["id"]}
    appeal = post(client, f"{base}/appeal", {"received_on": today, "grounds": "Missed reports"})
    assert appeal.json()["appeal"]["grounds"] == "Missed reports"
    outcome = post(
        client,
        f"{base}/appeal/outcome",
        {"outcome": "not_upheld", "outcome_on": today, "notes": "Checked again"},
    )
    assert outcome.json()["appeal"]["outcome"] == "not_upheld"
    assert outcome.json()["status"] == "not_met"
