"""Photos on the "Report anti-social behaviour" journey: cleaned of their metadata and held
until the report is sent, then filed with it for staff who may open the report; what a journey
leaves behind is deleted by the daily job."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from safer.audit.models import AuditEvent
from safer.cases.models import Report
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.public import photos
from safer.public.tests.test_report_asb import ANSWERS, answer_all, page

pytestmark = pytest.mark.django_db

PHOTOS_PAGE = reverse("public:report_asb_question", args=["photos"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_location(name="street.jpg") -> SimpleUploadedFile:
    """A JPEG carrying EXIF: the GPS block and the camera's make, as phones write them."""
    image = Image.new("RGB", (64, 48), (30, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Fictional Phone Co"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def held_files(media) -> list[str]:
    folder = media / photos.PENDING
    return sorted(os.listdir(folder)) if folder.exists() else []


def add(client, upload, button="add"):
    return client.post(PHOTOS_PAGE, {"photo": upload, button: "1"})


def test_a_photo_is_held_without_its_metadata_and_listed(client, media):
    response = add(client, jpeg_with_location())
    assert response.status_code == 302 and response["Location"] == PHOTOS_PAGE
    [name] = held_files(media)
    with Image.open(media / photos.PENDING / name) as held:
        assert not held.getexif()  # no location, no camera
        assert held.size == (64, 48)
    body = client.get(PHOTOS_PAGE).content.decode()
    assert 'id="photos-added"' in body and "Photo 1" in body
    assert "street.jpg" not in body  # the file's own name is not kept


def test_sending_files_the_photos_with_the_report_and_deletes_the_held_copies(
    client, media, council
):
    answers = [(slug, data) for slug, data in ANSWERS if slug != "photos"]
    answer_all(client, answers[:3])
    add(client, jpeg_with_location())
    add(client, jpeg_with_location("second.jpg"), button="continue")
    answer_all(client, answers[3:])
    check = client.get(reverse("public:report_asb_check")).content.decode()
    assert "2 photos" in check and 'href="/report-asb/photos?change=1"' in check
    client.post(reverse("public:report_asb_check"), {"website": ""})
    report = Report.objects.get()
    filed = list(report.photos.all())
    assert [p.content_type for p in filed] == ["image/jpeg", "image/jpeg"]
    with filed[0].file.open("rb") as file, Image.open(file) as image:
        assert not image.getexif()
    assert held_files(media) == []
    created = AuditEvent.objects.get(action="report.created")
    assert created.changes["photos"] == 2


def test_a_photo_can_be_removed(client, media):
    add(client, jpeg_with_location())
    add(client, jpeg_with_location("b.jpg"))
    assert len(held_files(media)) == 2
    client.post(PHOTOS_PAGE, {"remove": "0"})
    assert len(held_files(media)) == 1
    assert "Photo 2" not in client.get(PHOTOS_PAGE).content.decode()


def test_no_more_than_the_limit(client, media, settings):
    settings.PUBLIC_PHOTOS_PER_REPORT = 2
    add(client, jpeg_with_location())
    add(client, jpeg_with_location())
    assert 'id="photos-full"' in client.get(PHOTOS_PAGE).content.decode()
    response = add(client, jpeg_with_location())
    assert response.status_code == 200
    assert "You can add up to 2 photos" in response.content.decode()
    assert len(held_files(media)) == 2


def test_a_file_that_is_not_a_photo_is_refused_at_the_field(client, media):
    response = add(client, SimpleUploadedFile("notes.jpg", b"%PDF-1.7 not a photo"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The photo must be a JPG or PNG image" in body and "govuk-error-summary" in body
    assert held_files(media) == []


def test_a_photo_too_big_is_refused_before_it_is_read(client, media, settings):
    settings.PUBLIC_PHOTO_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.jpg", b"\xff" * (1024 * 1024 + 1))
    body = add(client, big).content.decode()
    assert "The photo must be smaller than 1 MB" in body
    assert held_files(media) == []


def test_continuing_without_a_photo_is_fine(client):
    response = client.post(PHOTOS_PAGE, {"continue": "1"})
    assert response["Location"] == page("when")


def test_the_daily_job_deletes_photos_of_journeys_never_sent(client, media):
    add(client, jpeg_with_location())
    add(client, jpeg_with_location())
    old, fresh = held_files(media)
    day_ago = time.time() - 25 * 3600
    os.utime(media / photos.PENDING / old, (day_ago, day_ago))
    assert photos.pending_photos_purge() == 1
    assert held_files(media) == [fresh]
    assert AuditEvent.objects.filter(action="public.pending_photos_purged").exists()
    assert photos.pending_photos_purge(now=timezone.now() + timedelta(days=2)) == 1


def test_staff_who_may_open_the_report_see_its_photos_and_each_view_is_audited(
    client, media, council
):
    answers = [(slug, data) for slug, data in ANSWERS if slug != "photos"]
    answer_all(client, answers[:3])
    add(client, jpeg_with_location(), button="continue")
    answer_all(client, answers[3:])
    client.post(reverse("public:report_asb_check"), {"website": ""})
    report = Report.objects.get()
    photo = report.photos.get()
    caseworker = member(Role.CASEWORKER, council, username="photo-caseworker")
    client.force_login(caseworker)
    detail = client.get(reverse("cases:report_detail", args=[report.reference])).content.decode()
    url = reverse("cases:report_photo", args=[report.reference, photo.pk])
    assert url in detail
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    viewed = AuditEvent.objects.get(action="report.photo_viewed")
    assert viewed.actor == caseworker and viewed.changes == {"photo": photo.pk}
    stranger = member(Role.CASEWORKER, OrganisationFactory(), username="photo-stranger")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_held_name_from_elsewhere_is_never_read(media):
    secret = media / "secret.png"
    secret.write_bytes(b"x")
    assert photos.photos_read([{"name": "public/pending/../../secret.png", "type": "x"}]) == []
    assert photos.photos_read([{"name": "secret.png", "type": "image/png"}]) == []
    photos.photos_discard([{"name": "secret.png"}])
    assert secret.exists()
    assert default_storage.exists("secret.png")
