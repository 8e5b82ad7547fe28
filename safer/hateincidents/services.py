"""Writing hate incidents: recording one (from the public journey or by staff taking a phone
call), routing it by the co-ordinators' rules, maintaining those rules, and recording first
contact. Every write is audited inside its transaction."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safer import audit
from safer.hateincidents.models import HateIncident, Motivation, Routing, RoutingRule
from safer.partners.models import Organisation

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out by phone
ALREADY_CONTACTED = "First contact has already been recorded"
CONSENT_ALWAYS_NEEDED = (
    "Only the hate incident co-ordinators' organisation may receive incidents without the "
    "reporter's consent to referral"
)
CONTACT_IN_FUTURE = "The first contact cannot be in the future"


def postcode_district(postcode: str) -> str:
    """The outward code of a UK postcode ("OX16 5QA" -> "OX16"), or "" if none was given."""
    compact = "".join(postcode.split()).upper()
    if not compact:
        return ""
    if " " in postcode.strip():
        return postcode.strip().split()[0].upper()
    return compact[:-3] if len(compact) > 4 else compact


def _area_letters(district: str) -> str:
    return "".join(ch for ch in district if ch.isalpha())


def police_organisation() -> Organisation | None:
    """The police organisation incidents go to with consent (HATE_INCIDENT_POLICE_ORGANISATION,
    else the first active police organisation by name)."""
    police = Organisation.objects.filter(is_active=True, kind=Organisation.Kind.POLICE)
    short = settings.HATE_INCIDENT_POLICE_ORGANISATION
    return (police.filter(short_name=short) if short else police).order_by("name").first()


def coordinating_organisation() -> Organisation | None:
    """The organisation whose co-ordinators keep the rules and see unrouted incidents
    (HATE_INCIDENT_COORDINATORS, else the first active district council by name)."""
    short = settings.HATE_INCIDENT_COORDINATORS
    organisations = Organisation.objects.filter(is_active=True)
    if short:
        return organisations.filter(short_name=short).first()
    return organisations.filter(kind=Organisation.Kind.DISTRICT_COUNCIL).order_by("name").first()


def best_rule(
    *, motivation: str, district: str, consent_referral: bool, consent_police: bool
) -> RoutingRule | None:
    """The rule that decides where one motivation goes: active, for this motivation or any,
    for this postcode district (or its letters, e.g. OX) or any area, to an organisation the
    consents allow: without referral consent only a rule needing none, to the co-ordinators'
    organisation; without police consent no police organisation. Most specific area first,
    then most specific motivation, then the lowest priority number."""
    areas = {""}
    if district:
        areas |= {district, _area_letters(district)}
    rules = RoutingRule.objects.filter(
        Q(motivation=motivation) | Q(motivation=""),
        is_active=True,
        area__in=areas,
        organisation__is_active=True,
    ).select_related("organisation")
    if not consent_referral:
        coordinators = coordinating_organisation()
        rules = rules.filter(referral_consent_required=False, organisation=coordinators)
    if not consent_police:
        rules = rules.exclude(organisation__kind=Organisation.Kind.POLICE)

    def rank(rule: RoutingRule) -> tuple:
        area_rank = 0 if rule.area == district else (1 if rule.area else 2)
        return (area_rank, 0 if rule.motivation else 1, rule.priority, rule.pk)

    candidates = sorted(rules, key=rank)
    return candidates[0] if candidates else None


def _route(incident: HateIncident, *, actor) -> list[Routing]:
    """Send the incident where the rules and its consents say; never to a support organisation
    without referral consent (except a rule that says it needs none, which only the
    co-ordinators' organisation may be given), never to the police without police consent."""
    now = timezone.now()
    district = postcode_district(incident.postcode)
    coordinators = coordinating_organisation()
    chosen: dict[int, tuple[Organisation, RoutingRule | None, int]] = {}
    for motivation in incident.motivations:
        rule = best_rule(
            motivation=motivation,
            district=district,
            consent_referral=incident.consent_referral,
            consent_police=incident.consent_police,
        )
        if rule is None:
            continue
        target = rule.organisation
        hours = rule.first_contact_hours
        if target.pk not in chosen or hours < chosen[target.pk][2]:
            chosen[target.pk] = (target, rule, hours)
    police = police_organisation() if incident.consent_police else None
    if police is not None and police.pk not in chosen:
        chosen[police.pk] = (police, None, settings.HATE_INCIDENT_POLICE_FIRST_CONTACT_HOURS)
    routings = []
    for organisation, rule, hours in chosen.values():
        routing = Routing(
            incident=incident,
            organisation=organisation,
            rule=rule,
            routed_at=now,
            first_contact_due=now + timedelta(hours=hours),
        )
        routing.full_clean()
        routing.save()
        audit.record(
            actor=actor,
            action="hate_incident.routed",
            target=routing,
            organisation=organisation,
            changes={
                "incident": incident.reference,
                "organisation": organisation.name,
                "rule": rule.pk if rule else None,
                "first_contact_due": routing.first_contact_due,
            },
        )
        routings.append(routing)
    if not routings:
        audit.record(
            actor=actor,
            action="hate_incident.unrouted",
            target=incident,
            organisation=coordinators,
            changes={"consent_referral": incident.consent_referral},
        )
    return routings


def _new_reference() -> str:
    while True:
        reference = "HI-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not HateIncident.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def hate_incident_report(
    *,
    reporter_role: str,
    what_happened: str,
    happened_on: date,
    motivations: list[str],
    postcode: str = "",
    place: str = "",
    happened_time: str = "",
    other_motivation: str = "",
    anonymous: bool = True,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    consent_contact: bool = False,
    consent_referral: bool = False,
    consent_police: bool = False,
    language: str = "en-gb",
    recorded_by=None,
) -> tuple[HateIncident, list[Routing]]:
    """Record a hate incident (from the web, or by phone when `recorded_by` is staff) and
    route it; returns the incident and where it went. Text is kept as typed."""
    if anonymous:
        contact_name = contact_email = contact_phone = ""
        consent_contact = False
    incident = HateIncident(
        reference=_new_reference(),
        reporter_role=reporter_role,
        anonymous=anonymous,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        what_happened=what_happened,
        postcode=postcode.strip().upper(),
        place=place,
        happened_on=happened_on,
        happened_time=happened_time,
        motivations=[m for m in Motivation.values if m in motivations],
        other_motivation=other_motivation if Motivation.OTHER in motivations else "",
        consent_contact=consent_contact,
        consent_referral=consent_referral,
        consent_police=consent_police,
        language=language,
        received_via=HateIncident.ReceivedVia.PHONE
        if recorded_by
        else HateIncident.ReceivedVia.WEB,
        recorded_by=recorded_by,
    )
    incident.full_clean()
    incident.save()
    audit.record(
        actor=recorded_by,
        action="hate_incident.reported",
        target=incident,
        organisation=coordinating_organisation() if recorded_by is None else None,
        changes={
            "received_via": incident.received_via,
            "motivations": incident.motivations,
            "language": incident.language,
            "consent_referral": consent_referral,
            "consent_police": consent_police,
        },
    )
    return incident, _route(incident, actor=recorded_by)


@transaction.atomic
def routing_rule_save(*, rule: RoutingRule, saved_by) -> RoutingRule:
    """Add or change a routing rule (deactivating is a change of is_active); audited."""
    created = rule.pk is None
    rule.full_clean()
    if not rule.referral_consent_required and rule.organisation != coordinating_organisation():
        raise ValidationError({"referral_consent_required": CONSENT_ALWAYS_NEEDED})
    rule.save()
    audit.record(
        actor=saved_by,
        action="hate_incident.rule_added" if created else "hate_incident.rule_changed",
        target=rule,
        changes={
            "motivation": rule.motivation,
            "area": rule.area,
            "organisation": rule.organisation.name,
            "priority": rule.priority,
            "first_contact_hours": rule.first_contact_hours,
            "referral_consent_required": rule.referral_consent_required,
            "is_active": rule.is_active,
        },
    )
    return rule


@transaction.atomic
def routing_first_contact(*, routing: Routing, contacted_by, contacted_at=None, outcome: str = ""):
    """Record that the organisation first contacted the reporter (and what came of it)."""
    routing = Routing.objects.select_for_update().get(pk=routing.pk)
    if routing.first_contacted_at is not None:
        raise ValidationError({"contacted_at": ALREADY_CONTACTED})
    contacted_at = contacted_at or timezone.now()
    if contacted_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"contacted_at": CONTACT_IN_FUTURE})
    routing.first_contacted_at = contacted_at
    routing.first_contacted_by = contacted_by
    routing.outcome = outcome
    routing.full_clean()
    routing.save()
    audit.record(
        actor=contacted_by,
        action="hate_incident.first_contact",
        target=routing,
        changes={
            "incident": routing.incident.reference,
            "first_contacted_at": contacted_at,
            "overdue": contacted_at > routing.first_contact_due,
        },
    )
    return routing
