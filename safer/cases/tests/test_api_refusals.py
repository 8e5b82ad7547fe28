"""Bad input to the case API is refused with a 4xx naming what is wrong, and nothing is stored."""

import pytest
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Case, Intervention, Report
from safer.cases.tests.factories import report, victim
from safer.cases.tests.test_api import post, report_body

pytestmark = pytest.mark.django_db


def locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


@pytest.fixture
def api(signed_in, caseworker):
    return signed_in(caseworker)


def post_intervention(api, case, person, **fields):
    body = {
        "kind": "acceptable_behaviour_contract",
        "person_id": person.pk,
        "issued_on": timezone.localdate().isoformat(),
    }
    return post(api, f"/api/v1/cases/{case.pk}/interventions", body | fields)


@pytest.fixture
def case(caseworker):
    return services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])


# --- Finding 8: 4xx, never 500 -----------------------------------------------------------------


def test_body_over_the_size_limit_answers_413_in_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(api, "/api/v1/reports", report_body(description="x" * 20_000))
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "query, field",
    [
        ("offset=-1", "offset"),
        ("offset=1000000000000000000000000000000", "offset"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=100000000000000000000000", "limit"),
    ],
)
def test_case_list_paging_out_of_range_answers_422(api, case, query, field):
    response = api.get(f"/api/v1/cases?{query}")
    assert response.status_code == 422
    assert ["query", field] in locations(response)


def test_case_list_pages_within_range(api, case):
    body = api.get("/api/v1/cases?limit=200&offset=0").json()
    assert [c["id"] for c in body["items"]] == [case.pk]


@pytest.mark.parametrize("field", ["description", "received_via", "occurred_at", "type"])
def test_patch_report_with_null_for_a_required_field_answers_422(api, caseworker, field):
    stored = report(caseworker)
    response = api.patch(
        f"/api/v1/reports/{stored.pk}",
        {"version": stored.version, field: None},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ["body", "payload", field] in locations(response)
    stored.refresh_from_db()
    assert stored.description == "Loud music every night after midnight."


# --- Finding 12: no NUL characters, as the forms ---------------------------------------------


@pytest.mark.parametrize(
    "changes, loc",
    [
        ({"description": "Shouting\x00"}, ["body", "payload", "description"]),
        (
            {"location": {"address": "4\x00 Nowhere Lane", "postcode": "OX26 4ZZ"}},
            ["body", "payload", "location", "address"],
        ),
        (
            {"people": [{"role": "victim", "first_name": "Char\x00lie", "last_name": "S"}]},
            ["body", "payload", "people", 0, "first_name"],
        ),
    ],
)
def test_report_with_null_character_answers_422(api, changes, loc):
    response = post(api, "/api/v1/reports", report_body(**changes))
    assert response.status_code == 422
    assert loc in locations(response)
    assert not Report.objects.exists()


def test_report_correction_with_null_character_answers_422(api, caseworker):
    stored = report(caseworker)
    response = api.patch(
        f"/api/v1/reports/{stored.pk}",
        {"version": stored.version, "description": "\x00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ["body", "payload", "description"] in locations(response)
    stored.refresh_from_db()
    assert stored.description == "Loud music every night after midnight."


def test_case_title_and_close_reason_with_null_character_answer_422(api, case):
    response = api.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "title": "Noise\x00"},
        content_type="application/json",
    )
    assert ["body", "payload", "title"] in locations(response)
    response = post(api, f"/api/v1/cases/{case.pk}/close", {"outcome": "other", "reason": "\x00"})
    assert response.status_code == 422
    assert ["body", "payload", "reason"] in locations(response)
    case.refresh_from_db()
    assert (case.status, "\x00" in case.title) == (Case.Status.OPEN, False)


def test_intervention_conditions_and_answers_with_null_character_answer_422(api, case):
    person = case.reports.get().involvements.get().person
    response = post_intervention(api, case, person, conditions="Not to enter\x00")
    assert response.status_code == 422
    assert ["body", "payload", "conditions"] in locations(response)
    report_id = case.reports.get().pk
    response = post(
        api, f"/api/v1/reports/{report_id}/risk-assessments", {"answers": {"afraid\x00": "no"}}
    )
    assert response.status_code == 422
    assert ["body", "payload", "answers"] in locations(response)
    assert not Intervention.objects.exists()


def test_case_search_with_null_character_answers_422(api, case):
    response = api.get("/api/v1/cases?q=noise%00")
    assert response.status_code == 422
    assert ["query", "q"] in locations(response)
