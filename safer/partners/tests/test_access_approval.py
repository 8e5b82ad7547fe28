"""An administrator cannot give anyone, themselves included, sight of records on their own.

Set-password links go only to the new user's e-mail, and a role that sees records waits for a
co-ordinator of that organisation to approve it; the request and the decision are audited.
"""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.cases.tests.factories import report
from safer.partners import services
from safer.partners.models import Membership
from safer.partners.roles import Role
from safer.partners.tests.factories import TEST_PASSWORD, member

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new password 42"
SET_PASSWORD_PATH = re.compile(r"/account/set-password/[^/\s]+/[^/\s]+")


@pytest.fixture
def admin(council):
    return member(Role.ADMIN, council, username="sysadmin")


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="cora")


@pytest.fixture
def case(caseworker):
    return case_services.case_open(opened_by=caseworker, reports=[report(caseworker)])


def _create(client, organisation, role="caseworker", username="mallory"):
    return client.post(
        reverse("partners:member_create"),
        {
            "username": username,
            "first_name": "Mal",
            "last_name": "Lory",
            "email": f"{username}@example.org",
            "organisation": organisation.pk,
            "role": role,
        },
        follow=True,
    )


def _sign_in_from_emailed_link(username: str) -> Client:
    """The new user's own browser: the link from their e-mail, a password, then sign-in."""
    (message,) = [m for m in mail.outbox if m.to == [f"{username}@example.org"]]
    link = SET_PASSWORD_PATH.search(message.body).group(0)
    browser = Client()
    page = browser.get(link, follow=True)
    browser.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    response = browser.post(
        reverse("accounts:login"), {"username": username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    return browser


def test_an_admin_cannot_read_cases_through_an_account_they_create(
    signed_in, admin, coordinator, council, police, case
):
    response = _create(signed_in(admin), council)

    html = response.content.decode()
    assert "Account mallory created" in html
    assert not SET_PASSWORD_PATH.search(html)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mallory@example.org"]
    membership = Membership.objects.get(user__username="mallory")
    assert membership.approval == Membership.Approval.PENDING
    assert membership.requested_by == admin
    assert not any(SET_PASSWORD_PATH.search(str(e.changes)) for e in AuditEvent.objects.all())

    mallory = _sign_in_from_emailed_link("mallory")
    case_url = reverse("cases:detail", args=[case.reference])
    assert mallory.get(case_url).status_code == 404
    assert mallory.get(reverse("people:list")).status_code == 403

    approve_url = reverse("partners:access_approve", args=[membership.user_id])
    signed_in(member(Role.COORDINATOR, police)).post(approve_url)
    membership.refresh_from_db()
    assert membership.approval == Membership.Approval.PENDING
    assert mallory.get(case_url).status_code == 404

    assert signed_in(coordinator).post(approve_url).status_code == 302
    membership.refresh_from_db()
    assert membership.approval == Membership.Approval.APPROVED
    assert mallory.get(case_url).status_code == 200

    requested = AuditEvent.objects.get(action="user.access_requested")
    assert (requested.actor, requested.target_id) == (admin, str(membership.user_id))
    assert requested.changes == {"organisation": council.name, "role": "caseworker"}
    approved = AuditEvent.objects.get(action="user.access_approved")
    assert (approved.actor, approved.target_id) == (coordinator, str(membership.user_id))


def test_a_coordinator_of_another_organisation_gets_404(signed_in, admin, council, police):
    _create(signed_in(admin), council)
    user_id = Membership.objects.get(user__username="mallory").user_id
    client = signed_in(member(Role.COORDINATOR, police))

    assert client.post(reverse("partners:access_approve", args=[user_id])).status_code == 404
    assert client.post(reverse("partners:access_refuse", args=[user_id])).status_code == 404
    assert "mallory" not in client.get(reverse("partners:access_requests")).content.decode()
    assert not AuditEvent.objects.filter(action__startswith="user.access_").exclude(
        action="user.access_requested"
    )


def test_the_coordinator_who_requested_cannot_approve(coordinator, council):
    pending = member(Role.CASEWORKER, council, username="pending")
    Membership.objects.filter(user=pending).update(
        approval=Membership.Approval.PENDING, requested_by=coordinator
    )
    membership = Membership.objects.get(user=pending)

    with pytest.raises(PermissionDenied, match="Someone else"):
        services.member_access_approve(membership=membership, decided_by=coordinator)
    with pytest.raises(PermissionDenied, match="your own"):
        services.member_access_approve(membership=membership, decided_by=pending)
    membership.refresh_from_db()
    assert membership.approval == Membership.Approval.PENDING


def test_the_coordinators_page_lists_requests_and_refusal_keeps_records_hidden(
    signed_in, admin, coordinator, council, case
):
    _create(signed_in(admin), council)
    client = signed_in(coordinator)

    home = client.get(reverse("core:home")).content.decode()
    assert reverse("partners:access_requests") in home
    page = client.get(reverse("partners:access_requests")).content.decode()
    assert "mallory@example.org" in page and "sysadmin" in page
    user_id = Membership.objects.get(user__username="mallory").user_id
    response = client.post(reverse("partners:access_refuse", args=[user_id]), follow=True)

    assert "Refused" in response.content.decode()
    membership = Membership.objects.get(user_id=user_id)
    assert membership.approval == Membership.Approval.REFUSED
    assert AuditEvent.objects.filter(action="user.access_refused", actor=coordinator).exists()
    mallory = _sign_in_from_emailed_link("mallory")
    assert mallory.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    assert client.post(reverse("partners:access_approve", args=[user_id])).status_code == 404


def test_roles_without_record_access_take_effect_at_once(signed_in, admin, council):
    _create(signed_in(admin), council, role="analyst", username="ana")

    assert Membership.objects.get(user__username="ana").approval == "approved"
    assert not AuditEvent.objects.filter(action="user.access_requested").exists()


def test_a_move_or_a_wider_role_waits_but_a_narrower_one_does_not(
    signed_in, admin, council, police, caseworker
):
    client = signed_in(admin)
    url = reverse("partners:member_edit", args=[caseworker.pk])
    form = {"organisation": council.pk, "role": "viewer", "job_title": "", "is_active": "on"}

    client.post(url, form)
    assert Membership.objects.get(user=caseworker).approval == "approved"
    client.post(url, {**form, "role": "caseworker"})
    assert Membership.objects.get(user=caseworker).approval == "pending"
    client.post(url, {**form, "role": "analyst"})
    assert Membership.objects.get(user=caseworker).approval == "approved"
    client.post(url, {**form, "role": "analyst", "organisation": police.pk})
    assert Membership.objects.get(user=caseworker).approval == "approved"
    client.post(url, {**form, "role": "caseworker", "organisation": police.pk})
    assert Membership.objects.get(user=caseworker).approval == "pending"
    assert AuditEvent.objects.filter(action="user.access_requested").count() == 2


def test_an_admin_cannot_change_their_own_role_or_organisation(signed_in, admin, council, police):
    client = signed_in(admin)
    url = reverse("partners:member_edit", args=[admin.pk])
    form = {"organisation": council.pk, "role": "admin", "job_title": "", "is_active": "on"}

    for change in ({"role": "coordinator"}, {"organisation": police.pk}):
        response = client.post(url, {**form, **change})
        assert "You cannot change your own role or organisation" in response.content.decode()
    membership = Membership.objects.get(user=admin)
    assert (membership.role, membership.organisation) == ("admin", council)
    assert client.post(url, {**form, "job_title": "Systems"}).status_code == 302


def test_a_fresh_password_link_is_emailed_not_shown(signed_in, admin, caseworker):
    caseworker.email = "casey@example.org"
    caseworker.save()

    response = signed_in(admin).post(
        reverse("partners:member_password_link", args=[caseworker.pk]), follow=True
    )

    html = response.content.decode()
    assert not SET_PASSWORD_PATH.search(html)
    assert "emailed a link to choose a password to casey@example.org" in html
    assert [m.to for m in mail.outbox] == [["casey@example.org"]]
    assert SET_PASSWORD_PATH.search(mail.outbox[0].body)
    assert AuditEvent.objects.filter(action="user.password_link_issued").exists()


def test_no_link_is_made_for_an_account_without_an_email_address(signed_in, admin, caseworker):
    response = signed_in(admin).post(
        reverse("partners:member_password_link", args=[caseworker.pk]), follow=True
    )

    assert "has no email address" in response.content.decode()
    assert mail.outbox == []
    assert caseworker.check_password(TEST_PASSWORD)


def test_the_operator_can_approve_the_first_coordinator_of_an_organisation(council):
    first = member(Role.COORDINATOR, council, username="first")
    Membership.objects.filter(user=first).update(approval=Membership.Approval.PENDING)

    out = StringIO()
    call_command("approve_access", "first", stdout=out)

    assert Membership.objects.get(user=first).approval == "approved"
    event = AuditEvent.objects.get(action="user.access_approved")
    assert event.actor is None and event.changes["via"] == "manage.py approve_access"
    assert "first" in out.getvalue()


@pytest.mark.parametrize(
    ("approval", "words"),
    [
        (Membership.Approval.PENDING, "waiting for a co-ordinator of Test District Council"),
        (Membership.Approval.REFUSED, "refused your role"),
    ],
)
def test_a_user_whose_role_waits_is_told_why_they_see_nothing(client, caseworker, approval, words):
    Membership.objects.filter(user=caseworker).update(approval=approval)
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    assert words in page
    assert "My work" not in page
    assert client.get("/api/v1/me").json()["approval"] == approval


def test_an_approved_user_sees_their_role(client, caseworker):
    client.force_login(caseworker)
    assert "You are signed in as caseworker" in client.get("/").content.decode()
    assert client.get("/api/v1/me").json()["approval"] == "approved"
