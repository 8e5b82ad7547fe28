"""Who may write what the public sees beside the crime data: decided here and nowhere else.

Co-ordinators (supervise) write, publish and unpublish partnership news and approve safety
messages for the community screens; any partner's staff who may edit records (edit_records)
propose safety messages for their organisation."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safer.opendata.models import NewsItem, SafetyMessage
from safer.partners.access import has_capability, organisation_of
from safer.partners.roles import Capability

CANNOT_WRITE_NEWS = "Only co-ordinators can write and publish partnership news"
CANNOT_PROPOSE = "Your role does not let you propose safety messages for the community screens"
CANNOT_APPROVE = "Only co-ordinators can approve or withdraw safety messages"


def can_write_news(user) -> bool:
    return has_capability(user, Capability.SUPERVISE)


def can_propose_message(user) -> bool:
    return has_capability(user, Capability.EDIT_RECORDS) and organisation_of(user) is not None


def can_approve_message(user) -> bool:
    return has_capability(user, Capability.SUPERVISE)


def require_news_writer(user) -> None:
    if not can_write_news(user):
        raise PermissionDenied(CANNOT_WRITE_NEWS)


def require_message_proposer(user) -> None:
    if not (can_propose_message(user) or can_approve_message(user)):
        raise PermissionDenied(CANNOT_PROPOSE)


def access_news_item(user, pk: int) -> NewsItem:
    """A news item for the staff pages: 403 for a role that may not write news, 404 if none."""
    require_news_writer(user)
    item = NewsItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("No such news item")
    return item


def access_safety_message(user, pk: int) -> SafetyMessage:
    """A safety message a co-ordinator may decide on: 403 for other roles, 404 if none."""
    if not can_approve_message(user):
        raise PermissionDenied(CANNOT_APPROVE)
    message = SafetyMessage.objects.filter(pk=pk).first()
    if message is None:
        raise Http404("No such safety message")
    return message
