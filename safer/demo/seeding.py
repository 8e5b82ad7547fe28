"""Obviously fictional demo data, created through the same services as real data.

Every function is idempotent: it looks for what it would create and creates only what is missing.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import User
from safer.partners.models import Membership, Organisation
from safer.partners.roles import TWO_FACTOR_ROLES, Role
from safer.partners.services import record_share
from safer.people.models import Person
from safer.people.services import person_create

DEMO_DEVICE_NAME = "Demo authenticator"

ORGANISATIONS = [
    ("Cherwell District Council", "CDC", Organisation.Kind.DISTRICT_COUNCIL),
    ("Oxfordshire County Council", "OCC", Organisation.Kind.COUNTY_COUNCIL),
    ("Thames Valley Police", "TVP", Organisation.Kind.POLICE),
    ("Thames Valley Police Authority", "TVPA", Organisation.Kind.POLICE_AUTHORITY),
    ("Oxfordshire Primary Care Trust", "PCT", Organisation.Kind.HEALTH),
    ("Oxfordshire Fire and Rescue Service", "OFRS", Organisation.Kind.FIRE_RESCUE),
    ("Oxfordshire Probation", "Probation", Organisation.Kind.PROBATION),
    ("Oxfordshire Youth Service", "OYS", Organisation.Kind.YOUTH_SERVICE),
    ("Example Vale Housing Association (demo)", "EVHA", Organisation.Kind.SOCIAL_LANDLORD),
    ("Example Victim Support (demo)", "EVS", Organisation.Kind.VOLUNTARY),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    job_title: str


USERS = [
    DemoUser("admin", "Ada", "Admin-Demo", Role.ADMIN, "CDC", "System administrator"),
    DemoUser(
        "coordinator", "Cora", "Coordinator-Demo", Role.COORDINATOR, "CDC", "ASB co-ordinator"
    ),
    DemoUser("caseworker", "Casey", "Caseworker-Demo", Role.CASEWORKER, "CDC", "ASB caseworker"),
    DemoUser("police", "Pat", "Police-Demo", Role.PARTNER_OFFICER, "TVP", "Neighbourhood officer"),
    DemoUser("housing", "Harper", "Housing-Demo", Role.PARTNER_OFFICER, "EVHA", "Tenancy officer"),
    DemoUser("analyst", "Ari", "Analyst-Demo", Role.ANALYST, "CDC", "Partnership analyst"),
    DemoUser("viewer", "Vic", "Viewer-Demo", Role.VIEWER, "OCC", "Safeguarding manager"),
]

FIRST_NAMES = ["Alex", "Sam", "Jordan", "Robin", "Charlie", "Jamie", "Morgan", "Taylor", "Riley"]
LAST_NAMES = ["Example", "Sample", "Specimen", "Placeholder", "Fictional", "Madeup", "Testcase"]
TOWNS = [("Banbury", "OX16"), ("Bicester", "OX26"), ("Kidlington", "OX5")]
STREETS = ["Imaginary Road", "Pretend Close", "Sample Street", "Nowhere Lane", "Demo Avenue"]


def demo_totp_key(username: str) -> str:
    """A stable, published TOTP key for a demo account (never used for real accounts)."""
    return hashlib.sha1(f"safer-communities-demo:{username}".encode()).hexdigest()  # noqa: S324


@transaction.atomic
def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for name, short, kind in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind}
        )
        organisations[short] = organisation
    return organisations


@transaction.atomic
def seed_users(organisations: dict[str, Organisation], *, password: str) -> list[User]:
    users = []
    for spec in USERS:
        user, _ = User.objects.get_or_create(
            username=spec.username,
            defaults={"first_name": spec.first_name, "last_name": spec.last_name},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisations[spec.organisation],
                "role": spec.role,
                "job_title": spec.job_title,
            },
        )
        if spec.role in TWO_FACTOR_ROLES:
            TOTPDevice.objects.get_or_create(
                user=user,
                name=DEMO_DEVICE_NAME,
                defaults={"key": demo_totp_key(user.username), "confirmed": True},
            )
        users.append(user)
    return users


def seed_people(organisations: dict[str, Organisation], *, count: int = 40) -> int:
    """Fictional residents recorded by the council, some shared with the police."""
    caseworker = User.objects.get(username="caseworker")
    rng = random.Random(20110401)  # noqa: S311 - demo data, not security
    created = 0
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        town, district = rng.choice(TOWNS)
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 68))
        if Person.objects.filter(first_name=first, last_name=last, date_of_birth=dob).exists():
            continue
        person = person_create(
            created_by=caseworker,
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}",
            postcode=f"{district} {rng.randint(1, 9)}ZZ",
            phone=f"07700 900{index:03d}",  # Ofcom's range reserved for drama
            vulnerability_notes="Lives alone; long-term illness." if index % 5 == 0 else "",
        )
        if index % 3 == 0:
            record_share(record=person, organisation=organisations["TVP"], shared_by=caseworker)
        created += 1
    return created
