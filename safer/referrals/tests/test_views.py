import pytest
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.referrals import dash, services
from safer.referrals.models import Referral, RiskChecklist, Scheme
from safer.referrals.tests.factories import case_with_victim, scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return OrganisationFactory(name="Example Victim Support", kind="voluntary")


@pytest.fixture
def referral(caseworker, provider):
    case, person = case_with_victim(caseworker)
    person.phone = "01234 567890"
    person.save()
    return services.referral_create(
        case=case,
        person=person,
        scheme=scheme(provider),
        reason="Afraid at night",
        referred_by=caseworker,
    )


def test_case_page_offers_a_referral_and_the_form_sends_it(client, caseworker, provider):
    case, person = case_with_victim(caseworker)
    support = scheme(provider)
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert reverse("referrals:create", args=[case.reference]) in page.text
    response = client.post(
        reverse("referrals:create", args=[case.reference]),
        {"person_id": person.pk, "scheme": support.code, "reason": "Needs support"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])


def test_referral_form_errors_name_the_fields_and_store_nothing(client, caseworker, provider):
    case, _ = case_with_victim(caseworker)
    scheme(provider)
    client.force_login(caseworker)
    response = client.post(reverse("referrals:create", args=[case.reference]), {"reason": ""})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert services.REASON_MISSING in response.text
    assert not Referral.objects.exists()


def test_provider_sees_name_contact_and_reason_but_not_the_case(client, referral, provider):
    receiver = member(Role.CASEWORKER, provider, username="receiver")
    client.force_login(receiver)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200
    assert "Robin Example" in response.text and "01234 567890" in response.text
    assert "Afraid at night" in response.text
    assert referral.case.reference not in response.text
    assert AuditEvent.objects.filter(
        action="referral.viewed", actor=receiver, target_id=str(referral.pk)
    ).exists()
    listing = client.get(reverse("referrals:list"), {"view": "received"})
    assert reverse("referrals:detail", args=[referral.pk]) in listing.text


def test_provider_accepts_and_records_the_outcome(client, referral, provider):
    client.force_login(member(Role.CASEWORKER, provider, username="receiver"))
    client.post(reverse("referrals:decide", args=[referral.pk]), {"decision": "accept"})
    response = client.post(
        reverse("referrals:outcome", args=[referral.pk]),
        {"outcome": "Six sessions", "outcome_on": "2026-01-05"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED and referral.outcome == "Six sessions"


def test_referrer_cannot_decide_for_the_provider(client, referral, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("referrals:decide", args=[referral.pk]), {"decision": "accept"})
    assert response.status_code == 403


def test_unrelated_organisation_gets_404_and_an_empty_list(client, referral):
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    listing = client.get(reverse("referrals:list"))
    assert "Robin Example" not in listing.text


def test_decision_is_post_only(client, referral, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("referrals:decide", args=[referral.pk])).status_code == 405


def _checklist_post(person, yes: int, **extra) -> dict:
    data = {"person_id": person.pk, **extra}
    for number, key, _ in dash.NUMBERED:
        data[key] = "yes" if number <= yes else "no"
    return data


def test_high_risk_checklist_offers_a_prefilled_marac_referral(client, caseworker, police):
    case, person = case_with_victim(caseworker)
    marac = scheme(police, kind=Scheme.Kind.MARAC, code="marac")
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:checklist", args=[case.reference]), _checklist_post(person, 14)
    )
    checklist = RiskChecklist.objects.get()
    assert response["Location"] == reverse("referrals:checklist_detail", args=[checklist.pk])
    page = client.get(response["Location"])
    proposal = f"{reverse('referrals:create', args=[case.reference])}?checklist={checklist.pk}"
    assert proposal in page.text
    assert not Referral.objects.exists()
    form = client.get(proposal)
    assert f'value="{marac.code}" selected' in form.text
    assert "14 of 27 answers are yes" in form.text
    sent = client.post(
        proposal,
        {
            "checklist": checklist.pk,
            "person_id": person.pk,
            "scheme": marac.code,
            "reason": "High risk",
        },
    )
    assert sent.status_code == 302
    checklist.refresh_from_db()
    assert checklist.marac_referral == Referral.objects.get()
    assert "Referred to MARAC" in client.get(response["Location"]).text


def test_thirteen_yes_with_judgement_is_high_risk(client, caseworker):
    case, person = case_with_victim(caseworker)
    client.force_login(caseworker)
    client.post(
        reverse("referrals:checklist", args=[case.reference]),
        _checklist_post(person, 13, professional_judgement="on"),
    )
    checklist = RiskChecklist.objects.get()
    assert checklist.yes_count == 13 and checklist.high_risk


def test_incomplete_checklist_shows_errors_and_stores_nothing(client, caseworker):
    case, person = case_with_victim(caseworker)
    client.force_login(caseworker)
    data = _checklist_post(person, 2)
    del data["q27"]
    response = client.post(reverse("referrals:checklist", args=[case.reference]), data)
    assert response.status_code == 400
    assert "Answer question 27" in response.text
    assert not RiskChecklist.objects.exists()


def test_budget_page_and_provider_coordinator_sets_it(client, signed_in, police, caseworker):
    hardening = scheme(police, kind=Scheme.Kind.TARGET_HARDENING, code="target-hardening")
    coordinator = member(Role.COORDINATOR, police, username="tpcoord")
    signed_in(coordinator)
    response = client.post(
        reverse("referrals:budget_set", args=[hardening.code]), {"year": 2026, "amount": "5000"}
    )
    assert response.status_code == 302
    page = client.get(reverse("referrals:budget", args=[hardening.code]), {"year": 2026})
    assert "£5000.00" in page.text
    client.force_login(caseworker)
    refused = client.post(
        reverse("referrals:budget_set", args=[hardening.code]), {"year": 2026, "amount": "1"}
    )
    assert refused.status_code == 403


def test_closed_case_hides_the_referral_link(client, caseworker):
    case, _ = case_with_victim(caseworker)
    case_services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="Done")
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert reverse("referrals:create", args=[case.reference]) not in page.text


def test_referral_list_queries_do_not_grow_with_referrals(client, caseworker, provider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("referrals:list")).status_code == 200
        return len(captured)

    schemes = [scheme(provider, kind=kind) for kind in ("mediation", "drug_alcohol", "marac")]
    case, person = case_with_victim(caseworker)
    services.referral_create(
        case=case, person=person, scheme=schemes[0], reason="r", referred_by=caseworker
    )
    few = queries()
    for other in schemes[1:]:
        services.referral_create(
            case=case, person=person, scheme=other, reason="r", referred_by=caseworker
        )
    assert queries() == few


def test_partner_who_cannot_open_the_person_is_not_told_their_name(
    client, caseworker, police, provider
):
    from safer.partners.access import visible_to
    from safer.people.models import Person

    case, person = case_with_victim(caseworker)
    referral = services.referral_create(
        case=case, person=person, scheme=scheme(provider), reason="r", referred_by=caseworker
    )
    case_services.case_share(case=case, organisation=police, shared_by=caseworker)
    person.shared_with.clear()  # the council holds the victim and has not shared them
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    assert not visible_to(officer, Person.objects.filter(pk=person.pk)).exists()
    client.force_login(officer)
    for url in (
        reverse("cases:detail", args=[case.reference]),
        reverse("referrals:detail", args=[referral.pk]),
        reverse("referrals:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Robin Example" not in response.text, url
    detail = client.get(f"/api/v1/referrals/{referral.pk}").json()
    assert detail["person_name"] == "" and detail["person_id"] is None


def test_person_page_lists_their_referrals_and_cohorts(client, referral, caseworker):
    from safer.cohorts.services import cohort_member_add
    from safer.cohorts.tests.factories import cohort

    group = cohort(caseworker, name="IOM person panel")
    cohort_member_add(
        cohort=group, person=referral.person, joined_on=referral.referred_on, added_by=caseworker
    )
    client.force_login(caseworker)
    page = client.get(reverse("people:detail", args=[referral.person_id]))
    assert reverse("referrals:detail", args=[referral.pk]) in page.text
    assert reverse("cohorts:detail", args=[group.pk]) in page.text
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert client.get(reverse("people:detail", args=[referral.person_id])).status_code == 404
