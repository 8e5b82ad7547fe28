"""The API against its own OpenAPI description, fuzzed as every role.

Schemathesis generates requests from the published schema (valid and invalid ones) and checks
that none is a server error and that every answer's status is one the schema documents.
Path and body ids are often real records, so the checks reach past 404 into the services.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from safer.accounts.services import api_token_create
from safer.cases import services
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import ActionPlan, Indicator, Task
from safer.plans.tests.factories import plan_import, row

ROLES = [Role.CASEWORKER, Role.PARTNER_OFFICER, Role.VIEWER]
# The co-ordinator (every records capability and the supervisor's) and a caseworker of an
# organisation nothing is shared with: fewer examples each, since much of what they send is
# refused early (404 for records they cannot see). Administrators and analysts are refused
# almost everything at the door (403): tests/security/access_table.py checks each of them on
# every operation, so fuzzing them too cost minutes of the suite and found nothing more.
OTHER_ROLES = [Role.COORDINATOR, "unrelated"]


@pytest.fixture
def records(db, caseworker, council, police):
    """A council report and case shared with the police, a plan, a task and an indicator."""
    first = report(caseworker, people=[victim()])
    case = services.case_open(opened_by=caseworker, reports=[first], title="Fuzzed case")
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    person = first.involvements.get().person
    assert plan_import([row(plan="Fuzzed plan", task="Fuzzed task", partners="TP")]).ok
    plan = ActionPlan.objects.get(title="Fuzzed plan")
    partnership_indicators_ensure()
    REAL_IDS.clear()
    REAL_IDS.update(
        {
            "report_id": first.pk,
            "case_id": case.pk,
            "person_id": person.pk,
            "plan_id": plan.pk,
            "task_id": Task.objects.get(text="Fuzzed task").pk,
            "indicator_id": Indicator.objects.first().pk,
            "organisation_id": police.pk,
        }
    )
    return REAL_IDS


@pytest.fixture
def bearer(test_connection_kept, request, records, caseworker, council, police) -> str:
    role = request.param
    user = caseworker
    if role == Role.PARTNER_OFFICER:
        user = member(role, police, username="officer")
    elif role == "unrelated":
        elsewhere = OrganisationFactory(name="Unrelated Housing Trust", short_name="UHT")
        user = member(Role.CASEWORKER, elsewhere, username="unrelated")
    elif role != Role.CASEWORKER:
        user = member(role, council, username=str(role))
    return api_token_create(user=user, name="fuzz")[1]


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The ids of the records the `records` fixture made, by path parameter name.
REAL_IDS: dict[str, int] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Each path id is either the generated one or a real record's id."""
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([REAL_IDS.get(name, value), value])
            for name, value in (path_parameters or {}).items()
        }
    )


def _real_ids(body):
    """The body with every id it names replaced by a real record's id."""
    if not isinstance(body, dict):
        return body
    real = {k: REAL_IDS[k] for k in body if k in REAL_IDS}
    if isinstance(body.get("report_ids"), list):
        real["report_ids"] = [REAL_IDS["report_id"]]
    return body | real


@schema.hook
def flatmap_body(context, body):
    """Ids in a body, too, are real half the time, so the checks reach the services."""
    return st.sampled_from([_real_ids(body), body])


@pytest.mark.usefixtures("bearer")
@pytest.mark.parametrize("bearer", ROLES, indirect=True)
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, bearer):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {bearer}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )


@pytest.mark.usefixtures("bearer")
@pytest.mark.parametrize("bearer", OTHER_ROLES, indirect=True)
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented_to_every_other_role(case, bearer):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {bearer}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
