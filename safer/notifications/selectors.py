"""Reads of the record of messages: a user's own, and a case's (within the access rule)."""

from django.db.models import QuerySet

from safer import audit
from safer.cases.models import Case
from safer.notifications.models import Message

MESSAGES_SHOWN = 50


def messages_to(user, *, limit: int = MESSAGES_SHOWN) -> list[Message]:
    """The latest messages sent to the user (reminder digests and the like)."""
    return list(Message.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit])


def case_messages(user, case: Case) -> QuerySet[Message]:
    """Every message sent about the case, latest first; the caller has opened the case through
    access_case. The read is audited (the messages name the people they went to)."""
    audit.record(actor=user, action="case.messages_viewed", target=case)
    messages = Message.objects.filter(case=case).select_related("sent_by")
    return messages.order_by("-created_at", "-pk")


def subject_access_messages(person_ids: list[int]) -> dict:
    """settings.SUBJECT_ACCESS_SECTIONS: the messages sent to the person."""
    from safer.notifications.models import Message

    messages = Message.objects.filter(person__in=person_ids).order_by("created_at", "pk")
    return {
        "key": "messages",
        "title": "Messages sent to you",
        "rows": [
            {
                "Sent": m.sent_at or m.created_at,
                "By": m.get_channel_display(),
                "To": m.to,
                "Subject": m.subject,
                "Message": m.body,
                "Outcome": m.status_reason or m.get_status_display(),
            }
            for m in messages
        ],
    }
