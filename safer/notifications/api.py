"""My reminders and reminder choices, and the messages sent about a case, through the API:
the same selectors, services and access rule as the pages."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from safer.cases.access import access_case
from safer.core.api_schema import InputSchema, errors
from safer.notifications import reminders, selectors, services

router = Router(tags=["notifications"])


class ReminderOut(Schema):
    kind: str
    title: str
    due_on: date | None
    overdue: bool
    url: str
    case_id: int | None


class ReminderKindOut(Schema):
    kind: str
    label: str
    email: bool = Field(description="whether the daily e-mail digest includes this kind")


class ReminderPreferencesOut(Schema):
    kinds: list[ReminderKindOut]


class ReminderPreferencesIn(InputSchema):
    email_kinds: list[str] = Field(
        max_length=100, description="the kinds wanted by e-mail; every other kind is turned off"
    )


class MessageOut(Schema):
    id: int
    channel: str
    to: str
    kind: str
    subject: str
    body: str
    status: str
    outcome: str
    sent_by: str | None
    created_at: datetime
    sent_at: datetime | None


@router.get(
    "/me/reminders",
    response={200: list[ReminderOut], **errors()},
    summary="My reminders due within the week or overdue, of every kind",
)
def my_reminders(request):
    today = timezone.localdate()
    return [
        {**item.as_dict(), "overdue": item.overdue(today)}
        for item in reminders.reminders_due(request.user, today=today)
    ]


def _preferences(user) -> dict:
    kinds = reminders.reminder_kinds()
    chosen = reminders.reminder_preferences(user)
    return {
        "kinds": [
            {"kind": kind, "label": label, "email": chosen.get(kind, True)}
            for kind, label in kinds.items()
        ]
    }


@router.get(
    "/me/reminder-preferences",
    response={200: ReminderPreferencesOut, **errors()},
    summary="Which reminders I get by e-mail",
)
def my_reminder_preferences(request):
    return _preferences(request.user)


@router.put(
    "/me/reminder-preferences",
    response={200: ReminderPreferencesOut, **errors(400, 413, 422)},
    summary="Choose which reminders I get by e-mail",
)
def my_reminder_preferences_set(request, payload: ReminderPreferencesIn):
    services.reminder_preferences_set(
        user=request.user, email_kinds=payload.email_kinds, available=reminders.reminder_kinds()
    )
    return _preferences(request.user)


@router.get(
    "/cases/{case_id}/messages",
    response={200: list[MessageOut], **errors(404, 422)},
    summary="The e-mails and text messages sent about a case, latest first",
)
def case_messages(request, case_id: int):
    """The same case id as the other case operations take."""
    case = access_case(request.user, case_id)
    return [
        {
            "id": m.pk,
            "channel": m.channel,
            "to": m.to,
            "kind": m.kind,
            "subject": m.subject,
            "body": m.body,
            "status": m.status,
            "outcome": m.outcome,
            "sent_by": m.sent_by.display_name if m.sent_by else None,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
        }
        for m in selectors.case_messages(request.user, case)
    ]
