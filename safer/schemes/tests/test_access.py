"""The scheme access rule: nothing before signing, nothing of another scheme, profiles only
while excluded and never of children, every member view audited, and member accounts kept out
of the rest of the system."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.schemes import selectors, services
from safer.schemes.access import access_scheme, is_member_user
from safer.schemes.models import ProfileView
from safer.schemes.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_member_sees_nothing_before_signing(client, admin_user, red_lion, council):
    unsigned = f.member_user(admin_user, red_lion, username="newstaff", sign=False)
    f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    access = access_scheme(unsigned, red_lion.scheme_id)
    with pytest.raises(PermissionDenied):
        selectors.excluded_people(access)
    with pytest.raises(PermissionDenied):
        selectors.incidents_visible(access)
    with pytest.raises(PermissionDenied):
        selectors.alerts_for(access)
    client.force_login(unsigned)
    scheme = red_lion.scheme
    for name in ("detail", "excluded", "incidents", "alerts", "incident_new"):
        response = client.get(reverse(f"schemes:{name}", args=[scheme.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("schemes:agreement", args=[scheme.pk])
    assert client.get(f"/api/v1/schemes/{scheme.pk}/excluded").status_code == 403
    assert client.get(f"/api/v1/schemes/{scheme.pk}/alerts").status_code == 403


def test_a_new_agreement_version_must_be_signed_again(client, admin_user, member, red_lion):
    scheme = red_lion.scheme
    assert access_scheme(member, scheme.pk).sees_information
    services.agreement_publish(
        access=access_scheme(admin_user, scheme.pk), text="Version two", published_by=admin_user
    )
    access = access_scheme(member, scheme.pk)
    assert not access.sees_information
    client.force_login(member)
    assert client.get(f"/api/v1/schemes/{scheme.pk}/excluded").status_code == 403
    response = client.post(reverse("schemes:agreement", args=[scheme.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert client.get(f"/api/v1/schemes/{scheme.pk}/excluded").status_code == 200


def test_a_member_of_one_scheme_sees_nothing_of_another(client, admin_user, member, council):
    other = f.scheme(admin_user, name="Bicester Shopwatch", kind="shopwatch")
    shop = f.business(admin_user, other, name="Fictional Foods", business_type="supermarket")
    f.exclusion(admin_user, other, f.person(council), [shop])
    services.incident_report(
        access=access_scheme(admin_user, other.pk),
        reported_by=admin_user,
        kind="theft",
        occurred_at=timezone.now(),
        description="Took razors",
        business_id=shop.pk,
        offender_description="Man in a red coat",
        goods_value=30,
    )
    with pytest.raises(Http404):
        access_scheme(member, other.pk)
    client.force_login(member)
    for name in ("detail", "excluded", "incidents", "alerts", "agreement"):
        assert client.get(reverse(f"schemes:{name}", args=[other.pk])).status_code == 404
    listed = client.get("/api/v1/schemes").json()
    assert [s["name"] for s in listed] == ["Banbury Pubwatch"]
    assert client.get(f"/api/v1/schemes/{other.pk}/excluded").status_code == 404
    assert client.get(f"/api/v1/schemes/{other.pk}/incidents").status_code == 404


def test_members_see_their_own_incidents_and_staff_see_all(admin_user, member, red_lion):
    scheme = red_lion.scheme
    neighbour = f.business(admin_user, scheme, name="The Fictional Arms")
    neighbour_user = f.member_user(admin_user, neighbour, username="neighbour")
    for user in (member, neighbour_user):
        services.incident_report(
            access=access_scheme(user, scheme.pk),
            reported_by=user,
            kind="disorder",
            occurred_at=timezone.now() - timedelta(hours=1),
            description="Shouting",
            offender_description="Group of four",
        )
    mine = selectors.incidents_visible(access_scheme(member, scheme.pk))
    assert [i.business for i in mine] == [red_lion]
    assert selectors.incidents_visible(access_scheme(admin_user, scheme.pk)).count() == 2
    summary = selectors.incident_summary(
        access_scheme(member, scheme.pk), since=timezone.localdate() - timedelta(days=7)
    )
    assert summary.total == 2  # the whole scheme, counted, nobody named


def test_police_partner_sees_everything_but_cannot_administer(admin_user, member, red_lion, police):
    from safer.partners.roles import Role
    from safer.partners.tests.factories import member as staff

    scheme = red_lion.scheme
    scheme.police = police
    scheme.save()
    officer = staff(Role.PARTNER_OFFICER, police, username="pc-fictional")
    access = access_scheme(officer, scheme.pk)
    assert access.is_staff and access.sees_information
    assert access.can_manage  # partner officers edit records: they issue exclusions too
    viewer = staff(Role.VIEWER, police, username="police-viewer")
    assert not access_scheme(viewer, scheme.pk).can_manage


def test_a_profile_disappears_the_day_its_exclusion_ends_and_its_images_go(
    admin_user, member, red_lion, council, media
):
    scheme = red_lion.scheme
    excluded = f.exclusion(admin_user, scheme, f.person(council), [red_lion], starts=-10, ends=1)
    photo = excluded.profile.photos.get()
    stored = media / photo.file.name
    assert stored.exists()
    access = access_scheme(member, scheme.pk)
    today = timezone.localdate()
    assert [e.profile for e in selectors.excluded_people(access, day=today)] == [excluded.profile]
    tomorrow = today + timedelta(days=1)  # its ends_on: the first day they may return
    assert selectors.excluded_people(access, day=tomorrow) == []
    with pytest.raises(Http404):
        selectors.profile_for(access, excluded.profile.pk, day=tomorrow)
    from safer.schemes.retention import profiles_remove_expired

    assert profiles_remove_expired(today=today) == 0  # still in force today
    assert stored.exists()
    assert profiles_remove_expired(today=tomorrow) == 1
    assert not stored.exists()
    excluded.profile.refresh_from_db()
    assert excluded.profile.person is None and excluded.profile.removed_at is not None
    assert excluded.profile.photos.count() == 0
    assert AuditEvent.objects.filter(action="scheme.profile_removed").count() == 1


def test_a_grace_period_keeps_the_profile_that_many_days(settings, admin_user, red_lion, council):
    settings.SCHEME_PROFILE_GRACE_DAYS = 3
    from safer.schemes.retention import profiles_remove_expired

    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion], ends=1)
    ends = excluded.ends_on
    assert profiles_remove_expired(today=ends + timedelta(days=2)) == 0
    assert profiles_remove_expired(today=ends + timedelta(days=3)) == 1


def test_an_exclusion_ended_early_is_removed_from_the_day_it_ended(
    admin_user, member, red_lion, council
):
    scheme = red_lion.scheme
    excluded = f.exclusion(admin_user, scheme, f.person(council), [red_lion], ends=60)
    appeal = services.appeal_record(
        access=access_scheme(admin_user, scheme.pk),
        exclusion=excluded,
        received_on=timezone.localdate(),
        grounds="Mistaken identity",
        recorded_by=admin_user,
    )
    services.appeal_decide(
        access=access_scheme(admin_user, scheme.pk),
        appeal=appeal,
        outcome="upheld",
        decided_on=timezone.localdate(),
        notes="CCTV shows someone else",
        decided_by=admin_user,
    )
    excluded.refresh_from_db()
    assert excluded.ended_on == timezone.localdate()
    assert selectors.excluded_people(access_scheme(member, scheme.pk)) == []
    from safer.schemes.retention import profiles_remove_expired

    assert profiles_remove_expired() == 1


def test_an_under_18_is_never_shown_to_a_member(client, admin_user, member, red_lion, council):
    scheme = red_lion.scheme
    child = f.person(council, first="Young", last="Person", age=16)
    unknown_age = f.person(council, first="Ageless", last="Person", age=None)
    adult = f.person(council, first="Grown", last="Up", age=40)
    for someone in (child, unknown_age, adult):
        f.exclusion(admin_user, scheme, someone, [red_lion])
    member_view = selectors.excluded_people(access_scheme(member, scheme.pk))
    assert [e.profile.person for e in member_view] == [adult]
    staff_view = selectors.excluded_people(access_scheme(admin_user, scheme.pk))
    assert {e.profile.person for e in staff_view} == {child, unknown_age, adult}
    child_profile = child.scheme_profiles.get()
    client.force_login(member)
    page = client.get(reverse("schemes:excluded", args=[scheme.pk]))
    assert "Grown Up" in page.text and "Young" not in page.text
    url = reverse("schemes:profile", args=[scheme.pk, child_profile.pk])
    assert client.get(url).status_code == 404
    photo = child_profile.photos.get()
    assert client.get(reverse("schemes:photo", args=[scheme.pk, photo.pk])).status_code == 404
    api = client.get(f"/api/v1/schemes/{scheme.pk}/excluded").json()
    assert [p["name"] for p in api] == ["Grown Up"]
    # nor counted: the scheme's summary counts only the people a member may see
    dashboard = client.get(reverse("schemes:detail", args=[scheme.pk])).text
    assert "1 person excluded today" in dashboard


def test_every_member_view_is_audited_and_they_see_when_they_last_looked(
    client, admin_user, member, red_lion, council
):
    scheme = red_lion.scheme
    excluded = f.exclusion(admin_user, scheme, f.person(council), [red_lion])
    profile = excluded.profile
    client.force_login(member)
    url = reverse("schemes:profile", args=[scheme.pk, profile.pk])
    first = client.get(url)
    assert "first time you have viewed" in first.text
    second = client.get(url)
    assert "You last viewed this profile on" in second.text
    events = AuditEvent.objects.filter(action="scheme.profile_viewed", actor=member)
    assert events.count() == 2
    client.get(reverse("schemes:excluded", args=[scheme.pk]))
    client.get(f"/api/v1/schemes/{scheme.pk}/excluded")
    listed = AuditEvent.objects.filter(action="scheme.excluded_listed", actor=member)
    assert listed.count() == 2
    assert all(e.changes["profiles"] == [profile.pk] for e in listed)
    assert ProfileView.objects.filter(user=member, profile=profile).count() == 4
    photo = profile.photos.get()
    assert client.get(reverse("schemes:photo", args=[scheme.pk, photo.pk])).status_code == 200


def test_member_accounts_reach_nothing_outside_their_schemes(client, member, caseworker):
    assert is_member_user(member) and not is_member_user(caseworker)
    client.force_login(member)
    assert client.get("/").status_code == 302  # home is their schemes
    assert client.get("/")["Location"] == reverse("schemes:home")
    for path in (
        "/cases/",
        "/people/",
        "/intel/",
        "/plans/",
        "/audit/",
        "/manage/users/",
        "/cohorts/",
        "/account/api-tokens/",
        "/referrals/",
    ):
        assert client.get(path).status_code in (403, 404), path
    for path in ("/api/v1/cases", "/api/v1/people", "/api/v1/cohorts", "/api/v1/me"):
        assert client.get(path).status_code in (403, 404), path
    assert client.get(reverse("schemes:home")).status_code == 200


def test_staff_are_never_made_scheme_members(admin_user, red_lion, caseworker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.scheme_user_add(
            access=access_scheme(admin_user, red_lion.scheme_id),
            business=red_lion,
            username=caseworker.username,
            requested_by=admin_user,
        )


def test_a_members_incident_list_never_names_an_offender_they_may_not_see(
    client, admin_user, member, red_lion, council
):
    """An incident at their premises may name a child (reported by staff) or someone whose
    exclusion has ended: the member gets neither name, only a link to a profile they may open
    today, where the view is audited."""
    scheme = red_lion.scheme
    child = f.exclusion(admin_user, scheme, f.person(council, first="Young", age=16), [red_lion])
    adult = f.exclusion(admin_user, scheme, f.person(council, first="Grown", age=40), [red_lion])
    for reporter, excluded in ((admin_user, child), (member, adult)):
        services.incident_report(
            access=access_scheme(reporter, scheme.pk),
            reported_by=reporter,
            kind="abuse",
            occurred_at=timezone.now() - timedelta(hours=1),
            description="Shouted at staff",
            business_id=red_lion.pk,
            offender_id=excluded.profile_id,
        )
    client.force_login(member)
    adult_link = reverse("schemes:profile", args=[scheme.pk, adult.profile_id])
    for name in ("incidents", "detail"):
        page = client.get(reverse(f"schemes:{name}", args=[scheme.pk])).text
        assert "Young" not in page and "Grown" not in page
        assert adult_link in page and "not shown to members" in page
        assert reverse("schemes:profile", args=[scheme.pk, child.profile_id]) not in page
    services.exclusion_end(
        access=access_scheme(admin_user, scheme.pk),
        exclusion=adult,
        ended_on=timezone.localdate(),
        reason="Appeal upheld",
        ended_by=admin_user,
    )
    page = client.get(reverse("schemes:incidents", args=[scheme.pk])).text
    assert adult_link not in page and page.count("not shown to members") == 2
    api = client.get(f"/api/v1/schemes/{scheme.pk}/incidents").json()
    assert [i["offender_id"] for i in api] == [None, None]
    client.force_login(admin_user)
    staff_page = client.get(reverse("schemes:incidents", args=[scheme.pk])).text
    assert "Young Offender" in staff_page and "Grown Offender" in staff_page


def test_the_known_offender_list_on_the_incident_form_is_an_audited_view(
    client, admin_user, member, red_lion, council
):
    excluded = f.exclusion(admin_user, red_lion.scheme, f.person(council), [red_lion])
    client.force_login(member)
    page = client.get(reverse("schemes:incident_new", args=[red_lion.scheme_id]))
    assert "Fictional Offender" in page.text
    event = AuditEvent.objects.get(action="scheme.excluded_listed", actor=member)
    assert event.changes["via"] == "incident form"
    assert event.changes["profiles"] == [excluded.profile_id]
    assert ProfileView.objects.filter(user=member, profile=excluded.profile).exists()
