import pytest
from django.core.management import call_command

from safer.cohorts.models import CohortMember
from safer.referrals.models import Referral, Scheme

pytestmark = pytest.mark.django_db


def test_demo_has_schemes_referrals_and_a_cohort(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo")
    assert Scheme.objects.count() == 7
    assert Referral.objects.filter(status="completed", scheme__code="target-hardening").exists()
    assert Referral.objects.count() == 3
    assert CohortMember.objects.count() == 5
    call_command("seed_demo")
    assert Referral.objects.count() == 3
