"""A real SMTP server on loopback for tests (aiosmtpd), and an address where none answers.

Loaded for every app's tests by the root conftest.py: ask for `smtp_server` to have the
settings point Django's SMTP backend at it and read what arrives, or `unreachable_smtp` for a
server that refuses the connection."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """What the server received, in order: each message parsed, with its envelope."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        pairs = zip(self.messages, self.recipients, strict=True)
        return [message for message, rcpt in pairs if address in rcpt]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def _use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server on 127.0.0.1 and send the site's e-mail to it; yields its Inbox."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    _use_smtp(settings, port)
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def unreachable_smtp(settings):
    """Send the site's e-mail to a loopback port where nothing listens (connection refused)."""
    _use_smtp(settings, free_port())
