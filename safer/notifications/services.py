"""Sending e-mail and text messages, and recording every one of them."""

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from notifications_python_client.notifications import NotificationsAPIClient

from safer import audit
from safer.accounts.models import User
from safer.cases.models import Case
from safer.cases.services.common import timeline
from safer.notifications.models import Message, ReminderDigest, ReminderPreference
from safer.notifications.reminders import (
    Reminder,
    reminder_kinds,
    reminder_preferences,
    reminders_due,
)

EMAIL_FAILED = "not sent: the e-mail server refused it"
NO_TEXT_SERVICE = "not sent: no text message service configured"
TEXT_FAILED = "not sent: the text message service refused it"
NO_ADDRESS = "not sent: no e-mail address or phone number"
UNKNOWN_KINDS = "Choose only reminders from the list: {kinds} are not reminders"

logger = logging.getLogger(__name__)


def text_service_configured() -> bool:
    """True when GOV.UK Notify has both its key and the text message template set."""
    return bool(settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID)


@transaction.atomic
def message_send(
    *,
    kind: str,
    subject: str,
    body: str,
    to_email: str = "",
    to_phone: str = "",
    case=None,
    person=None,
    recipient=None,
    sent_by=None,
    stored_body: str | None = None,
    then: Callable[[Message], None] | None = None,
) -> Message:
    """Record a message and send it once the caller's transaction commits: e-mail through
    Django's e-mail backend, a text message through GOV.UK Notify when configured. A refused or
    impossible send is recorded as not sent, with the reason in words, and never raised. With a
    case, the outcome goes on the case's timeline. `person` is who it went to, when they are on
    our records (their anonymisation clears the address: `person_changed`). `stored_body` is
    what the record keeps instead of the body, when the body carries a secret (a single-use
    link); `then` is called with the message once its outcome is known (after the commit when
    it is sent)."""
    to_email, to_phone = (to_email or "").strip(), (to_phone or "").strip()
    channel = Message.Channel.SMS if to_phone and not to_email else Message.Channel.EMAIL
    message = Message(
        channel=channel,
        to=to_email or to_phone,
        kind=kind,
        subject=subject[:200],
        body=body if stored_body is None else stored_body,
        case=case,
        person=person,
        recipient=recipient,
        sent_by=sent_by,
    )
    if not message.to:
        message.status, message.status_reason = Message.Status.NOT_SENT, NO_ADDRESS
    elif channel == Message.Channel.SMS and not text_service_configured():
        message.status, message.status_reason = Message.Status.NOT_SENT, NO_TEXT_SERVICE
    message.full_clean()
    message.save()
    if message.status == Message.Status.QUEUED:
        # robust: whatever goes wrong after the commit is logged, never the caller's error page.
        transaction.on_commit(
            lambda: _deliver(message, subject=subject, body=body, then=then), robust=True
        )
    else:
        _record_outcome(message)
        if then is not None:
            then(message)
    return message


def _deliver(message: Message, *, subject: str, body: str, then) -> None:
    """After commit: hand the message over, then record what happened on it (and its case)."""
    try:
        if message.channel == Message.Channel.EMAIL:
            EmailMessage(subject, body, None, [message.to]).send(fail_silently=False)
        else:
            NotificationsAPIClient(settings.NOTIFY_API_KEY).send_sms_notification(
                phone_number=message.to,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": body},
                reference=f"message-{message.pk}",
            )
    except Exception as error:
        # The message id and the error's type only: the address and the words (which a server's
        # refusal repeats) are personal data the log must not keep.
        logger.error("Message %s could not be sent (%s)", message.pk, type(error).__name__)
        message.status = Message.Status.NOT_SENT
        message.status_reason = (
            EMAIL_FAILED if message.channel == Message.Channel.EMAIL else TEXT_FAILED
        )
    else:
        message.status, message.sent_at = Message.Status.SENT, timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            status=message.status, status_reason=message.status_reason, sent_at=message.sent_at
        )
        _record_outcome(message)
        if then is not None:
            then(message)


def _record_outcome(message: Message) -> None:
    """Put the outcome on the case's timeline (when there is a case) and in the audit log."""
    if message.case_id:
        what = message.get_channel_display()
        about = f" ({message.subject})" if message.subject else ""
        timeline(
            message.case,
            actor=message.sent_by,
            kind="message",
            # No address here: the message keeps it, and clears it if the person is anonymised.
            summary=f"{what}{about} {message.outcome}",
        )
    audit.record(
        actor=message.sent_by,
        action="message.sent" if message.status == Message.Status.SENT else "message.not_sent",
        target=message.case or message,
        changes={
            "message": message.pk,
            "kind": message.kind,
            "channel": message.channel,
            "outcome": message.outcome,
        },
    )


def person_changed(*, person, changed: list[str]) -> None:
    """settings.PERSON_CHANGED_HOOKS: once a person is anonymised (no name and no contact
    details left), the messages to them keep neither their address nor their words."""
    if person.first_name or person.last_name or person.email or person.phone:
        return
    redacted = Message.objects.filter(person=person).exclude(to="", body="")
    for message in redacted.only("pk"):
        audit.record(action="message.redacted", target=message, changes={"person": person.pk})
    redacted.update(to="", body="")


@transaction.atomic
def reminder_preferences_set(*, user, email_kinds: list[str], available: dict[str, str]) -> None:
    """Keep which reminder kinds the user wants by e-mail (the others are turned off); a kind
    not among those available is refused and nothing is stored."""
    unknown = sorted(set(email_kinds) - set(available))
    if unknown:
        raise ValidationError({"email_kinds": UNKNOWN_KINDS.format(kinds=", ".join(unknown))})
    preference, _ = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    old = sorted(preference.email_off)
    # Kinds not offered just now (a source is missing) keep the choice made before.
    kept = [kind for kind in preference.email_off if kind not in available]
    preference.email_off = sorted({*kept, *(set(available) - set(email_kinds))})
    preference.full_clean()
    preference.save()
    audit.record(
        actor=user,
        action="reminder_preferences.changed",
        target=preference,
        changes={"email_off": [old, preference.email_off]},
    )


def reminder_digest_send(*, user, today: date | None = None) -> Message | None:
    """E-mail the user one digest of today's reminders, of the kinds they chose, at most once a
    day (a ReminderDigest row per user and day, so a second run sends nothing). Each case named
    gets "Reminder sent to ..." on its timeline once the outcome is known. None when there was
    nothing to send, no address, or the day's digest was already made."""
    today = today or timezone.localdate()
    if not user.email:
        return None
    wanted = {kind for kind, on in reminder_preferences(user).items() if on}
    items = [item for item in reminders_due(user, today=today) if item.kind in wanted]
    if not items:
        return None
    with transaction.atomic():
        digest, created = ReminderDigest.objects.get_or_create(
            user=user, day=today, defaults={"items": len(items)}
        )
        if not created:
            return None
        message = message_send(
            kind="reminder_digest",
            subject=f"Your reminders for {date_format(today, 'j F Y')}: {len(items)} to look at",
            body=digest_text(user, items, today=today),
            to_email=user.email,
            recipient=user,
            then=lambda sent: _digest_on_cases(user, items, sent),
        )
        digest.message = message
        digest.save(update_fields=["message"])
    return message


def digest_text(user, items: list[Reminder], *, today: date) -> str:
    """The digest's words: items grouped by kind, each with its link; no names of people."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    labels = reminder_kinds()
    lines = [
        f"Hello {user.display_name},",
        "",
        f"Your reminders for {date_format(today, 'l j F Y')}:",
    ]
    for kind in dict.fromkeys(item.kind for item in items):
        lines += ["", labels.get(kind, kind.replace("_", " ").capitalize())]
        for item in (i for i in items if i.kind == kind):
            lines.append(f"- {item.title}")
            if item.url:
                lines.append(f"  {base}{item.url}")
    lines += [
        "",
        f"Choose which reminders you get: {base}{reverse('notifications:reminders')}",
        "",
        settings.PARTNERSHIP_NAME,
    ]
    return "\n".join(lines) + "\n"


def _digest_on_cases(user, items: list[Reminder], sent: Message) -> None:
    """Each case the digest named gets one line on its timeline."""
    titles: dict[int, list[str]] = {}
    for item in items:
        if item.case_id is not None:
            titles.setdefault(item.case_id, []).append(item.title)
    name = user.display_name
    head = (
        f"Reminder sent to {name}"
        if sent.status == Message.Status.SENT
        else f"Reminder to {name} {sent.outcome}"
    )
    for case in Case.objects.filter(pk__in=titles):
        timeline(
            case,
            actor=None,
            kind="reminder",
            summary=f"{head}: " + "; ".join(titles[case.pk]),
        )


def reminder_digests_send(*, today: date | None = None) -> int:
    """The daily job: each active member of staff with an e-mail address gets today's digest,
    once. Returns how many digests were made."""
    today = today or timezone.localdate()
    users = (
        User.objects.filter(is_active=True, membership__isnull=False)
        .exclude(email="")
        .exclude(pk__in=ReminderDigest.objects.filter(day=today).values("user_id"))
        .select_related("membership", "membership__organisation")
        .order_by("pk")
    )
    made = 0
    for user in users:
        try:
            made += reminder_digest_send(user=user, today=today) is not None
        except Exception:
            # One user's failure (a source that breaks for them) must not stop the others'.
            logger.exception("Reminder digest for user %s failed", user.pk)
    return made
