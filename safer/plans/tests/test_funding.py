"""Funding: grants, the panel's allocations, spend and outputs linked to indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans import services
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import Allocation, Grant, Indicator, Output, Spend

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(partnership):
    return member(Role.COORDINATOR, partnership["CDC"], username="coordinator")


@pytest.fixture
def grant(coordinator):
    return services.grant_create(
        created_by=coordinator,
        name="Community safety grant",
        funder="Oxfordshire County Council",
        year="2011-12",
        amount=Decimal("50000"),
    )


@pytest.fixture
def allocation(grant, coordinator, partnership):
    partnership_indicators_ensure()
    return services.allocation_create(
        grant=grant,
        allocated_by=coordinator,
        project="Target hardening for burglary victims",
        lead_organisation=partnership["TVP"],
        amount=Decimal("20000"),
        indicators=Indicator.objects.filter(measure_key="serious_acquisitive_crime"),
    )


def test_the_panel_cannot_allocate_more_than_the_grant(grant, coordinator, allocation):
    with pytest.raises(ValidationError) as error:
        services.allocation_create(
            grant=grant, allocated_by=coordinator, project="Too much", amount=Decimal("30000.01")
        )
    assert "£0.01 more than is left of the grant (£30000.00)" in str(error.value)
    assert Allocation.objects.count() == 1
    assert AuditEvent.objects.filter(action="plan.allocation_created").count() == 1


def test_spend_cannot_exceed_the_allocation(allocation, coordinator):
    services.spend_record(
        allocation=allocation,
        entered_by=coordinator,
        spent_on=date(2011, 6, 1),
        amount=Decimal("19000"),
        description="Locks and lighting",
    )
    with pytest.raises(ValidationError):
        services.spend_record(
            allocation=allocation,
            entered_by=coordinator,
            spent_on=date(2011, 7, 1),
            amount=Decimal("1000.01"),
            description="More locks",
        )
    assert Spend.objects.count() == 1


def test_lead_organisation_records_spend_and_outputs_on_the_page(
    allocation, signed_in, partnership
):
    officer = member(Role.PARTNER_OFFICER, partnership["TVP"], username="officer")
    client = signed_in(officer)
    page = client.get(reverse("plans:allocation", args=[allocation.pk])).content.decode()
    assert "Target hardening for burglary victims" in page and "Record spend" in page
    url = reverse("plans:spend_add", args=[allocation.pk])
    assert client.get(url).status_code == 405
    response = client.post(
        url, {"spent_on": "2011-06-01", "amount": "2500", "description": "Door chains"}
    )
    assert response.status_code == 302
    indicator = allocation.indicators.get()
    response = client.post(
        reverse("plans:output_add", args=[allocation.pk]),
        {
            "period": "2011-Q2",
            "description": "Homes made secure",
            "quantity": "40",
            "indicator": indicator.pk,
        },
    )
    assert response.status_code == 302
    assert Output.objects.get().indicator == indicator
    bad = client.post(url, {"spent_on": "2011-06-01", "amount": "999999", "description": "x"})
    assert "more than is left of the allocation" in bad.content.decode()


def test_other_organisations_cannot_record_spend(allocation, signed_in, partnership):
    officer = member(Role.PARTNER_OFFICER, partnership["PCT"], username="nurse")
    response = signed_in(officer).post(
        reverse("plans:spend_add", args=[allocation.pk]),
        {"spent_on": "2011-06-01", "amount": "1", "description": "x"},
    )
    assert response.status_code == 403


def test_coordinator_adds_grants_and_allocations_on_the_funding_page(
    partnership, signed_in, coordinator
):
    client = signed_in(coordinator)
    assert client.get(reverse("plans:funding")).status_code == 200
    page = client.post(
        reverse("plans:grant_add"), {"name": "G", "funder": "F", "year": "2011", "amount": "10"}
    ).content.decode()
    assert "Enter a year like 2011-12" in page
    client.post(
        reverse("plans:grant_add"),
        {"name": "G", "funder": "F", "year": "2011-12", "amount": "1000"},
    )
    grant = Grant.objects.get()
    response = client.post(
        reverse("plans:allocation_add"),
        {
            "grant": grant.pk,
            "project": "Nightsafe",
            "amount": "600",
            "lead_organisation": partnership["CDC"].pk,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:funding")).content.decode()
    assert "Nightsafe" in page and "£600.00" in page


def test_partner_officers_read_funding_but_cannot_add_grants(partnership, signed_in):
    officer = member(Role.PARTNER_OFFICER, partnership["TVP"], username="officer")
    client = signed_in(officer)
    assert client.get(reverse("plans:funding")).status_code == 200
    response = client.post(
        reverse("plans:grant_add"), {"name": "G", "funder": "F", "year": "2011-12", "amount": "1"}
    )
    assert response.status_code == 403
