"""The demo's hate incidents route as the docs say, and seeding twice creates nothing twice."""

import pytest

from safer.hateincidents.demo import seed_hate_incidents
from safer.hateincidents.models import HateIncident, Routing
from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_demo_routes_each_incident_where_the_rules_say():
    OrganisationFactory(name="Cherwell District Council", short_name="CDC")
    OrganisationFactory(name="Thames Valley Police", short_name="TVP", kind="police")
    OrganisationFactory(name="Example Victim Support (demo)", short_name="EVS", kind="voluntary")
    assert seed_hate_incidents() == 3
    assert seed_hate_incidents() == 0
    sent = {
        incident.motivations[0]: sorted(
            Routing.objects.filter(incident=incident).values_list(
                "organisation__short_name", flat=True
            )
        )
        for incident in HateIncident.objects.all()
    }
    assert sent == {"race": ["HCSS", "TVP"], "disability": ["EVS"], "religion": []}
