"""Staff pages: who may read and change, boundaries from a file or LSOAs with clear errors,
the team (photos cleaned), events and priorities; every change audited."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from safer.audit.models import AuditEvent
from safer.neighbourhoods import forms as nforms
from safer.neighbourhoods.models import Event, Neighbourhood, Priority, TeamMember
from safer.neighbourhoods.tests.factories import BANBURY_LSOAS, neighbourhood, priority
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

SQUARE = [[-1.35, 52.05], [-1.33, 52.05], [-1.33, 52.07], [-1.35, 52.07], [-1.35, 52.05]]


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator")


@pytest.fixture
def as_coordinator(signed_in, coordinator):
    return signed_in(coordinator)


def _geojson(obj, name="area.geojson") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(obj).encode(), content_type="application/geo+json")


def _form(**extra) -> dict:
    data = {"name": "Banbury Town", "slug": "banbury-town", "is_published": "on"}
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "role, reads, changes",
    [
        (Role.COORDINATOR, True, True),
        (Role.CASEWORKER, True, False),
        (Role.VIEWER, True, False),
        (Role.ANALYST, True, False),
        (Role.ADMIN, False, False),
    ],
)
def test_who_may_read_and_change(signed_in, council, role, reads, changes):
    n = neighbourhood()
    client = signed_in(member(role, council, username=f"u-{role}"))
    assert client.get(reverse("neighbourhoods:list")).status_code == (200 if reads else 403)
    detail = client.get(reverse("neighbourhoods:detail", args=[n.slug]))
    assert detail.status_code == (200 if reads else 403)
    assert client.get(reverse("neighbourhoods:edit", args=[n.slug])).status_code == (
        200 if changes else 403
    )
    posted = client.post(reverse("neighbourhoods:priority_add", args=[n.slug]), {"issue": "x"})
    assert posted.status_code in ((200, 302) if changes else (403,))
    if not changes:
        assert not Priority.objects.exists()


def test_create_from_an_uploaded_geojson_file(as_coordinator, coordinator):
    response = as_coordinator.post(
        reverse("neighbourhoods:create"),
        _form(boundary_file=_geojson({"type": "Polygon", "coordinates": [SQUARE]})),
    )
    n = Neighbourhood.objects.get()
    assert response["Location"] == reverse("neighbourhoods:detail", args=["banbury-town"])
    assert n.boundary == [[[[lat, lng] for lng, lat in SQUARE]]]
    assert (n.centre_latitude, n.centre_longitude) == (52.06, -1.34)  # worked out
    assert n.lsoa_codes == [] and n.created_by == coordinator
    event = AuditEvent.objects.get(action="neighbourhood.created")
    assert event.changes["boundary"] == "5 points" and event.changes["slug"] == "banbury-town"
    page = as_coordinator.get(response["Location"])
    assert "Banbury Town" in page.text and 'id="neighbourhood-map-data"' in page.text


def test_create_from_lsoa_codes_keeps_the_codes_and_a_given_centre(as_coordinator):
    as_coordinator.post(
        reverse("neighbourhoods:create"),
        _form(
            lsoa_codes=" e01028445,E01028446\nE01028447 E01028448 E01028445",
            centre_latitude="52.07",
            centre_longitude="-1.345",
        ),
    )
    n = Neighbourhood.objects.get()
    assert n.lsoa_codes == BANBURY_LSOAS
    assert len(n.boundary) == 1
    assert (n.centre_latitude, n.centre_longitude) == (52.07, -1.345)


@pytest.mark.parametrize(
    "extra, field, message",
    [
        (
            {"boundary_file": "polygon-not-closed"},
            "boundary_file",
            "Ring 1 of polygon 1 is not closed",
        ),
        ({"lsoa_codes": "E01028445 E01999999"}, "lsoa_codes", "No outline is held for E01999999"),
        ({"lsoa_codes": "E01028445 Banbury"}, "lsoa_codes", "BANBURY is not LSOA codes"),
        ({}, "boundary_file", nforms.BOUNDARY_NEEDED),
        (
            {"boundary_file": "square", "lsoa_codes": "E01028445"},
            "boundary_file",
            nforms.BOUNDARY_BOTH,
        ),
        (
            {"lsoa_codes": "E01028445", "centre_latitude": "52"},
            "centre_latitude",
            nforms.CENTRE_BOTH,
        ),
        ({"lsoa_codes": "E01028445", "slug": "neighbourhoods"}, "slug", "Choose another id"),
        ({"lsoa_codes": "E01028445", "slug": "taken"}, "slug", "Another neighbourhood already"),
    ],
)
def test_a_refused_neighbourhood_says_what_is_wrong_and_stores_nothing(
    as_coordinator, extra, field, message
):
    if extra.get("boundary_file") == "polygon-not-closed":
        extra["boundary_file"] = _geojson(
            {"type": "Polygon", "coordinates": [[*SQUARE[:-1], [0, 0]]]}
        )
    elif extra.get("boundary_file") == "square":
        extra["boundary_file"] = _geojson({"type": "Polygon", "coordinates": [SQUARE]})
    existing = neighbourhood("taken", "Taken", lsoas=["E01028449"]) if "slug" in extra else None
    response = as_coordinator.post(reverse("neighbourhoods:create"), _form(**extra))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message.split("“")[0] in response.text.replace("&#x27;", "'")
    assert list(Neighbourhood.objects.all()) == ([existing] if existing else [])
    assert not AuditEvent.objects.filter(action__startswith="neighbourhood.").exists()


def test_a_boundary_file_over_the_limit_is_refused_before_it_is_read(as_coordinator, monkeypatch):
    monkeypatch.setattr(nforms, "BOUNDARY_MAX_BYTES", 100)
    read = []
    monkeypatch.setattr(nforms.geometry, "boundary_from_geojson", lambda raw: read.append(raw))
    big = _geojson({"type": "Polygon", "coordinates": [SQUARE * 5]})
    response = as_coordinator.post(reverse("neighbourhoods:create"), _form(boundary_file=big))
    assert nforms.BOUNDARY_TOO_BIG in response.context["form"].errors["boundary_file"]
    assert read == [] and not Neighbourhood.objects.exists()


def test_edit_keeps_the_boundary_unless_a_new_one_is_given(as_coordinator):
    n = neighbourhood()
    old = n.boundary
    url = reverse("neighbourhoods:edit", args=[n.slug])
    as_coordinator.post(url, _form(name="Banbury Centre", description="Town centre"))
    n.refresh_from_db()
    assert n.name == "Banbury Centre" and n.boundary == old and n.lsoa_codes == BANBURY_LSOAS
    changed = AuditEvent.objects.get(action="neighbourhood.changed")
    assert changed.changes == {"name": "Banbury Centre", "description": "Town centre"}
    as_coordinator.post(
        url,
        _form(
            name="Banbury Centre",
            boundary_file=_geojson({"type": "Polygon", "coordinates": [SQUARE]}),
        ),
    )
    n.refresh_from_db()
    assert n.lsoa_codes == [] and len(n.boundary[0][0]) == 5
    assert (n.centre_latitude, n.centre_longitude) == (52.06, -1.34)  # moved with the boundary


def _photo_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 40), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (51, 30, 0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("home-address.jpg", out.getvalue(), content_type="image/jpeg")


def test_team_member_with_a_photo_stripped_of_metadata(as_coordinator, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    n = neighbourhood()
    response = as_coordinator.post(
        reverse("neighbourhoods:team_add", args=[n.slug]),
        {
            "name": "PC Fictional Example",
            "rank": "PC",
            "contact_email": "team@example.org",
            "photo": _photo_with_gps(),
        },
    )
    assert response.status_code == 302
    person = TeamMember.objects.get()
    assert "home-address" not in person.photo.name
    with Image.open(person.photo.path) as saved:
        assert not saved.getexif()
    assert (
        AuditEvent.objects.get(action="neighbourhood.team_member_added").changes["photo"]
        == "new photo"
    )
    client.logout()
    photo = client.get(reverse("neighbourhoods:team_photo", args=[n.slug, person.pk]))
    assert photo.status_code == 200  # public for a published neighbourhood
    n.is_published = False
    n.save()
    assert (
        client.get(reverse("neighbourhoods:team_photo", args=[n.slug, person.pk])).status_code
        == 404
    )


def test_a_photo_that_is_not_an_image_is_refused(as_coordinator):
    n = neighbourhood()
    response = as_coordinator.post(
        reverse("neighbourhoods:team_add", args=[n.slug]),
        {"name": "PC Fictional Example", "photo": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert not TeamMember.objects.exists()


def test_events_added_changed_and_removed(as_coordinator):
    n = neighbourhood()
    starts = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    as_coordinator.post(
        reverse("neighbourhoods:event_add", args=[n.slug]),
        {
            "title": "Street surgery",
            "type": "surgery",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "address": "Market Place, Banbury",
        },
    )
    event = Event.objects.get()
    assert event.starts_at == starts and event.type == "surgery"
    refused = as_coordinator.post(
        reverse("neighbourhoods:event_edit", args=[n.slug, event.pk]),
        {
            "title": "Street surgery",
            "type": "surgery",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert nforms.ENDS_BEFORE_START in refused.context["form"].errors["ends_at"]
    as_coordinator.post(reverse("neighbourhoods:event_remove", args=[n.slug, event.pk]))
    assert not Event.objects.exists()
    assert {
        e.action for e in AuditEvent.objects.filter(action__startswith="neighbourhood.event")
    } == {
        "neighbourhood.event_added",
        "neighbourhood.event_removed",
    }


def test_priorities_added_and_closed(as_coordinator):
    n = neighbourhood()
    as_coordinator.post(
        reverse("neighbourhoods:priority_add", args=[n.slug]),
        {"issue": "Anti-social behaviour in People's Park", "issue_date": "2026-10-01"},
    )
    p = Priority.objects.get()
    closing = reverse("neighbourhoods:priority_close", args=[n.slug, p.pk])
    early = as_coordinator.post(closing, {"closed_on": "2026-09-01"})
    assert early.status_code == 400
    p.refresh_from_db()
    assert p.closed_on is None
    as_coordinator.post(
        closing, {"closed_on": "2026-11-20", "action": "Patrols and a dispersal order"}
    )
    p.refresh_from_db()
    assert str(p.closed_on) == "2026-11-20" and p.action == "Patrols and a dispersal order"
    assert str(p.action_date) == "2026-11-20"
    assert (
        AuditEvent.objects.get(action="neighbourhood.priority_closed").changes["closed_on"]
        == "2026-11-20"
    )
    page = as_coordinator.get(reverse("neighbourhoods:detail", args=[n.slug]))
    assert "Closed priorities" in page.text


def test_unknown_neighbourhood_is_404(as_coordinator):
    assert as_coordinator.get(reverse("neighbourhoods:detail", args=["nowhere"])).status_code == 404
    n = neighbourhood()
    p = priority(n)
    other = neighbourhood("other", "Other", lsoas=["E01028449"])
    url = reverse("neighbourhoods:priority_edit", args=[other.slug, p.pk])
    assert as_coordinator.get(url).status_code == 404


def test_places_and_links_added_removed_and_served_as_police_uk_gives_them(as_coordinator, client):
    n = neighbourhood()
    as_coordinator.post(
        reverse("neighbourhoods:place_add", args=[n.slug]),
        {
            "name": "Banbury Police Station",
            "type": "station",
            "address": "Warwick Road, Banbury",
            "postcode": "OX16 2AE",
            "latitude": "52.0655",
            "longitude": "-1.3421",
        },
    )
    refused = as_coordinator.post(
        reverse("neighbourhoods:link_add", args=[n.slug]),
        {"title": "Council", "url": "ftp://example.org/file"},
    )
    assert refused.context["form"].errors["url"]
    as_coordinator.post(
        reverse("neighbourhoods:link_add", args=[n.slug]),
        {"title": "Cherwell District Council", "url": "https://www.cherwell.gov.uk"},
    )
    n.refresh_from_db()
    assert n.locations[0]["postcode"] == "OX16 2AE"
    assert n.links == [
        {
            "title": "Cherwell District Council",
            "url": "https://www.cherwell.gov.uk",
            "description": "",
        }
    ]
    as_coordinator.logout()
    body = client.get(f"/api/thames-valley/{n.slug}").json()
    assert body["locations"] == [
        {
            "name": "Banbury Police Station",
            "longitude": "-1.3421",
            "postcode": "OX16 2AE",
            "address": "Warwick Road, Banbury",
            "latitude": "52.0655",
            "type": "station",
            "description": None,
        }
    ]
    assert body["links"] == [
        {
            "url": "https://www.cherwell.gov.uk",
            "description": None,
            "title": "Cherwell District Council",
        }
    ]


def test_removing_a_place_is_audited_and_a_stale_index_is_refused(as_coordinator):
    n = neighbourhood(locations=[{"name": "Station", "address": "High Street", "type": "station"}])
    url = reverse("neighbourhoods:place_remove", args=[n.slug, 0])
    assert as_coordinator.post(url).status_code == 302
    n.refresh_from_db()
    assert n.locations == []
    assert AuditEvent.objects.get(action="neighbourhood.changed").changes == {"locations": []}
    stale = as_coordinator.post(url, follow=True)
    assert "no longer there" in stale.text
