"""Open311 keys: issued by the command or by an administrator (shown once, stored only as a
digest), listed and revoked by administrators alone, every change audited."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.open311.demo import DEMO_APP, seed_open311
from safer.open311.models import Open311Key
from safer.open311.services import KEY_ALREADY_REVOKED, key_create, key_revoke
from safer.open311.tests.helpers import post
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(council):
    return member(Role.ADMIN, council, username="admin")


def test_the_command_prints_a_key_once_and_stores_only_its_digest(client, council):
    out, err = StringIO(), StringIO()
    call_command("create_open311_key", "FixMyStreet", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(key) >= 40 and "\n" not in key
    record = Open311Key.objects.get()
    assert record.app_name == "FixMyStreet" and record.prefix == key[:8]
    assert record.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in record.digest and "only its SHA-256 digest is kept" in err.getvalue()
    event = AuditEvent.objects.get(action="open311.key_created")
    assert event.actor is None and event.changes == {"app_name": "FixMyStreet", "prefix": key[:8]}
    assert key not in str(event.changes)
    assert post(client, key).status_code == 200  # and it works


def test_the_command_needs_an_app_name():
    with pytest.raises(CommandError, match="Enter the name of the app"):
        call_command("create_open311_key", "  ", stdout=StringIO(), stderr=StringIO())
    assert not Open311Key.objects.exists()


def test_an_administrator_lists_issues_and_revokes_keys(client, signed_in, admin):
    record, _ = key_create(app_name="FixMyStreet")
    signed_in(admin)
    page = client.get(reverse("open311:key_list")).content.decode()
    assert "FixMyStreet" in page and record.prefix in page and "Active" in page

    response = client.post(reverse("open311:key_create"), {"app_name": "Love Clean Streets"})
    issued = Open311Key.objects.get(app_name="Love Clean Streets")
    shown = response.content.decode()
    key = shown.split('<code id="open311-key">')[1].split("</code>")[0]
    assert issued.digest == hashlib.sha256(key.encode()).hexdigest()
    assert AuditEvent.objects.get(action="open311.key_created", actor=admin).target_id == str(
        issued.pk
    )
    assert key not in client.get(reverse("open311:key_list")).content.decode()  # shown once

    response = client.post(reverse("open311:key_revoke", args=[issued.pk]))
    assert response["Location"] == reverse("open311:key_list")
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revoked_by == admin
    event = AuditEvent.objects.get(action="open311.key_revoked")
    assert event.actor == admin and event.target_id == str(issued.pk)
    assert post(client, key).status_code == 403
    page = client.get(reverse("open311:key_list")).content.decode()
    assert "Revoked" in page


def test_revoking_twice_is_refused(admin):
    record, _ = key_create(app_name="FixMyStreet")
    key_revoke(key=record, revoked_by=admin)
    with pytest.raises(Exception, match=KEY_ALREADY_REVOKED):
        key_revoke(key=record, revoked_by=admin)
    assert AuditEvent.objects.filter(action="open311.key_revoked").count() == 1


def test_an_empty_app_name_is_an_error_on_the_page(client, signed_in, admin):
    signed_in(admin)
    response = client.post(reverse("open311:key_create"), {"app_name": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Error: Open311 app keys" in page and "Enter the name of the app" in page
    assert not Open311Key.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.ANALYST, Role.VIEWER])
def test_no_one_but_an_administrator_sees_or_changes_keys(client, signed_in, council, role):
    record, _ = key_create(app_name="FixMyStreet")
    signed_in(member(role, council))
    assert client.get(reverse("open311:key_list")).status_code == 403
    assert client.post(reverse("open311:key_create"), {"app_name": "Sneaky"}).status_code == 403
    assert client.post(reverse("open311:key_revoke", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.revoked_at is None and Open311Key.objects.count() == 1
    assert not AuditEvent.objects.filter(action="open311.key_revoked").exists()


def test_changes_need_a_post(client, signed_in, admin):
    record, _ = key_create(app_name="FixMyStreet")
    signed_in(admin)
    assert client.get(reverse("open311:key_create")).status_code == 405
    assert client.get(reverse("open311:key_revoke", args=[record.pk])).status_code == 405


def test_the_demo_app_sends_three_reports_once(council):
    made, key = seed_open311()
    assert made == 3 and len(key) == 43
    assert Open311Key.objects.get().app_name == DEMO_APP
    assert seed_open311() == (0, "")
    assert Open311Key.objects.get().requests.count() == 3
