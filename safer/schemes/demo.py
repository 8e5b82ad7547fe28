"""Demo business crime schemes, made through the real services: Banbury Pubwatch (run by the
council with the police) and Bicester Shopwatch (run by the police), each with fictional
member premises and a member user who has signed the agreement, an adult excluded with a
placeholder photograph, incidents and an alert. Creates nothing twice."""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from safer.accounts.models import User
from safer.partners.models import Organisation
from safer.people.models import Person
from safer.people.services import person_create
from safer.schemes import services
from safer.schemes.access import access_scheme
from safer.schemes.models import Scheme

AGREEMENT = (
    "1. Members share information only to prevent and detect crime and disorder at their "
    "premises.\n2. Information seen here is not copied, photographed or passed on.\n"
    "3. Photographs of excluded people are viewed here only and never displayed to the public.\n"
    "4. Every view is recorded and may be audited by the scheme's administrator."
)


@dataclass(frozen=True)
class DemoScheme:
    name: str
    kind: str
    administrator: str  # demo username of the administrating staff
    premises: tuple[tuple[str, str, str, str, float, float], ...]  # name, type, licence, address
    member_username: str
    excluded: tuple[str, str]


SCHEMES = [
    DemoScheme(
        "Banbury Pubwatch (demo)",
        Scheme.Kind.PUBWATCH,
        "caseworker",
        (
            (
                "The Fictional Fox (demo)",
                "pub",
                "PL/DEMO/001",
                "1 Example Street, Banbury",
                52.0629,
                -1.3397,
            ),
            (
                "Club Placeholder (demo)",
                "nightclub",
                "PL/DEMO/002",
                "2 Sample Row, Banbury",
                52.0610,
                -1.3380,
            ),
        ),
        "pubmember",
        ("Dee", "Drinker-Demo"),
    ),
    DemoScheme(
        "Bicester Shopwatch (demo)",
        Scheme.Kind.SHOPWATCH,
        "police",
        (
            (
                "Example Mart (demo)",
                "supermarket",
                "",
                "10 Sample Street, Bicester",
                51.8998,
                -1.1530,
            ),
            (
                "Madeup Fashions (demo)",
                "retail",
                "",
                "12 Sample Street, Bicester",
                51.8995,
                -1.1525,
            ),
        ),
        "shopmember",
        ("Sid", "Shoplifter-Demo"),
    ),
]


def _placeholder_photo() -> SimpleUploadedFile:
    """A grey silhouette marked DEMO: no real face is ever shown."""
    image = Image.new("RGB", (120, 150), (200, 200, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((35, 20, 85, 75), fill=(120, 120, 120))
    draw.rectangle((25, 80, 95, 150), fill=(120, 120, 120))
    draw.text((42, 130), "DEMO", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue(), content_type="image/png")


# A rough rectangle over Banbury's centre (lon/lat): an area alert's target in the demo
TOWN_CENTRE_NAME = "Banbury town centre (demo outline)"
TOWN_CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [[-1.345, 52.056], [-1.33, 52.056], [-1.33, 52.068], [-1.345, 52.068], [-1.345, 52.056]]
    ],
}


def _town_centre(admin):
    """The demo's drawn town centre, for alerts to the premises inside it; made once."""
    from safer.intel.area_services import custom_area_create
    from safer.intel.models import CustomArea

    found = CustomArea.objects.filter(name=TOWN_CENTRE_NAME).first()
    return found or custom_area_create(
        name=TOWN_CENTRE_NAME, kind="town centre", geometry=TOWN_CENTRE, created_by=admin
    )


def seed_schemes(*, password: str) -> tuple[int, list[tuple[str, str]]]:
    """The demo schemes; (how many were new, [(member username, scheme name)])."""
    created, logins = 0, []
    for spec in SCHEMES:
        logins.append((spec.member_username, spec.name))
        if Scheme.objects.filter(name=spec.name).exists():
            continue
        created += 1
        admin = User.objects.get(username=spec.administrator)
        organisation = admin.membership.organisation
        police = Organisation.objects.filter(kind=Organisation.Kind.POLICE).first()
        scheme = services.scheme_create(
            created_by=admin,
            name=spec.name,
            kind=spec.kind,
            organisation=organisation,
            police=None if police == organisation else police,
            area=settings.INTEL_DEFAULT_AREA,
            description="A fictional scheme for the demonstration.",
        )
        access = access_scheme(admin, scheme.pk)
        services.agreement_publish(access=access, text=AGREEMENT, published_by=admin)
        access = access_scheme(admin, scheme.pk)  # now with the agreement in force
        businesses = [
            services.business_add(
                access=access,
                added_by=admin,
                name=name,
                business_type=kind,
                premises_licence_number=licence,
                address=address,
                latitude=lat,
                longitude=lng,
            )
            for name, kind, licence, address, lat, lng in spec.premises
        ]
        place = services.scheme_user_add(
            access=access,
            business=businesses[0],
            username=spec.member_username,
            requested_by=admin,
            first_name="Demo",
            last_name="Member",
        )
        place.user.set_password(password)
        place.user.save(update_fields=["password"])
        member = place.user
        services.agreement_sign(access=access_scheme(member, scheme.pk), signed_by=member)
        first, last = spec.excluded
        person = Person.objects.filter(first_name=first, last_name=last).first() or person_create(
            created_by=admin,
            first_name=first,
            last_name=last,
            date_of_birth=timezone.localdate() - timedelta(days=365 * 31),
            description="Fictional person for the demo",
        )
        today = timezone.localdate()
        services.exclusion_issue(
            access=access,
            person=person,
            starts_on=today - timedelta(days=20),
            ends_on=today + timedelta(days=160),
            premises_ids=[b.pk for b in businesses],
            issued_by=admin,
            area="The town centre",
            reason="Repeated incidents at members' premises",
            description="Slim build, usually wears a dark cap (fictional)",
            photo=_placeholder_photo(),
        )
        member_access = access_scheme(member, scheme.pk)
        services.incident_report(
            access=member_access,
            reported_by=member,
            kind="theft" if spec.kind == Scheme.Kind.SHOPWATCH else "disorder",
            occurred_at=timezone.now() - timedelta(days=3),
            description="A fictional incident for the demo.",
            offender_description="Man, 20s, green jacket (fictional)",
            goods_value=25 if spec.kind == Scheme.Kind.SHOPWATCH else None,
        )
        services.alert_send(
            access=access,
            sent_by=admin,
            title="Demo alert: heading towards the high street",
            body="Fictional: a person in a green jacket is heading towards the high street.",
        )
        if spec.kind == Scheme.Kind.PUBWATCH:
            services.alert_send(
                access=access,
                sent_by=admin,
                title="Demo alert: disorder in the town centre",
                body="Fictional: a group is moving between premises in the town centre.",
                area_id=_town_centre(admin).pk,
            )
    return created, logins
