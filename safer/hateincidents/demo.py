"""Demo hate incident routing, through the real services and creating nothing twice: a fictional
voluntary "Hate Crime Support Service (demo)", rules sending race and religion incidents in
Banbury (OX16) to it and anything else anywhere to Example Victim Support (demo), and three
incidents: one to the support service and the police, one to Victim Support, and one with no
consent to referral that only Cherwell's co-ordinators see."""

from datetime import timedelta

from django.utils import timezone

from safer.hateincidents.models import HateIncident, RoutingRule
from safer.hateincidents.services import hate_incident_report
from safer.partners.models import Organisation

SUPPORT = "Hate Crime Support Service (demo)"


def seed_hate_incidents() -> int:
    if HateIncident.objects.exists():
        return 0
    support, _ = Organisation.objects.get_or_create(
        name=SUPPORT, defaults={"short_name": "HCSS", "kind": Organisation.Kind.VOLUNTARY}
    )
    victim_support = Organisation.objects.get(short_name="EVS")
    for motivation in ("race", "religion"):
        RoutingRule.objects.get_or_create(
            motivation=motivation,
            area="OX16",
            organisation=support,
            defaults={"priority": 1, "first_contact_hours": 24},
        )
    RoutingRule.objects.get_or_create(
        motivation="", area="", organisation=victim_support, defaults={"priority": 10}
    )
    today = timezone.localdate()
    common = {"anonymous": False, "contact_name": "Sam Example", "consent_contact": True}
    hate_incident_report(
        reporter_role="victim",
        what_happened="Two men shouted racist abuse at me at the bus stop (demo).",
        postcode="OX16 5QA",
        happened_on=today - timedelta(days=2),
        motivations=["race"],
        contact_email="sam@example.org",
        consent_referral=True,
        consent_police=True,
        **common,
    )
    hate_incident_report(
        reporter_role="witness",
        what_happened="Ktoś wykrzykiwał obelgi wobec osoby na wózku (demo).",
        place="Bicester market",
        happened_on=today - timedelta(days=5),
        motivations=["disability"],
        consent_referral=True,
        language="pl",
    )
    hate_incident_report(
        reporter_role="third_party",
        what_happened="My neighbour's door was daubed with graffiti (demo).",
        postcode="OX26 6AA",
        happened_on=today - timedelta(days=1),
        motivations=["religion"],
        consent_referral=False,
    )
    return 3
