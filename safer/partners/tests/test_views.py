"""Administrators manage accounts: create with a one-time link, change role, unlock, reset 2FA."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import User
from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import TEST_PASSWORD, confirmed_device, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(signed_in, council):
    return signed_in(member(Role.ADMIN, council, username="sysadmin"))


def test_only_admins_manage_users(signed_in, caseworker):
    assert signed_in(caseworker).get(reverse("partners:member_list")).status_code == 403


def test_admin_creates_user_who_sets_password_from_link(admin_client, council):
    from django.test import Client

    client = Client()
    response = admin_client.post(
        reverse("partners:member_create"),
        {
            "username": "newbie",
            "first_name": "Nova",
            "last_name": "Example",
            "email": "nova@example.org",
            "organisation": council.pk,
            "role": "caseworker",
        },
    )
    assert response.status_code == 302  # the link is in the e-mail only, never on a page
    user = User.objects.get(username="newbie")
    assert not user.has_usable_password()
    assert user.membership.role == "caseworker"
    link = re.search(r"http://testserver(/account/set-password/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert "Choose your password" in page.content.decode()
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a long new password 42", "new_password2": "a long new password 42"},
    )
    user.refresh_from_db()
    assert user.check_password("a long new password 42")
    assert AuditEvent.objects.filter(action="user.password_set", actor=user).exists()


def test_duplicate_username_is_refused(admin_client, council, caseworker):
    response = admin_client.post(
        reverse("partners:member_create"),
        {
            "username": "CASEWORKER",
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.org",
            "organisation": council.pk,
            "role": "viewer",
        },
    )
    assert "That username is already in use" in response.content.decode()


def test_admin_changes_role_and_switches_account_off(admin_client, council, caseworker):
    url = reverse("partners:member_edit", args=[caseworker.pk])
    admin_client.post(
        url, {"organisation": council.pk, "role": "viewer", "job_title": "", "is_active": ""}
    )
    caseworker.refresh_from_db()
    assert caseworker.membership.role == "viewer"
    assert not caseworker.is_active
    event = AuditEvent.objects.get(action="user.changed")
    assert event.changes["role"] == ["caseworker", "viewer"]


def test_admin_cannot_switch_themselves_off(admin_client, council):
    admin = User.objects.get(username="sysadmin")
    response = admin_client.post(
        reverse("partners:member_edit", args=[admin.pk]),
        {"organisation": council.pk, "role": "admin", "is_active": ""},
    )
    assert "You cannot switch off your own account" in response.content.decode()


def test_unlock_lets_a_locked_out_user_sign_in(admin_client, caseworker):
    from django.test import Client

    client = Client()  # the locked-out person, on their own browser
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "caseworker", "password": "wrong"})
    assert (
        client.post(
            reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD}
        ).status_code
        == 429
    )
    assert (
        admin_client.get(reverse("partners:member_unlock", args=[caseworker.pk])).status_code == 405
    )
    admin_client.post(reverse("partners:member_unlock", args=[caseworker.pk]))
    assert (
        client.post(
            reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD}
        ).status_code
        == 302
    )


def test_reset_two_factor_removes_devices(admin_client, council):
    coordinator = member(Role.COORDINATOR, council)
    confirmed_device(coordinator)
    admin_client.post(reverse("partners:member_reset_two_factor", args=[coordinator.pk]))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert AuditEvent.objects.filter(action="user.two_factor_reset").exists()
