"""Every e-mail and text message the service sends, the reminders each user chooses, and the
record that stops a day's reminder digest going out twice."""

from django.conf import settings
from django.db import models

from safer.cases.models import Case
from safer.core.models import TimeStampedModel
from safer.people.models import Person


class Message(TimeStampedModel):
    """One message to one address, whether it went or not and, if not, why in words."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        NOT_SENT = "not_sent", "Not sent"

    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    status_reason = models.CharField(max_length=200, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The person written to, when they are on our records: anonymising them clears the address.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages_received",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="message_case_idx"),
            models.Index(fields=["recipient", "created_at"], name="message_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.pk}"

    @property
    def outcome(self) -> str:
        """In words: "sent", "waiting to be sent" or "not sent: <why>"."""
        if self.status == self.Status.SENT:
            return "sent"
        if self.status == self.Status.QUEUED:
            return "waiting to be sent"
        return self.status_reason or "not sent"


class ReminderPreference(TimeStampedModel):
    """Which reminder kinds a user does not want by e-mail. Kept as the kinds turned off, so a
    kind added later (by another app) reaches everyone until they turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_off = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Reminder preferences of user {self.user_id}"


class ReminderDigest(models.Model):
    """A day's reminder digest for one user; unique, so running the daily job twice sends one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder digest for user {self.user_id} on {self.day}"
