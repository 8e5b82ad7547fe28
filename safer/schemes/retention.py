"""Removing offender profiles once their exclusions end (settings.DAILY_JOBS).

A profile's photographs (their files, from storage) and personal data go once every exclusion
of it has ended and SCHEME_PROFILE_GRACE_DAYS more days have passed (0 by default: nothing is
kept). What remains is an empty profile so the scheme's counts (exclusions, breaches) still add
up; it names nobody.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from safer import audit
from safer.core.daily import enqueue_unless_recent
from safer.schemes.models import Appeal, Exclusion, OffenderPhoto, OffenderProfile


def profiles_due(day: date) -> list[OffenderProfile]:
    """Profiles not yet emptied whose every exclusion stopped applying at least the grace
    period before `day` (its last day is the day before `ends_on`, or before `ended_on`)."""
    grace = timedelta(days=settings.SCHEME_PROFILE_GRACE_DAYS)
    cutoff = day - grace
    still_held = Exclusion.objects.filter(
        Q(ended_on__isnull=True, ends_on__gt=cutoff)
        | Q(ended_on__isnull=False, ended_on__gt=cutoff)
    )
    return list(
        OffenderProfile.objects.filter(removed_at__isnull=True, exclusions__isnull=False)
        .exclude(pk__in=still_held.values("profile"))
        .distinct()
    )


def profile_remove(profile: OffenderProfile) -> int:
    """Delete the profile's photographs from storage and clear its personal data; returns the
    number of files deleted."""
    deleted = 0
    with transaction.atomic():
        photos = list(profile.photos.all())
        names = [p.file.name for p in photos]
        profile.photos.all().delete()
        Exclusion.objects.filter(profile=profile).update(reason="", area="", ended_reason="")
        Appeal.objects.filter(exclusion__profile=profile).update(grounds="", decision_notes="")
        profile.person = None
        profile.description = ""
        profile.removed_at = timezone.now()
        profile.save(update_fields=["person", "description", "removed_at", "updated_at"])
        audit.record(
            actor=None,
            action="scheme.profile_removed",
            target=profile,
            organisation=profile.scheme.organisation,
            changes={"photos": len(names)},
        )
    file_storage = OffenderPhoto._meta.get_field("file").storage
    for name in names:
        if name and file_storage.exists(name):
            file_storage.delete(name)
            deleted += 1
    return deleted


def profiles_remove_expired(*, today: date | None = None) -> int:
    """Empty every profile due; the number emptied."""
    today = today or timezone.localdate()
    due = profiles_due(today)
    for profile in due:
        profile_remove(profile)
    return len(due)


@task()
def profiles_remove_expired_daily() -> int:
    return profiles_remove_expired()


def profiles_remove_enqueue_due(*, now=None) -> bool:
    """The daily job (settings.DAILY_JOBS)."""
    return enqueue_unless_recent(profiles_remove_expired_daily, within=timedelta(hours=23), now=now)
