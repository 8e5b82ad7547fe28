"""An intervention is recorded against someone the case is about: the service's rule, so the
form, the API and anything later refuse anyone else alike."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Intervention
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.cases.tests.test_api_refusals import locations, post_intervention
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker):
    accused = PersonInput(role="alleged_perpetrator", first_name="Al", last_name="Leged")
    reports = [report(caseworker, people=[victim(), accused])]
    return services.case_open(opened_by=caseworker, reports=reports)


def record(case, person, caseworker):
    return services.intervention_record(
        case=case,
        person=person,
        kind="acceptable_behaviour_contract",
        recorded_by=caseworker,
        issued_on=timezone.localdate(),
    )


def test_api_refuses_a_person_not_on_the_case_with_422(signed_in, caseworker, case):
    """The stranger is held by the caller's own organisation: visible, but not on this case."""
    stranger = PersonFactory(organisation=caseworker.membership.organisation)
    response = post_intervention(signed_in(caseworker), case, stranger)
    assert response.status_code == 422
    assert ["body", "person_id"] in locations(response)
    assert not Intervention.objects.exists()


def test_service_refuses_a_person_not_on_the_case(caseworker, case):
    stranger = PersonFactory(organisation=caseworker.membership.organisation)
    with pytest.raises(ValidationError) as error:
        record(case, stranger, caseworker)
    assert "person_id" in error.value.message_dict
    on_case = case.reports.get().involvements.get(role="alleged_perpetrator").person
    record(case, on_case, caseworker)
    assert list(Intervention.objects.values_list("person", flat=True)) == [on_case.pk]
