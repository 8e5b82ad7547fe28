import pytest

from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.referrals.models import Referral
from safer.referrals.tests.factories import case_with_victim, scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return OrganisationFactory(name="Example Mediation", kind="voluntary")


def _post(client, data):
    return client.post("/api/v1/referrals", data=data, content_type="application/json")


def test_post_referral_answers_201_with_id_and_status(client, caseworker, provider):
    case, person = case_with_victim(caseworker)
    scheme(provider, kind="mediation", code="mediation")
    client.force_login(caseworker)
    response = _post(
        client,
        {"case_id": case.pk, "person_id": person.pk, "scheme": "mediation", "reason": "Dispute"},
    )
    assert response.status_code == 201
    referral = Referral.objects.get()
    assert response.json() == {"id": referral.pk, "status": "sent"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scheme": "no-such-scheme"}, "scheme"),
        ({"person_id": 999999}, "person_id"),
        ({"case_id": 999999}, "case_id"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_referral_names_the_field_and_stores_nothing(
    client, caseworker, provider, change, field
):
    case, person = case_with_victim(caseworker)
    scheme(provider, kind="mediation", code="mediation")
    client.force_login(caseworker)
    body = {"case_id": case.pk, "person_id": person.pk, "scheme": "mediation", "reason": "x"}
    response = _post(client, {**body, **change})
    assert response.status_code == 422
    assert field in [item["loc"][-1] for item in response.json()["detail"]]
    assert not Referral.objects.exists()


def test_provider_accepts_through_the_api_and_sees_no_case_id(client, caseworker, provider):
    case, person = case_with_victim(caseworker)
    scheme(provider, kind="mediation", code="mediation")
    client.force_login(caseworker)
    created = _post(
        client,
        {"case_id": case.pk, "person_id": person.pk, "scheme": "mediation", "reason": "Dispute"},
    ).json()
    client.force_login(member(Role.CASEWORKER, provider, username="mediator"))
    detail = client.get(f"/api/v1/referrals/{created['id']}").json()
    assert detail["case_id"] is None and detail["person_name"] == "Robin Example"
    changed = client.post(
        f"/api/v1/referrals/{created['id']}/status",
        data={"status": "accepted"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["status"] == "accepted"
    listed = client.get("/api/v1/referrals?view=received").json()
    assert [item["id"] for item in listed] == [created["id"]]


def test_other_organisation_gets_404(client, caseworker, provider):
    case, person = case_with_victim(caseworker)
    scheme(provider, kind="mediation", code="mediation")
    client.force_login(caseworker)
    created = _post(
        client,
        {"case_id": case.pk, "person_id": person.pk, "scheme": "mediation", "reason": "Dispute"},
    ).json()
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert client.get(f"/api/v1/referrals/{created['id']}").status_code == 404
    assert client.get("/api/v1/referrals").json() == []


def test_budget_through_the_api(client, caseworker, police):
    from decimal import Decimal

    from safer.referrals import services

    hardening = scheme(police, kind="target_hardening", code="target-hardening")
    services.scheme_budget_set(scheme=hardening, year=2026, amount=Decimal("900"), set_by=None)
    client.force_login(caseworker)
    body = client.get("/api/v1/referral-schemes/target-hardening/budget?year=2026").json()
    assert (body["label"], body["amount"], body["remaining"]) == ("2026-27", "900.00", "900.00")
    assert client.get("/api/v1/referral-schemes/mediation/budget").status_code == 404
