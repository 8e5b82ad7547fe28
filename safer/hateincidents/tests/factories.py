"""Building hate incidents and rules through the services, as the pages do."""

from datetime import date

from safer.hateincidents import services
from safer.hateincidents.models import RoutingRule


def rule(organisation, *, motivation="", area="", priority=10, hours=48, consent=True, **extra):
    return RoutingRule.objects.create(
        organisation=organisation,
        motivation=motivation,
        area=area,
        priority=priority,
        first_contact_hours=hours,
        referral_consent_required=consent,
        **extra,
    )


def incident(**fields):
    values = {
        "reporter_role": "victim",
        "what_happened": "Shouted at in the street",
        "happened_on": date(2026, 11, 1),
        "motivations": ["race"],
        "postcode": "OX16 5QA",
        "consent_referral": True,
        "consent_police": False,
    }
    values.update(fields)
    return services.hate_incident_report(**values)
