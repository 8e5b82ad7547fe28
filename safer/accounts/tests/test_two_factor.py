"""Two-factor authentication is required for admin and coordinator roles."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.forms import CODE_WRONG
from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import TEST_PASSWORD, confirmed_device, member

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_step(client, username):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_two_factor_roles_are_held_until_a_code_is_given(client, council, role):
    user = member(role, council, username="boss")
    device = confirmed_device(user)
    password_step(client, "boss")
    held = client.get(HOME)
    assert held.status_code == 302
    assert held.url.startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("people:list")).status_code == 302
    api = client.get("/api/v1/me")
    assert api.status_code == 403

    response = client.post(
        reverse("accounts:two_factor_verify") + "?next=/", {"code": current_code(device)}
    )
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="user.two_factor_passed", actor=user).exists()


def test_wrong_code_is_refused_with_a_clear_message(client, council):
    user = member(Role.ADMIN, council, username="boss")
    device = confirmed_device(user)
    password_step(client, "boss")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert CODE_WRONG in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_code_must_be_six_digits(client, council):
    user = member(Role.ADMIN, council, username="boss")
    confirmed_device(user)
    password_step(client, "boss")
    body = client.post(reverse("accounts:two_factor_verify"), {"code": "12ab"}).content.decode()
    assert "The code must be 6 digits" in body


def test_first_sign_in_without_device_goes_to_set_up_and_confirms_it(client, council):
    member(Role.COORDINATOR, council, username="coord")
    password_step(client, "coord")
    held = client.get(HOME)
    assert held.url.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="coord")
    assert device.confirmed is False
    response = client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="user.two_factor_enabled").exists()


def test_set_up_page_cannot_replace_a_confirmed_device_before_verifying(client, council):
    user = member(Role.ADMIN, council, username="boss")
    confirmed_device(user)
    password_step(client, "boss")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.url == reverse("accounts:two_factor_verify")
