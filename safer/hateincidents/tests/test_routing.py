"""Routing: each motivation to its organisation, consents obeyed, area before fallback, then
priority; every routing audited."""

from datetime import timedelta

import pytest

from safer.audit.models import AuditEvent
from safer.hateincidents.models import HateIncident, Motivation, Routing
from safer.hateincidents.tests.factories import incident, rule
from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support():
    return OrganisationFactory(
        name="Hate Crime Support Service", short_name="HCSS", kind="voluntary"
    )


@pytest.mark.parametrize("motivation", Motivation.values)
def test_each_motivation_goes_to_its_organisation(council, police, support, motivation):
    specialist = OrganisationFactory(name=f"Specialist {motivation}", kind="voluntary")
    rule(support)  # any motivation
    rule(specialist, motivation=motivation)
    extra = {"other_motivation": "Because of my job"} if motivation == "other" else {}
    reported, routings = incident(motivations=[motivation], **extra)
    assert [r.organisation for r in routings] == [specialist]
    assert reported.received_via == HateIncident.ReceivedVia.WEB
    assert AuditEvent.objects.filter(action="hate_incident.routed").count() == 1


def test_two_motivations_reach_two_organisations(council, support):
    disability = OrganisationFactory(name="Disability Advocacy", kind="voluntary")
    rule(support, motivation="race")
    rule(disability, motivation="disability")
    _, routings = incident(motivations=["race", "disability"])
    assert {r.organisation for r in routings} == {support, disability}


def test_without_referral_consent_no_support_organisation(council, police, support):
    rule(support)
    _, routings = incident(consent_referral=False)
    assert routings == []
    assert Routing.objects.count() == 0
    assert AuditEvent.objects.filter(action="hate_incident.unrouted").count() == 1


def test_a_rule_needing_no_consent_may_send_only_to_the_coordinators(council, support):
    rule(support, consent=False)
    assert incident(consent_referral=False)[1] == []
    rule(council, consent=False)
    assert [r.organisation for r in incident(consent_referral=False)[1]] == [council]


def test_police_consent_adds_the_police(council, police, support):
    rule(support)
    _, routings = incident(consent_police=True)
    assert {r.organisation for r in routings} == {support, police}
    to_police = next(r for r in routings if r.organisation == police)
    assert to_police.rule is None
    assert to_police.first_contact_due - to_police.routed_at == timedelta(hours=24)


def test_without_police_consent_never_the_police(council, police, support):
    rule(police, motivation="race", priority=1)
    rule(support, motivation="race", priority=5)
    _, routings = incident(consent_police=False)
    assert [r.organisation for r in routings] == [support]  # the police rule is passed over
    assert not Routing.objects.filter(organisation=police).exists()


def test_police_setting_chooses_the_force(council, police, support, settings):
    other = OrganisationFactory(name="Another Police", short_name="AP", kind="police")
    settings.HATE_INCIDENT_POLICE_ORGANISATION = "TP"
    _, routings = incident(consent_police=True)
    assert [r.organisation for r in routings] == [police]
    settings.HATE_INCIDENT_POLICE_ORGANISATION = "AP"
    assert [r.organisation for r in incident(consent_police=True)[1]] == [other]


def test_area_match_beats_fallback(council, support):
    local = OrganisationFactory(name="Banbury Support", kind="voluntary")
    county = OrganisationFactory(name="Oxfordshire Support", kind="voluntary")
    rule(support, priority=1)
    rule(county, area="OX", priority=5)
    rule(local, area="OX16", priority=9)
    assert [r.organisation for r in incident(postcode="OX16 5QA")[1]] == [local]
    assert [r.organisation for r in incident(postcode="OX4 1AA")[1]] == [county]
    assert [r.organisation for r in incident(postcode="")[1]] == [support]
    assert [r.organisation for r in incident(postcode="SW1A 1AA")[1]] == [support]


def test_priority_decides_between_equal_rules(council, support):
    second = OrganisationFactory(name="Second Choice", kind="voluntary")
    rule(second, motivation="race", priority=5)
    rule(support, motivation="race", priority=2)
    assert [r.organisation for r in incident()[1]] == [support]


def test_inactive_rules_are_ignored_and_hours_set_the_due_time(council, support):
    closed = OrganisationFactory(name="Closed Service", kind="voluntary")
    rule(closed, priority=1, is_active=False)
    rule(support, priority=2, hours=72)
    (routing,) = incident()[1]
    assert routing.organisation == support
    assert routing.first_contact_due - routing.routed_at == timedelta(hours=72)


def test_anonymous_keeps_no_contact_details(council):
    reported, _ = incident(anonymous=True, contact_name="Sam", contact_email="s@example.org")
    assert (reported.contact_name, reported.contact_email, reported.consent_contact) == (
        "",
        "",
        False,
    )


def test_bad_input_stores_nothing(council, support):
    rule(support)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        incident(motivations=["other"], other_motivation="")
    with pytest.raises(ValidationError):
        incident(motivations=[])
    assert HateIncident.objects.count() == 0
    assert Routing.objects.count() == 0
