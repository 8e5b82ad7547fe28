import pytest

from safer.partners.models import Organisation
from safer.partners.tests.factories import OrganisationFactory
from safer.plans.services import plan_file_import
from safer.plans.tests.factories import SEED_FILE

PARTNERSHIP = [
    ("Cherwell District Council", "CDC", Organisation.Kind.DISTRICT_COUNCIL),
    ("Oxfordshire County Council", "OCC", Organisation.Kind.COUNTY_COUNCIL),
    ("Thames Valley Police", "TVP", Organisation.Kind.POLICE),
    ("Oxfordshire Primary Care Trust", "PCT", Organisation.Kind.HEALTH),
    ("Oxfordshire Youth Service", "OYS", Organisation.Kind.YOUTH_SERVICE),
    ("Oxfordshire Fire and Rescue Service", "OFRS", Organisation.Kind.FIRE_RESCUE),
    ("Oxfordshire Probation", "Probation", Organisation.Kind.PROBATION),
    ("Example Vale Housing Association", "EVHA", Organisation.Kind.SOCIAL_LANDLORD),
]


@pytest.fixture
def partnership(db) -> dict[str, Organisation]:
    """The partner organisations seed 003 names, by abbreviation."""
    return {
        short: OrganisationFactory(name=name, short_name=short, kind=kind)
        for name, short, kind in PARTNERSHIP
    }


@pytest.fixture
def seed_plans(partnership):
    """Seed 003's plans imported from the committed file."""
    report = plan_file_import(
        content=SEED_FILE.read_bytes(), filename=SEED_FILE.name, imported_by=None
    )
    assert report.ok, report.errors
    return report
