"""Stateful API sequences: create, read, change, share and close cases, in orders Hypothesis
chooses, with every answer checked against the OpenAPI description (schemathesis) and against
the access rule for every role watching: the council caseworker who works the cases, a council
viewer, the police partner officer (who sees a case once it is shared with the police), and a
caseworker of an organisation nothing is shared with (who never sees anything).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from safer.accounts.services import api_token_create
from safer.cases.models import Case
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from tests.api.test_openapi_fuzz import schema

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
STATUSES = [s for s in Case.Status.values if s != Case.Status.CLOSED]
OUTCOMES = list(Case.Outcome.values)


def call(token: str, path: str, method: str, *, case_id=None, body=None):
    """One request through schemathesis, its answer validated against the schema."""
    operation = schema[path][method]
    kwargs = {}
    if case_id is not None:
        kwargs["path_parameters"] = {"case_id": case_id}
    if body is not None:
        kwargs["body"] = body
    case = operation.Case(**kwargs)
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


class CaseWork(RuleBasedStateMachine):
    tokens: dict[str, str] = {}
    police_id: int = 0

    reports = Bundle("reports")
    cases = Bundle("cases")

    def __init__(self):
        super().__init__()
        self.known: dict[int, dict] = {}  # case id -> version, shared, closed

    @rule(
        target=reports,
        description=st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
        ).filter(str.strip),
        hours=st.integers(min_value=1, max_value=24 * 200),
    )
    def record_a_report(self, description, hours):
        occurred = timezone.now() - timedelta(hours=hours)
        response = call(
            self.tokens["caseworker"],
            "/api/v1/reports",
            "POST",
            body={
                "received_via": "phone",
                "occurred_at": occurred.isoformat(),
                "category": "nuisance",
                "type": "noise",
                "description": description,
                "location": {"address": "1 Imaginary Road, Banbury", "postcode": "OX16 1ZZ"},
                "people": [{"role": "victim", "first_name": "Robin", "last_name": "Example"}],
            },
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    @rule(target=cases, report_id=consumes(reports))
    def open_a_case(self, report_id):
        response = call(
            self.tokens["caseworker"], "/api/v1/cases", "POST", body={"report_ids": [report_id]}
        )
        assert response.status_code == 201, response.text
        case_id = response.json()["id"]
        self.known[case_id] = {"version": None, "shared": False, "closed": False}
        self._refresh(case_id)
        return case_id

    def _refresh(self, case_id):
        response = call(
            self.tokens["caseworker"], "/api/v1/cases/{case_id}", "GET", case_id=case_id
        )
        assert response.status_code == 200
        self.known[case_id]["version"] = response.json()["version"]
        return response.json()

    @rule(case_id=cases)
    def everyone_reads_it(self, case_id):
        state = self.known[case_id]
        expected = {
            "caseworker": 200,
            "viewer": 200,
            "officer": 200 if state["shared"] else 404,
            "unrelated": 404,
        }
        for who, status in expected.items():
            response = call(self.tokens[who], "/api/v1/cases/{case_id}", "GET", case_id=case_id)
            assert response.status_code == status, (who, response.text)

    @rule(case_id=cases, status=st.sampled_from(STATUSES), stale=st.booleans())
    def change_it(self, case_id, status, stale):
        state = self.known[case_id]
        version = state["version"] - 1 if stale else state["version"]
        response = call(
            self.tokens["caseworker"],
            "/api/v1/cases/{case_id}",
            "PATCH",
            case_id=case_id,
            body={"version": version, "status": status},
        )
        if state["closed"]:
            assert response.status_code == 422, response.text
            assert "closed" in response.text
        elif stale:
            assert response.status_code == 409, response.text  # someone changed it meanwhile
        else:
            assert response.status_code == 200, response.text
            assert response.json()["status"] == status
        self._refresh(case_id)

    @rule(case_id=cases)
    def others_may_not_change_it(self, case_id):
        version = self.known[case_id]["version"]
        body = {"version": version, "status": STATUSES[0]}
        for who in ("viewer", "unrelated", "officer"):
            response = call(
                self.tokens[who], "/api/v1/cases/{case_id}", "PATCH", case_id=case_id, body=body
            )
            assert response.status_code in (403, 404), (who, response.text)
        assert self._refresh(case_id)["version"] == version  # nothing was written

    @rule(case_id=cases)
    def share_it_with_the_police(self, case_id):
        response = call(
            self.tokens["caseworker"],
            "/api/v1/cases/{case_id}/shares",
            "POST",
            case_id=case_id,
            body={"organisation_id": self.police_id},
        )
        assert response.status_code == 200, response.text
        self.known[case_id]["shared"] = True
        self._refresh(case_id)

    @rule(case_id=cases, outcome=st.sampled_from(OUTCOMES))
    def close_it(self, case_id, outcome):
        state = self.known[case_id]
        officer = call(
            self.tokens["officer"],
            "/api/v1/cases/{case_id}/close",
            "POST",
            case_id=case_id,
            body={"outcome": outcome, "reason": "Partner tries", "version": state["version"]},
        )
        assert officer.status_code in (403, 404)  # only the lead organisation closes
        response = call(
            self.tokens["caseworker"],
            "/api/v1/cases/{case_id}/close",
            "POST",
            case_id=case_id,
            body={"outcome": outcome, "reason": "Resolved", "version": state["version"]},
        )
        if state["closed"]:
            assert response.status_code == 422, response.text
            assert "closed" in response.text
        else:
            assert response.status_code == 200, response.text
            assert response.json()["status"] == Case.Status.CLOSED
            state["closed"] = True
        self._refresh(case_id)

    @invariant()
    def the_unrelated_list_stays_empty(self):
        if not self.tokens:
            return
        response = call(self.tokens["unrelated"], "/api/v1/cases", "GET")
        assert response.status_code == 200
        assert response.json()["count"] == 0


@pytest.fixture
def case_work(db, test_connection_kept, caseworker, council, police):
    elsewhere = OrganisationFactory(name="Unrelated Housing Trust", short_name="UHT")
    users = {
        "caseworker": caseworker,
        "viewer": member(Role.VIEWER, council, username="viewer"),
        "officer": member(Role.PARTNER_OFFICER, police, username="officer"),
        "unrelated": member(Role.CASEWORKER, elsewhere, username="unrelated"),
    }
    CaseWork.tokens = {
        who: api_token_create(user=u, name="sequence")[1] for who, u in users.items()
    }
    CaseWork.police_id = police.pk
    yield CaseWork
    CaseWork.tokens = {}


def test_case_work_sequences_keep_the_schema_and_the_access_rule(case_work):
    machine = case_work.TestCase
    machine.settings = settings(
        max_examples=20,
        stateful_step_count=15,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # a failure prints its steps; no shrinking
        suppress_health_check=list(HealthCheck),
    )
    machine().runTest()
