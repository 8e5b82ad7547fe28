"""Photos added on the "Report anti-social behaviour" journey, held until the report is sent.

A journey's answers live in the session until the final submit, but photos are too big for it:
each is stripped of its metadata (protection.clean_photo) and held in storage under PENDING with
a random name; the session keeps only those names. Sending the report files them with it and
deletes the held copies; a daily job deletes what a journey left behind."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from safer import audit
from safer.core.daily import enqueue_unless_recent
from safer.public.protection import clean_photo

PENDING = "public/pending/"
SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png"}


def photo_hold(upload) -> dict:
    """Clean an uploaded photo and hold it; what the session keeps of it. Raises
    ValidationError (in the visitor's language) for a file too big or not a photo."""
    content, content_type = clean_photo(upload)
    name = default_storage.save(
        f"{PENDING}{secrets.token_hex(16)}{SUFFIX[content_type]}", ContentFile(content)
    )
    return {"name": name, "type": content_type, "size": len(content)}


def _held(name: str) -> bool:
    """Only names this module made: under PENDING, no way out of it."""
    rest = name.removeprefix(PENDING)
    return name.startswith(PENDING) and rest and "/" not in rest and ".." not in rest


def photos_read(held: list[dict]) -> list[tuple[bytes, str]]:
    """The held photos' contents for sending; one purged meanwhile is left out."""
    found = []
    for photo in held:
        name = photo.get("name", "")
        if _held(name) and default_storage.exists(name):
            with default_storage.open(name, "rb") as file:
                found.append((file.read(), photo["type"]))
    return found


def photos_discard(held: list[dict]) -> None:
    for photo in held:
        name = photo.get("name", "")
        if _held(name):
            default_storage.delete(name)


def pending_photos_purge(*, now=None) -> int:
    """Delete held photos older than PUBLIC_PHOTO_PENDING_HOURS: journeys never sent."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.PUBLIC_PHOTO_PENDING_HOURS)
    try:
        _, files = default_storage.listdir(PENDING)
    except FileNotFoundError:
        return 0
    purged = 0
    for file in files:
        name = PENDING + file
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            purged += 1
    if purged:
        audit.record(actor=None, action="public.pending_photos_purged", changes={"photos": purged})
    return purged


@task()
def pending_photos_purge_daily() -> int:
    return pending_photos_purge()


def pending_photos_enqueue_due(*, now=None) -> bool:
    """The daily job (settings.DAILY_JOBS)."""
    return enqueue_unless_recent(pending_photos_purge_daily, within=timedelta(hours=23), now=now)
