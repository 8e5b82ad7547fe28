"""Abuse protection for the public forms that shuts no one out: a per-address limit on
submissions, a honeypot field, bounded text and uploads, and photos stripped of their metadata.
No CAPTCHA: nothing here asks a person to prove anything, so assistive technology is never
blocked.
"""

import io
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from safer.core.middleware import client_ip
from safer.core.ratelimit import Rate, RateLimited, consume

HONEYPOT = "website"  # a name bots fill in and people never see
TOO_MANY = _(
    "You have sent a lot of forms from this connection in the last hour. Wait an hour and try "
    "again, or phone us."
)
PHOTO_TOO_BIG = _("The photo must be smaller than %(megabytes)s MB")
PHOTO_NOT_IMAGE = _("The photo must be a JPG or PNG image")
TOO_MANY_PHOTOS = _("You can add up to %(count)s photos")
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class HoneypotMixin(forms.Form):
    """A field hidden from people (and from screen readers and the tab order) that a bot fills
    in. `honeypot_filled` tells the view to answer as if all went well and store nothing."""

    website = forms.CharField(required=False, max_length=200)

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())


def submission_allowed(request, journey: str) -> bool:
    """Count one submission of `journey` from the caller's address; False once the address has
    sent PUBLIC_SUBMISSIONS_PER_HOUR of them in the hour (nothing is counted then)."""
    rate = Rate(limit=settings.PUBLIC_SUBMISSIONS_PER_HOUR, window=timedelta(hours=1))
    try:
        consume(f"public:{journey}", client_ip(request) or "unknown", rate)
    except RateLimited:
        return False
    return True


def too_many_submissions(request):
    """The 429 page, in the visitor's language, saying what to do."""
    response = render(request, "public/too_many.html", {"message": TOO_MANY}, status=429)
    response["Retry-After"] = "3600"
    return response


def clean_photo(upload) -> tuple[bytes, str]:
    """A photo's pixels re-encoded without its metadata (location, camera, time), bounded in
    size before it is read; returns (bytes, content type) or raises ValidationError."""
    limit = settings.PUBLIC_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(PHOTO_TOO_BIG, params={"megabytes": limit // (1024 * 1024)})
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(PHOTO_NOT_IMAGE)
            if image.width * image.height > settings.PUBLIC_PHOTO_MAX_PIXELS:
                raise ValidationError(PHOTO_TOO_BIG, params={"megabytes": limit // (1024 * 1024)})
            image.load()
            fmt = image.format
            # A new image from the pixels alone: no EXIF (location, camera, time), XMP or
            # comments come across, whatever the file held.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
            if image.mode == "P":
                clean.putpalette(image.getpalette())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(PHOTO_NOT_IMAGE) from None
    out = io.BytesIO()
    clean.save(out, format=fmt)  # no exif= and no pnginfo: nothing but the pixels is kept
    return out.getvalue(), IMAGE_FORMATS[fmt]
