"""The daily search for victims who already meet the Community Trigger threshold and have not
applied (settings.DAILY_JOBS)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from safer import audit
from safer.casereviews import selectors
from safer.casereviews.models import EligibleVictim
from safer.core.daily import enqueue_unless_recent

# A run is queued at most once in this long, however often something asks.
INTERVAL = timedelta(hours=23)


def eligible_victims_refresh(*, today=None) -> int:
    """Replace the list of eligible victims with today's; running it twice in a day gives the
    same list. Returns how many were found."""
    today = today or timezone.localdate()
    found = selectors.eligible_victims(today=today)
    with transaction.atomic():
        EligibleVictim.objects.exclude(person_id__in=[p for p, _ in found]).delete()
        for person_id, qualifying in found:
            EligibleVictim.objects.update_or_create(
                person_id=person_id,
                defaults={"qualifying_complaints": qualifying, "found_on": today},
            )
        audit.record(
            actor=None, action="casereview.eligible_victims_found", changes={"found": len(found)}
        )
    return len(found)


@task()
def eligible_victims_refresh_daily() -> int:
    return eligible_victims_refresh()


def eligible_victims_enqueue_due(*, now: datetime | None = None) -> bool:
    """Queue the search unless one was queued in the last 23 hours (safe to ask often)."""
    return enqueue_unless_recent(eligible_victims_refresh_daily, within=INTERVAL, now=now)
