"""Services and the API: bad input is refused with a clear error and stores nothing; alerts
reach members by e-mail and on their page with read receipts; approvals; the letter."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safer.audit.models import AuditEvent
from safer.schemes import services
from safer.schemes.access import access_scheme
from safer.schemes.models import (
    Alert,
    Approval,
    Exclusion,
    Incident,
    OffenderPhoto,
    OffenderProfile,
    SchemeUser,
)
from safer.schemes.tests import factories as f

pytestmark = pytest.mark.django_db


def _exclusion_body(person, premises, **changes):
    today = timezone.localdate()
    body = {
        "person_id": person.pk,
        "starts_on": str(today),
        "ends_on": str(today + timedelta(days=90)),
        "premises_ids": [p.pk for p in premises],
    }
    body.update(changes)
    return body


def test_the_api_issues_an_exclusion_and_members_see_it(
    client, admin_user, member, red_lion, council
):
    scheme = red_lion.scheme
    person = f.person(council)
    client.force_login(admin_user)
    response = client.post(
        f"/api/v1/schemes/{scheme.pk}/exclusions",
        _exclusion_body(person, [red_lion]),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["premises_ids"] == [red_lion.pk]
    client.force_login(member)
    excluded = client.get(f"/api/v1/schemes/{scheme.pk}/excluded").json()
    assert [e["name"] for e in excluded] == ["Fictional Offender"]
    assert excluded[0]["last_viewed_at"] is None
    again = client.get(f"/api/v1/schemes/{scheme.pk}/excluded").json()
    assert again[0]["last_viewed_at"] is not None


def test_administrators_list_every_exclusion_through_the_api_and_it_is_audited(
    client, admin_user, member, red_lion, council
):
    scheme = red_lion.scheme
    current = f.exclusion(admin_user, scheme, f.person(council, first="Current"), [red_lion])
    ended = f.exclusion(admin_user, scheme, f.person(council, first="Former"), [red_lion], ends=60)
    services.exclusion_end(
        access=access_scheme(admin_user, scheme.pk),
        exclusion=ended,
        ended_on=timezone.localdate(),
        reason="Appeal upheld",
        ended_by=admin_user,
    )
    url = f"/api/v1/schemes/{scheme.pk}/exclusions"
    client.force_login(admin_user)
    rows = {r["id"]: r for r in client.get(url).json()}
    assert (rows[current.pk]["name"], rows[current.pk]["in_force"]) == ("Current Offender", True)
    assert rows[ended.pk]["in_force"] is False
    assert rows[ended.pk]["returns_on"] == str(timezone.localdate())
    event = AuditEvent.objects.get(action="scheme.excluded_listed", actor=admin_user)
    assert event.changes["via"] == "exclusions api"
    assert sorted(event.changes["profiles"]) == sorted([current.profile_id, ended.profile_id])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(f.staff_without_scheme())
    assert client.get(url).status_code == 404


def test_an_exclusion_ending_before_it_starts_is_refused_and_stores_nothing(
    client, admin_user, red_lion, council
):
    client.force_login(admin_user)
    person = f.person(council)
    today = timezone.localdate()
    body = _exclusion_body(person, [red_lion], ends_on=str(today - timedelta(days=1)))
    response = client.post(
        f"/api/v1/schemes/{red_lion.scheme_id}/exclusions", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert "must end after the day it starts" in response.text
    assert not Exclusion.objects.exists() and not OffenderProfile.objects.exists()
    page = client.post(
        reverse("schemes:exclusion_new", args=[red_lion.scheme_id]),
        {
            "person_id": person.pk,
            "starts_on": str(today),
            "ends_on": str(today),
            "premises_ids": [red_lion.pk],
            "reason": "Fighting",
        },
    )
    assert page.status_code == 400
    assert "The exclusion must end after the day it starts" in page.text
    assert not Exclusion.objects.exists()


def test_an_exclusion_covering_no_premises_or_another_schemes_is_refused(
    client, admin_user, red_lion, council
):
    other = f.scheme(admin_user, name="Bicester Shopwatch", kind="shopwatch")
    shop = f.business(admin_user, other, name="Fictional Foods")
    client.force_login(admin_user)
    url = f"/api/v1/schemes/{red_lion.scheme_id}/exclusions"
    person = f.person(council)
    for premises in ([], [shop]):
        response = client.post(
            url, _exclusion_body(person, premises), content_type="application/json"
        )
        assert response.status_code == 422
        assert "premises" in response.text
    assert not Exclusion.objects.exists()


def test_an_image_that_is_not_an_image_is_refused_and_stores_nothing(
    client, admin_user, red_lion, council, media
):
    person = f.person(council)
    client.force_login(admin_user)
    today = timezone.localdate()
    response = client.post(
        reverse("schemes:exclusion_new", args=[red_lion.scheme_id]),
        {
            "person_id": person.pk,
            "starts_on": str(today),
            "ends_on": str(today + timedelta(days=30)),
            "premises_ids": [red_lion.pk],
            "reason": "Fighting",
            "photo": SimpleUploadedFile("photo.png", b"%PDF-1.4 not a picture", "image/png"),
        },
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and "photo" in response.text.lower()
    assert not Exclusion.objects.exists() and not OffenderPhoto.objects.exists()
    assert not (media / "schemes").exists()


def test_a_photo_is_stored_without_its_metadata_and_served_to_staff(
    client, admin_user, red_lion, council
):
    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    photo = excluded.profile.photos.get()
    assert photo.content_type == "image/png"
    client.force_login(admin_user)
    response = client.get(reverse("schemes:photo", args=[red_lion.scheme_id, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_a_member_without_premises_is_refused_and_stores_nothing(client, admin_user, red_lion):
    """A user added with no premises, a business with no address, and a member whose only
    premises was taken away: each refused with the reason, nothing stored."""
    from django.contrib.auth import get_user_model
    from django.http import Http404

    from safer.schemes import services

    client.force_login(admin_user)
    url = reverse("schemes:members", args=[red_lion.scheme_id])
    response = client.post(url, {"form": "user", "user-username": "nopremises"})
    assert response.status_code == 400
    assert "Choose the premises they work at" in response.text
    assert not get_user_model().objects.filter(username="nopremises").exists()
    response = client.post(
        url, {"form": "business", "business-name": "No Address", "business-business_type": "pub"}
    )
    assert response.status_code == 400 and "Enter the address" in response.text
    response = client.post(
        f"/api/v1/schemes/{red_lion.scheme_id}/members",
        {"name": "No Address", "business_type": "pub", "address": ""},
        content_type="application/json",
    )
    assert response.status_code == 422 and "address" in response.text
    assert not red_lion.scheme.businesses.filter(name="No Address").exists()

    removed = f.member_user(admin_user, red_lion, username="removed")
    SchemeUser.objects.filter(user=removed).update(status=Approval.REMOVED)
    with pytest.raises(Http404):  # no premises left: no longer a member of the scheme at all
        access_scheme(removed, red_lion.scheme_id)
    access = access_scheme(
        f.member_user(admin_user, red_lion, username="other"), red_lion.scheme_id
    )
    access.businesses = []  # their premises left the scheme while the page was open
    with pytest.raises(ValidationError) as raised:
        services.incident_report(
            access=access,
            reported_by=access.user,
            kind="theft",
            occurred_at=timezone.now(),
            description="Took gin",
            offender_description="Woman, 30s",
            goods_value=20,
        )
    assert "not named on any approved premises" in str(raised.value)
    assert not Incident.objects.exists()


def test_incident_bad_input_gets_clear_errors_and_stores_nothing(client, member, red_lion):
    client.force_login(member)
    url = f"/api/v1/schemes/{red_lion.scheme_id}/incidents"
    future = (timezone.now() + timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {"kind": "theft", "occurred_at": future, "description": "Took beer"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()["detail"]
    text = str(body)
    assert "must be in the past" in text
    assert "value of the goods" in text
    assert "who was involved" in text
    assert not Incident.objects.exists()
    page = client.post(
        reverse("schemes:incident_new", args=[red_lion.scheme_id]),
        {"kind": "theft", "occurred_at": "2026-01-01T10:00", "description": "Took beer"},
    )
    assert page.status_code == 400
    assert "Say who was involved" in page.text
    assert not Incident.objects.exists()


def test_a_member_reports_a_theft_with_a_description_at_their_premises(client, member, red_lion):
    client.force_login(member)
    when = (timezone.now() - timedelta(hours=2)).isoformat()
    response = client.post(
        f"/api/v1/schemes/{red_lion.scheme_id}/incidents",
        {
            "kind": "theft",
            "occurred_at": when,
            "description": "Two bottles of gin taken from the shelf",
            "offender_description": "Man, 40s, grey hoodie",
            "goods_value": "39.98",
            "cctv_held": True,
            "police_reference": "TV-0001",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert incident.business == red_lion and incident.reported_by == member
    assert incident.location.startswith("The Red Lion")
    assert AuditEvent.objects.filter(action="scheme.incident_reported").exists()
    listed = client.get(f"/api/v1/schemes/{red_lion.scheme_id}/incidents").json()
    assert [i["id"] for i in listed] == [incident.pk]


def test_an_incident_by_an_excluded_person_at_covered_premises_is_a_breach(
    admin_user, member, red_lion, council
):
    from safer.schemes import services

    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    incident = services.incident_report(
        access=access_scheme(member, red_lion.scheme_id),
        reported_by=member,
        kind="disorder",
        occurred_at=timezone.now(),
        description="Came in despite the ban",
        offender_id=excluded.profile_id,
    )
    assert incident.breach_of == excluded


def test_alerts_reach_signed_members_by_email_and_page_with_read_receipts(
    client, admin_user, member, red_lion, mailoutbox, django_capture_on_commit_callbacks
):
    unsigned = f.member_user(admin_user, red_lion, username="unsigned", sign=False)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/schemes/{red_lion.scheme_id}/alerts",
            {"title": "Shoplifter heading to the high street", "body": "Red coat, black rucksack"},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert response.json()["recipients"] == 1
    alert = Alert.objects.get()
    sent = [m for m in mail.outbox if "Shoplifter" in m.subject]
    assert [m.to for m in sent] == [[member.email]]
    assert unsigned.email not in {a for m in mail.outbox for a in m.to if "Shoplifter" in m.subject}
    client.force_login(member)
    listed = client.get(f"/api/v1/schemes/{red_lion.scheme_id}/alerts").json()
    assert listed[0]["read"] is False
    page = client.get(reverse("schemes:alert", args=[red_lion.scheme_id, alert.pk]))
    assert "Red coat" in page.text
    assert client.get(f"/api/v1/schemes/{red_lion.scheme_id}/alerts").json()[0]["read"] is True
    client.force_login(admin_user)
    receipts = client.get(reverse("schemes:alert", args=[red_lion.scheme_id, alert.pk]))
    assert "barmanager" in receipts.text and "Not yet" not in receipts.text


def test_the_administrator_approves_members_and_users(client, admin_user, pubwatch):
    from django.core.management import call_command

    call_command("create_scheme_member", pubwatch.name, "The Fictional Tap", "tapmanager")
    place = SchemeUser.objects.get(user__username="tapmanager")
    assert place.status == Approval.PENDING and place.business.status == Approval.PENDING
    with pytest.raises(Exception):  # noqa: B017 - not a member until approved: 404
        access_scheme(place.user, pubwatch.pk)
    client.force_login(admin_user)
    members = reverse("schemes:members", args=[pubwatch.pk])
    assert "The Fictional Tap" in client.get(members).text
    client.post(
        reverse("schemes:business_decide", args=[pubwatch.pk, place.business_id]),
        {"decision": "approve"},
    )
    client.post(
        reverse("schemes:user_decide", args=[pubwatch.pk, place.pk]), {"decision": "approve"}
    )
    place.refresh_from_db()
    assert place.status == Approval.APPROVED and place.business.status == Approval.APPROVED
    assert access_scheme(place.user, pubwatch.pk).is_member


def test_a_member_cannot_administer(client, member, red_lion, council):
    client.force_login(member)
    scheme_id = red_lion.scheme_id
    for name in ("members", "exclusions", "exclusion_new", "alert_new"):
        assert client.get(reverse(f"schemes:{name}", args=[scheme_id])).status_code == 403
    person = f.person(council)
    response = client.post(
        f"/api/v1/schemes/{scheme_id}/exclusions",
        _exclusion_body(person, [red_lion]),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_exclusion_letter_is_a_tagged_pdf(client, admin_user, red_lion, council):
    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    client.force_login(admin_user)
    response = client.get(
        reverse("schemes:exclusion_letter", args=[red_lion.scheme_id, excluded.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    catalogue = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalogue and catalogue["/Lang"] == "en-GB"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Fictional Offender" in text and "The Red Lion" in text
    assert AuditEvent.objects.filter(action="scheme.exclusion_letter_produced").exists()


def test_the_administrator_ends_an_exclusion_early_on_appeal_through_the_page(
    client, admin_user, member, red_lion, council
):
    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    client.force_login(admin_user)
    url = reverse("schemes:exclusion", args=[red_lion.scheme_id, excluded.pk])
    today = str(timezone.localdate())
    client.post(url, {"form": "appeal", "appeal-received_on": today, "appeal-grounds": "Not me"})
    appeal = excluded.appeals.get()
    response = client.post(
        url,
        {
            "form": "decide",
            "appeal_id": appeal.pk,
            "decide-outcome": "upheld",
            "decide-decided_on": today,
        },
    )
    assert response.status_code == 302
    excluded.refresh_from_db()
    assert excluded.ended_on == timezone.localdate()
    client.force_login(member)
    assert client.get(f"/api/v1/schemes/{red_lion.scheme_id}/excluded").json() == []
