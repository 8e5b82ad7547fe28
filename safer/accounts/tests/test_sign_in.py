"""Signing in: Argon2 hashing, lock-out after repeated failures, audit of sign-ins."""

import pytest
from django.conf import settings
from django.urls import reverse

from safer.accounts.forms import SIGN_IN_INVALID
from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import TEST_PASSWORD, member

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:login")


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_production_hasher_is_argon2():
    # Tests use a fast hasher; production must not.
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_caseworker_signs_in_and_lands_on_home(client, caseworker):
    response = sign_in(client, "caseworker", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert AuditEvent.objects.filter(action="user.signed_in", actor=caseworker).exists()


def test_wrong_password_shows_error_summary(client, caseworker):
    response = sign_in(client, "caseworker", "not-the-password")
    assert response.status_code == 200
    assert SIGN_IN_INVALID in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_missing_fields_name_each_field(client):
    body = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in body
    assert "Enter your password" in body


def test_account_locks_after_repeated_failures(client, caseworker):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "caseworker", "wrong-password")
    locked = sign_in(client, "caseworker", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(client, caseworker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "caseworker", "wrong-password")
    assert sign_in(client, "caseworker", TEST_PASSWORD).status_code == 302


def test_sign_out_is_post_only_and_audited(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.signed_out", actor=caseworker).exists()


def test_open_redirect_after_sign_in_is_refused(client, caseworker):
    response = client.post(
        SIGN_IN + "?next=https://evil.example/",
        {"username": "caseworker", "password": TEST_PASSWORD},
    )
    assert response.url == reverse("core:home")


def test_activity_extends_the_session_and_idleness_ends_it(client, caseworker):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post(SIGN_IN, {"username": "caseworker", "password": TEST_PASSWORD})
    key = client.session.session_key
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("core:home")).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + idle - timedelta(minutes=1)  # pushed forward by activity

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_busy_session_is_not_rewritten_on_every_request(client, caseworker):
    """Within the touch margin a page costs no session write; the expiry stays where it was."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post(SIGN_IN, {"username": "caseworker", "password": TEST_PASSWORD})
    key = client.session.session_key
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    fresh = timezone.now() + idle - timedelta(seconds=settings.SESSION_TOUCH_SECONDS // 2)
    Session.objects.filter(pk=key).update(expire_date=fresh)
    assert client.get(reverse("core:home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == fresh


def test_role_without_two_factor_is_not_held(client, council):
    member(Role.VIEWER, council, username="viewer")
    sign_in(client, "viewer", TEST_PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200
