"""The case-management API contract other clients are written against."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases.models import Case, Report
from safer.cases.tests.factories import answers
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def report_body(**changes):
    body = {
        "received_via": "phone",
        "occurred_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "category": "personal",
        "type": "intimidation",
        "description": "Group shouting at the victim's door",
        "location": {
            "address": "4 Nowhere Lane, Bicester",
            "postcode": "OX26 4ZZ",
            "latitude": 51.9,
            "longitude": -1.15,
        },
        "people": [
            {
                "role": "victim",
                "first_name": "Charlie",
                "last_name": "Specimen",
                "phone": "07700 900123",
            },
            {"role": "alleged_perpetrator", "first_name": "Riley", "last_name": "Fictional"},
        ],
    }
    body.update(changes)
    return body


@pytest.fixture
def api(client, caseworker):
    client.force_login(caseworker)
    return client


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_organisations_and_risk_form(api):
    form = api.get("/api/v1/risk-assessment-form").json()
    assert form["version"] == 1
    question = form["questions"][0]
    assert set(question) == {"key", "text", "choices"}
    assert set(question["choices"][0]) == {"value", "label"}
    assert "weight" not in str(form)


def test_post_report_returns_reference_flags_and_people(api):
    response = post(api, "/api/v1/reports", report_body())
    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("ASB-")
    assert body["flags"] == []
    assert {p["role"] for p in body["people"]} == {"victim", "alleged_perpetrator"}
    assert api.get(f"/api/v1/reports/{body['id']}").json()["reference"] == body["reference"]
    assert AuditEvent.objects.filter(action="report.viewed", target_id=str(body["id"])).exists()


def test_existing_person_by_id_and_repeat_caller_flag(api, council):
    person = PersonFactory(organisation=council)
    people = [{"role": "reporter", "person_id": person.pk}]
    for _ in range(2):
        post(api, "/api/v1/reports", report_body(people=people))
    third = post(api, "/api/v1/reports", report_body(people=people)).json()
    assert "repeat_caller" in third["flags"]
    assert third["people"] == [{"role": "reporter", "person_id": person.pk}]


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"category": "awful"}, ["body", "payload", "category"]),
        (
            {"occurred_at": (timezone.now() + timedelta(days=2)).isoformat()},
            ["body", "occurred_at"],
        ),
        ({"location": {"address": "", "postcode": ""}}, ["body", "location", "address"]),
    ],
)
def test_invalid_report_answers_422_naming_the_field_and_stores_nothing(api, changes, loc):
    response = post(api, "/api/v1/reports", report_body(**changes))
    assert response.status_code == 422
    locs = [error["loc"] for error in response.json()["detail"]]
    assert loc in locs, locs
    assert not Report.objects.exists()


def test_risk_assessment_endpoint(api):
    report_id = post(api, "/api/v1/reports", report_body()).json()["id"]
    response = post(
        api, f"/api/v1/reports/{report_id}/risk-assessments", {"answers": answers(afraid="yes")}
    )
    assert response.status_code == 201
    body = response.json()
    assert {"id", "version", "score", "band"} <= set(body)
    assert (body["score"], body["band"], body["version"]) == (3, "standard", 1)


def test_unanswered_questions_answer_422(api):
    report_id = post(api, "/api/v1/reports", report_body()).json()["id"]
    partial = answers()
    del partial["afraid"]
    response = post(api, f"/api/v1/reports/{report_id}/risk-assessments", {"answers": partial})
    assert response.status_code == 422
    assert ["body", "answers", "afraid"] in [e["loc"] for e in response.json()["detail"]]


def test_case_lifecycle_through_the_api(api, caseworker, police):
    first = post(api, "/api/v1/reports", report_body()).json()
    second = post(api, "/api/v1/reports", report_body()).json()
    created = post(api, "/api/v1/cases", {"report_ids": [first["id"]], "title": "Door shouting"})
    assert created.status_code == 201
    case = created.json()
    assert {"id", "reference", "status", "risk"} <= set(case)
    assert (case["status"], case["risk"]) == ("open", "standard")

    attached = post(api, f"/api/v1/cases/{case['id']}/reports", {"report_id": second["id"]}).json()
    assert set(attached["report_ids"]) == {first["id"], second["id"]}

    listed = api.get("/api/v1/cases", {"q": "Specimen"}).json()
    assert listed["count"] == 1 and listed["items"][0]["reference"] == case["reference"]
    assert api.get("/api/v1/cases", {"risk": "high"}).json()["count"] == 0

    shared = post(api, f"/api/v1/cases/{case['id']}/shares", {"organisation_id": police.pk}).json()
    assert shared["shared_with"] == [police.pk]

    perpetrator = next(
        p["person_id"] for p in first["people"] if p["role"] == "alleged_perpetrator"
    )
    today = timezone.localdate()
    intervention = post(
        api,
        f"/api/v1/cases/{case['id']}/interventions",
        {
            "kind": "acceptable_behaviour_contract",
            "person_id": perpetrator,
            "issued_on": today.isoformat(),
            "expires_on": (today + timedelta(days=180)).isoformat(),
            "conditions": "Not to enter Nowhere Lane",
        },
    )
    assert intervention.status_code == 201, intervention.json()
    assert intervention.json()["kind"] == "acceptable_behaviour_contract"

    closed = post(
        api,
        f"/api/v1/cases/{case['id']}/close",
        {"outcome": "resolved_intervention", "reason": "ABC signed, no further reports"},
    )
    assert closed.json()["status"] == "closed"


def test_unknown_intervention_kind_answers_422(api):
    report = post(api, "/api/v1/reports", report_body()).json()
    case = post(api, "/api/v1/cases", {"report_ids": [report["id"]]}).json()
    person = report["people"][0]["person_id"]
    response = post(
        api,
        f"/api/v1/cases/{case['id']}/interventions",
        {"kind": "banishment", "person_id": person, "issued_on": "2026-01-01"},
    )
    assert response.status_code == 422
    assert ["body", "kind"] in [e["loc"] for e in response.json()["detail"]]


def test_stale_version_answers_409(api, caseworker):
    report = post(api, "/api/v1/reports", report_body()).json()
    case = post(api, "/api/v1/cases", {"report_ids": [report["id"]]}).json()
    version = api.get(f"/api/v1/cases/{case['id']}").json()["version"]
    ok = api.patch(
        f"/api/v1/cases/{case['id']}",
        {"version": version, "status": "investigating"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    stale = api.patch(
        f"/api/v1/cases/{case['id']}",
        {"version": version, "status": "action"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "changed by" in stale.json()["detail"]
    assert Case.objects.get(pk=case["id"]).status == "investigating"


def test_other_organisation_gets_404_for_reports_and_cases(api, client, police):
    report = post(api, "/api/v1/reports", report_body()).json()
    case = post(api, "/api/v1/cases", {"report_ids": [report["id"]]}).json()
    client.force_login(member(Role.PARTNER_OFFICER, police))
    assert client.get(f"/api/v1/reports/{report['id']}").status_code == 404
    assert client.get(f"/api/v1/cases/{case['id']}").status_code == 404
    assert client.get("/api/v1/cases").json()["count"] == 0
    response = post(
        client, f"/api/v1/cases/{case['id']}/close", {"outcome": "resolved", "reason": "y"}
    )
    assert response.status_code == 404


def test_shared_partner_reads_but_cannot_close(api, client, police):
    report = post(api, "/api/v1/reports", report_body()).json()
    case = post(api, "/api/v1/cases", {"report_ids": [report["id"]]}).json()
    post(api, f"/api/v1/cases/{case['id']}/shares", {"organisation_id": police.pk})
    client.force_login(member(Role.PARTNER_OFFICER, police))
    assert client.get(f"/api/v1/cases/{case['id']}").status_code == 200
    assert (
        post(
            client, f"/api/v1/cases/{case['id']}/close", {"outcome": "resolved", "reason": "y"}
        ).status_code
        == 403
    )


def test_patch_report_with_stale_version_answers_409(api):
    created = post(api, "/api/v1/reports", report_body()).json()
    url = f"/api/v1/reports/{created['id']}"
    ok = api.patch(
        url,
        {"version": created["version"], "description": "Corrected"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["description"] == "Corrected"
    stale = api.patch(
        url, {"version": created["version"], "description": "Lost"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert Report.objects.get(pk=created["id"]).description == "Corrected"
