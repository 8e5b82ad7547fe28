"""Staff: each organisation sees only what was routed to it (pages and API), co-ordinators also
what went nowhere, first contact and the overdue list, rules kept by co-ordinators, phone entry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.hateincidents.models import HateIncident, Routing, RoutingRule
from safer.hateincidents.tests.factories import incident, rule
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(council, police):
    return OrganisationFactory(
        name="Hate Crime Support Service", short_name="HCSS", kind="voluntary"
    )


@pytest.fixture
def routed(support):
    rule(support, motivation="race")
    mine, _ = incident(motivations=["race"])
    rule(OrganisationFactory(name="Disability Advocacy", kind="voluntary"), motivation="disability")
    theirs, _ = incident(motivations=["disability"], what_happened="THEIRS")
    unrouted, _ = incident(consent_referral=False, what_happened="NOBODY'S")
    return mine, theirs, unrouted


@pytest.fixture
def support_worker(support):
    return member(Role.CASEWORKER, support, username="hcss-worker")


def test_each_organisation_sees_only_what_was_routed_to_it(
    client, signed_in, routed, support_worker
):
    mine, theirs, unrouted = routed
    signed_in(support_worker)
    listing = client.get(reverse("hateincidents:list")).content.decode()
    assert mine.reference in listing
    assert theirs.reference not in listing and unrouted.reference not in listing
    assert client.get(reverse("hateincidents:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("hateincidents:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("hateincidents:detail", args=[unrouted.pk])).status_code == 404
    api = client.get("/api/v1/hate-incidents").json()
    assert [row["reference"] for row in api] == [mine.reference]
    assert client.get(f"/api/v1/hate-incidents/{mine.pk}").status_code == 200
    assert client.get(f"/api/v1/hate-incidents/{theirs.pk}").status_code == 404


def test_viewing_an_incident_is_audited(client, signed_in, routed, support_worker):
    mine = routed[0]
    signed_in(support_worker)
    client.get(reverse("hateincidents:detail", args=[mine.pk]))
    client.get(f"/api/v1/hate-incidents/{mine.pk}")
    assert (
        AuditEvent.objects.filter(action="hate_incident.viewed", actor=support_worker).count() == 2
    )


def test_staff_see_the_language_it_was_written_in(client, signed_in, support, support_worker):
    rule(support)
    written, _ = incident(what_happened="میرے ساتھ بدتمیزی کی گئی", language="ur")
    signed_in(support_worker)
    html = client.get(reverse("hateincidents:detail", args=[written.pk])).content.decode()
    assert "Written in Urdu" in html and "میرے ساتھ بدتمیزی کی گئی" in html


def test_coordinators_also_see_incidents_routed_nowhere(client, signed_in, routed, council):
    mine, theirs, unrouted = routed
    coordinator = member(Role.COORDINATOR, council, username="hi-coord")
    signed_in(coordinator)
    listing = client.get(reverse("hateincidents:list")).content.decode()
    assert unrouted.reference in listing
    assert mine.reference not in listing and theirs.reference not in listing
    # A caseworker of the same council, not a supervisor, does not.
    client.logout()
    signed_in(member(Role.CASEWORKER, council, username="hi-cw"))
    assert unrouted.reference not in client.get(reverse("hateincidents:list")).content.decode()


def test_first_contact_and_overdue_list(client, signed_in, routed, support_worker):
    mine = routed[0]
    routing = Routing.objects.get(incident=mine)
    Routing.objects.filter(pk=routing.pk).update(
        first_contact_due=timezone.now() - timedelta(hours=1)
    )
    signed_in(support_worker)
    overdue = client.get(reverse("hateincidents:overdue")).content.decode()
    assert mine.reference in overdue
    response = client.post(
        reverse("hateincidents:first_contact", args=[mine.pk]), {"outcome": "Support offered"}
    )
    assert response.status_code == 302
    routing.refresh_from_db()
    assert routing.first_contacted_at and routing.outcome == "Support offered"
    assert (
        "No first contact is overdue"
        in client.get(reverse("hateincidents:overdue")).content.decode()
    )
    assert AuditEvent.objects.filter(action="hate_incident.first_contact").exists()
    again = client.post(
        f"/api/v1/hate-incidents/{mine.pk}/first-contact", {}, content_type="application/json"
    )
    assert again.status_code == 422


def test_first_contact_bad_input_stores_nothing(client, signed_in, routed, support_worker):
    mine = routed[0]
    signed_in(support_worker)
    response = client.post(
        reverse("hateincidents:first_contact", args=[mine.pk]), {"contacted_at": "soon"}
    )
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    response = client.post(
        f"/api/v1/hate-incidents/{mine.pk}/first-contact",
        {"contacted_at": "not a time"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "contacted_at" in response.content.decode()
    assert not Routing.objects.filter(first_contacted_at__isnull=False).exists()


def test_coordinators_keep_the_rules(client, signed_in, council, support):
    coordinator = member(Role.COORDINATOR, council, username="hi-coord2")
    signed_in(coordinator)
    response = client.post(
        reverse("hateincidents:rule_add"),
        {
            "motivation": "religion",
            "area": "ox16",
            "organisation": support.pk,
            "priority": 3,
            "first_contact_hours": 24,
            "referral_consent_required": "on",
        },
    )
    assert response.status_code == 302
    saved = RoutingRule.objects.get()
    assert (saved.area, saved.motivation) == ("OX16", "religion")
    bad = client.post(
        reverse("hateincidents:rule_edit", args=[saved.pk]),
        {
            "motivation": "religion",
            "area": "",
            "organisation": support.pk,
            "priority": 3,
            "first_contact_hours": 24,
        },
    )
    assert bad.status_code == 400  # only the co-ordinators' organisation without consent
    client.post(reverse("hateincidents:rule_deactivate", args=[saved.pk]))
    saved.refresh_from_db()
    assert not saved.is_active and saved.referral_consent_required
    assert AuditEvent.objects.filter(action__startswith="hate_incident.rule_").count() == 2


def test_other_supervisors_cannot_keep_the_rules(client, signed_in, police):
    signed_in(member(Role.COORDINATOR, police, username="police-coord"))
    assert client.get(reverse("hateincidents:rules")).status_code == 403


def test_staff_record_a_phone_report_through_the_same_journey(client, signed_in, support, council):
    rule(support)
    caseworker = member(Role.CASEWORKER, council, username="hi-phone")
    signed_in(caseworker)
    answers = [
        ("who", {"reporter_role": "third_party"}),
        ("what-happened", {"what_happened": "Caller's neighbour abused"}),
        ("where", {"place": "Market Square"}),
        ("when", {"happened_day": "2", "happened_month": "11", "happened_year": "2026"}),
        ("why", {"motivations": ["religion"]}),
        ("contact-details", {"give_contact": "no"}),
        ("consent", {"consent_referral": "yes", "consent_police": "no"}),
    ]
    for step, data in answers:
        assert (
            client.post(reverse("hateincidents:phone_step", args=[step]), data).status_code == 302
        )
    check = client.get(reverse("hateincidents:phone_check")).content.decode()
    assert reverse("hateincidents:phone_step", args=["why"]) + "?change=1" in check
    assert "Market Square" in check
    response = client.post(reverse("hateincidents:phone_check"), {"website": ""})
    assert response.status_code == 302
    stored = HateIncident.objects.get()
    assert stored.received_via == "phone" and stored.recorded_by == caseworker
    assert stored.anonymous
    assert "Hate Crime Support Service" in client.get(response.url).content.decode()


def test_viewers_cannot_record_by_phone(client, signed_in, council):
    signed_in(member(Role.VIEWER, council, username="hi-viewer"))
    assert client.get(reverse("hateincidents:phone_start")).status_code == 403


def test_list_queries_do_not_grow_with_incidents(
    client, signed_in, support, support_worker, django_assert_max_num_queries
):
    rule(support)
    for _ in range(8):
        incident()
    signed_in(support_worker)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("hateincidents:list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("hateincidents:overdue")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/api/v1/hate-incidents").status_code == 200
