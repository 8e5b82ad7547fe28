"""Every plans page renders for every role that may read plans, and refuses the others."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans import services
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import ActionPlan, Indicator, Task

pytestmark = pytest.mark.django_db

READERS = [Role.COORDINATOR, Role.CASEWORKER, Role.PARTNER_OFFICER, Role.ANALYST, Role.VIEWER]


@pytest.fixture
def pages(seed_plans, partnership):
    coordinator = member(Role.COORDINATOR, partnership["CDC"], username="panel")
    partnership_indicators_ensure()
    plan = ActionPlan.objects.get(title="Serious Acquisitive Crime Action Plan")
    task = Task.objects.filter(plan=plan).first()
    services.task_update_record(
        task=task, rag="amber", commentary="On its way", complete=False, updated_by=coordinator
    )
    indicator = Indicator.objects.get(measure_key="repeat_callers")
    grant = services.grant_create(
        created_by=coordinator, name="Grant", funder="OCC", year="2011-12", amount=Decimal(100)
    )
    allocation = services.allocation_create(
        grant=grant, allocated_by=coordinator, project="Project", amount=Decimal(50), plan=plan
    )
    services.spend_record(
        allocation=allocation,
        entered_by=coordinator,
        spent_on=date(2011, 5, 1),
        amount=Decimal(10),
        description="Leaflets",
    )
    return [
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:plan_performance", args=[plan.pk]),
        reverse("plans:plan_performance_pdf", args=[plan.pk]),
        reverse("plans:export") + "?format=csv",
        reverse("plans:follow_up"),
        reverse("plans:indicator", args=[indicator.pk]),
        reverse("plans:performance"),
        reverse("plans:performance_pdf"),
        reverse("plans:funding"),
        reverse("plans:allocation", args=[allocation.pk]),
        reverse("plans:annual_reports"),
        reverse("plans:annual_report", args=["2010-11"]),
        reverse("plans:annual_report_pdf", args=["2010-11"]),
        reverse("plans:annual_report_text", args=["2010-11"]),
    ]


@pytest.mark.parametrize("role", READERS)
def test_every_page_renders_for_every_reading_role(pages, signed_in, partnership, role):
    client = signed_in(member(role, partnership["TVP"]))
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_admins_see_no_plans(pages, signed_in, partnership):
    client = signed_in(member(Role.ADMIN, partnership["CDC"]))
    for url in pages:
        assert client.get(url).status_code == 403, url


def test_nav_offers_action_plans_to_readers_only(pages, signed_in, partnership):
    viewer = signed_in(member(Role.VIEWER, partnership["OCC"]))
    assert 'href="/plans/"' in viewer.get(reverse("plans:list")).content.decode()
