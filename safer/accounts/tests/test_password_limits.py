"""Password links are limited per address and per client IP; set-password pages per client IP."""

import pytest
from django.core import mail
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.partners.roles import Role
from safer.partners.tests.factories import TEST_PASSWORD, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(council):
    return member(Role.ADMIN, council, username="admin")


def send_link(client, user, ip="192.0.2.5"):
    url = reverse("partners:member_password_link", args=[user.pk])
    return client.post(url, follow=True, REMOTE_ADDR=ip)


def test_links_to_one_address_are_limited(signed_in, admin, caseworker, settings):
    settings.PASSWORD_LINK_LIMIT = 2
    caseworker.email = "Casey@example.org"
    caseworker.save()
    client = signed_in(admin)
    send_link(client, caseworker, ip="192.0.2.5")
    send_link(client, caseworker, ip="192.0.2.6")
    refused = send_link(client, caseworker, ip="192.0.2.7").content.decode()
    assert "Too many password links have been sent to Casey@example.org" in refused
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(
        action="password_link.limited", actor=admin, changes__by="address"
    ).exists()


def test_links_from_one_client_ip_are_limited(signed_in, admin, council, settings):
    settings.PASSWORD_LINK_LIMIT = 2
    people = [member(Role.CASEWORKER, council, email=f"p{i}@example.org") for i in range(3)]
    client = signed_in(admin)
    for person in people:
        send_link(client, person)
    assert [m.to for m in mail.outbox] == [["p0@example.org"], ["p1@example.org"]]
    assert AuditEvent.objects.filter(action="password_link.limited", changes__by="ip").exists()


def test_set_password_pages_are_limited_per_client_ip(client, settings):
    settings.PASSWORD_SET_ATTEMPT_LIMIT = 3
    url = reverse("accounts:set_password", args=["MQ", "guessed-token"])
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="192.0.2.9").status_code == 200
    refused = client.get(url, REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts to set a password" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.10").status_code == 200
    assert AuditEvent.objects.filter(action="password_set.limited").count() == 1


def test_sign_in_failures_from_one_address_are_limited_across_accounts(client, council, settings):
    settings.SIGN_IN_IP_FAILURE_LIMIT = 3
    url = reverse("accounts:login")
    people = [member(Role.CASEWORKER, council, username=f"user{i}") for i in range(4)]
    for person in people[:3]:
        wrong = {"username": person.username, "password": "wrong"}
        assert client.post(url, wrong, REMOTE_ADDR="192.0.2.20").status_code == 200
    right = {"username": people[3].username, "password": TEST_PASSWORD}
    refused = client.post(url, right, REMOTE_ADDR="192.0.2.20")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts to sign in" in refused.content.decode()
    assert AuditEvent.objects.filter(action="sign_in.address_limited").count() == 1
    assert client.post(url, right, REMOTE_ADDR="192.0.2.21").status_code == 302
