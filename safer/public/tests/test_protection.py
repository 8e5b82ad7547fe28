"""Abuse protection on the public forms: the per-address limit, the honeypot and photos."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from safer.public import protection

pytestmark = pytest.mark.django_db


def request_from(address: str):
    return RequestFactory().post("/report-asb", REMOTE_ADDR=address)


def test_each_address_gets_its_own_hourly_allowance(settings):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 2
    first = request_from("192.0.2.1")
    assert protection.submission_allowed(first, "asb")
    assert protection.submission_allowed(first, "asb")
    assert not protection.submission_allowed(first, "asb")
    assert protection.submission_allowed(request_from("192.0.2.2"), "asb")
    assert protection.submission_allowed(first, "hate")  # each journey counts apart
    refused = protection.too_many_submissions(first)
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"


def test_the_honeypot_tells_a_bot_from_a_person():
    class Form(protection.HoneypotMixin):
        pass

    assert not Form({"website": ""}).honeypot_filled()
    assert Form({"website": "http://spam.example"}).honeypot_filled()


def photo(fmt: str, *, exif: bool = True, size=(40, 30)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 10, 10))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        data[0x0132] = "2026:12:04 21:00:00"  # DateTime
        image.save(out, format=fmt, exif=data)
    else:
        image.save(out, format=fmt)
    return SimpleUploadedFile(f"p.{fmt.lower()}", out.getvalue())


def test_a_photo_keeps_its_pixels_and_loses_its_metadata():
    upload = photo("JPEG")
    assert Image.open(io.BytesIO(upload.read())).getexif()  # the original carries them
    upload.seek(0)
    content, content_type = protection.clean_photo(upload)
    cleaned = Image.open(io.BytesIO(content))
    assert content_type == "image/jpeg" and cleaned.size == (40, 30)
    assert not cleaned.getexif() and "exif" not in cleaned.info
    content, content_type = protection.clean_photo(photo("PNG"))
    assert content_type == "image/png"


def test_a_photo_too_big_or_not_a_photo_is_refused_before_it_is_read(settings):
    settings.PUBLIC_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        protection.clean_photo(photo("PNG", size=(400, 400)))
    settings.PUBLIC_PHOTO_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ValidationError):
        protection.clean_photo(SimpleUploadedFile("x.jpg", b"not an image at all"))
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    with pytest.raises(ValidationError):
        protection.clean_photo(SimpleUploadedFile("x.gif", gif.getvalue()))
    settings.PUBLIC_PHOTO_MAX_PIXELS = 100
    with pytest.raises(ValidationError):
        protection.clean_photo(photo("PNG", size=(20, 20)))
