"""Writes for partnership news and community screen safety messages, each audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safer import audit
from safer.neighbourhoods.models import Neighbourhood
from safer.opendata.models import NewsItem, SafetyMessage
from safer.partners.access import organisation_of

NO_ORGANISATION = "You are not a member of a partner organisation"
ENDS_BEFORE_START = "The last day must be the same as or after the first day"
ALREADY_PUBLISHED = "This news item is already published"
NOT_PUBLISHED = "This news item is not published"
NOT_PENDING = "Only a message waiting for approval can be approved"


def _unique_slug(title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:70] or "news"
    slug, number = base, 2
    while NewsItem.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def news_create(*, created_by, title: str, summary: str, body: str) -> NewsItem:
    """A draft news item (not public until published); its address comes from the title."""
    item = NewsItem(
        title=title, summary=summary, body=body, slug=_unique_slug(title), created_by=created_by
    )
    item.full_clean()
    item.save()
    audit.record(actor=created_by, action="news.created", target=item, changes={"title": title})
    return item


@transaction.atomic
def news_update(*, item: NewsItem, changed_by, title: str, summary: str, body: str) -> NewsItem:
    """Change a news item's words; a published item keeps its address."""
    changes = {
        name: [getattr(item, name), value]
        for name, value in (("title", title), ("summary", summary), ("body", body))
        if getattr(item, name) != value
    }
    item.title, item.summary, item.body = title, summary, body
    if not item.is_published:
        item.slug = _unique_slug(title, exclude=item.pk)
    item.full_clean()
    item.save()
    audit.record(actor=changed_by, action="news.changed", target=item, changes=changes)
    return item


@transaction.atomic
def news_publish(*, item: NewsItem, published_by) -> NewsItem:
    """Make a news item public at /news/<slug>."""
    if item.is_published:
        raise ValidationError(ALREADY_PUBLISHED)
    item.published_at = timezone.now()
    item.save(update_fields=["published_at", "updated_at"])
    audit.record(actor=published_by, action="news.published", target=item)
    return item


@transaction.atomic
def news_unpublish(*, item: NewsItem, unpublished_by) -> NewsItem:
    """Take a news item off the public pages (it stays as a draft)."""
    if not item.is_published:
        raise ValidationError(NOT_PUBLISHED)
    item.published_at = None
    item.save(update_fields=["published_at", "updated_at"])
    audit.record(actor=unpublished_by, action="news.unpublished", target=item)
    return item


@transaction.atomic
def safety_message_create(
    *,
    created_by,
    text: str,
    starts_on: date,
    ends_on: date,
    neighbourhood: Neighbourhood | None = None,
) -> SafetyMessage:
    """A partner's message for the screens, from the proposer's organisation, waiting for a
    co-ordinator's approval."""
    organisation = organisation_of(created_by)
    if organisation is None:
        raise ValidationError(NO_ORGANISATION)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": ENDS_BEFORE_START})
    message = SafetyMessage(
        text=text,
        organisation=organisation,
        neighbourhood=neighbourhood,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=created_by,
    )
    message.full_clean()
    message.save()
    audit.record(
        actor=created_by,
        action="safety_message.proposed",
        target=message,
        changes={"text": text, "starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    return message


@transaction.atomic
def safety_message_approve(*, message: SafetyMessage, approved_by) -> SafetyMessage:
    """Approve a waiting message: the screens show it between its dates."""
    if message.status != SafetyMessage.Status.PENDING:
        raise ValidationError(NOT_PENDING)
    message.status, message.decided_by = SafetyMessage.Status.APPROVED, approved_by
    message.save(update_fields=["status", "decided_by", "updated_at"])
    audit.record(actor=approved_by, action="safety_message.approved", target=message)
    return message


@transaction.atomic
def safety_message_withdraw(*, message: SafetyMessage, withdrawn_by) -> SafetyMessage:
    """Take a message off the screens (or refuse one waiting)."""
    old = message.status
    message.status, message.decided_by = SafetyMessage.Status.WITHDRAWN, withdrawn_by
    message.save(update_fields=["status", "decided_by", "updated_at"])
    audit.record(
        actor=withdrawn_by,
        action="safety_message.withdrawn",
        target=message,
        changes={"status": [old, message.status]},
    )
    return message
