from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """E-mail and text messages, the reminders each user chooses, and the record of every
    message sent."""

    name = "safer.notifications"
    label = "notifications"
