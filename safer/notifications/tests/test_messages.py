"""message_send: e-mail through a real SMTP server on loopback, text messages through GOV.UK
Notify (only its client is replaced), every outcome recorded in words."""

from unittest import mock

import pytest

from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.cases.tests.factories import report
from safer.notifications import services
from safer.notifications.models import Message
from safer.notifications.tests.factories import closed_case
from safer.privacy.services import person_anonymise
from safer.surveys.models import SatisfactionSurvey

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker):
    return case_services.case_open(
        opened_by=caseworker, reports=[report(caseworker)], title="Noise"
    )


def test_an_e_mail_arrives_and_is_recorded_on_the_case(smtp_server, case, caseworker, committed):
    with committed():
        message = services.message_send(
            kind="letter",
            subject="About your report",
            body="We have opened a case.",
            to_email="robin@example.org",
            case=case,
            sent_by=caseworker,
        )
    assert (message.status, message.channel) == (Message.Status.SENT, "email")
    assert message.sent_at is not None
    (arrived,) = smtp_server.to("robin@example.org")
    assert arrived["Subject"] == "About your report"
    assert smtp_server.text(arrived).strip() == "We have opened a case."
    assert case.events.filter(kind="message", summary="E-mail (About your report) sent").exists()
    assert AuditEvent.objects.filter(action="message.sent", target_id=str(case.pk)).exists()


def test_sending_waits_for_the_commit(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.message_send(
            kind="test", subject="Hello", body="Hi", to_email="a@example.org"
        )
    assert message.status == Message.Status.QUEUED
    assert smtp_server.messages == []
    for callback in callbacks:
        callback()
    assert Message.objects.get(pk=message.pk).status == Message.Status.SENT
    assert len(smtp_server.messages) == 1


def test_an_unreachable_server_is_recorded_as_not_sent(unreachable_smtp, case, committed, caplog):
    with committed():
        message = services.message_send(
            kind="letter", subject="S", body="B", to_email="robin@example.org", case=case
        )
    stored = Message.objects.get(pk=message.pk)
    assert (stored.status, stored.status_reason) == ("not_sent", services.EMAIL_FAILED)
    assert stored.outcome == "not sent: the e-mail server refused it"
    assert case.events.filter(summary__endswith=services.EMAIL_FAILED).exists()
    assert f"Message {message.pk} could not be sent" in caplog.text
    assert "robin@example.org" not in caplog.text  # no personal data in the log


def test_a_text_message_without_notify_is_recorded_not_sent(settings, case):
    settings.NOTIFY_API_KEY = settings.NOTIFY_SMS_TEMPLATE_ID = ""
    with mock.patch.object(services, "NotificationsAPIClient") as client:
        message = services.message_send(
            kind="survey", subject="S", body="Hello", to_phone="07700 900123", case=case
        )
    client.assert_not_called()
    assert (message.channel, message.status) == ("sms", "not_sent")
    assert message.status_reason == "not sent: no text message service configured"
    assert case.events.filter(summary__endswith=services.NO_TEXT_SERVICE).exists()


def test_a_text_message_goes_through_notify_when_configured(settings, case, committed):
    settings.NOTIFY_API_KEY = "key-name-0000-1111"
    settings.NOTIFY_SMS_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    with mock.patch.object(services, "NotificationsAPIClient") as client, committed():
        message = services.message_send(
            kind="survey", subject="S", body="How did we do?", to_phone="07700900123", case=case
        )
    client.assert_called_once_with("key-name-0000-1111")
    client.return_value.send_sms_notification.assert_called_once_with(
        phone_number="07700900123",
        template_id="f33517ff-2a88-4f6e-b855-c550268ce08a",
        personalisation={"body": "How did we do?"},
        reference=f"message-{message.pk}",
    )
    assert Message.objects.get(pk=message.pk).status == "sent"


def test_a_text_message_notify_refuses_is_recorded_not_sent(settings, committed):
    settings.NOTIFY_API_KEY, settings.NOTIFY_SMS_TEMPLATE_ID = "key", "template"
    with mock.patch.object(services, "NotificationsAPIClient") as client, committed():
        client.return_value.send_sms_notification.side_effect = RuntimeError("400 bad number")
        message = services.message_send(kind="t", subject="", body="x", to_phone="1")
    assert Message.objects.get(pk=message.pk).status_reason == services.TEXT_FAILED


def test_no_address_is_recorded_not_sent(smtp_server):
    message = services.message_send(kind="t", subject="S", body="B")
    assert (message.status, message.status_reason) == ("not_sent", services.NO_ADDRESS)
    assert smtp_server.messages == []


def test_a_survey_keeps_no_link_in_its_record(smtp_server, caseworker):
    case = closed_case(caseworker, email="r@example.org")
    # Recorded (waiting for the closure to commit) with the link's secret left out.
    message = Message.objects.get(case=case, kind="survey")
    assert "/survey/" not in message.body
    assert "link, not kept" in message.body


def test_a_survey_goes_by_text_message_when_notify_is_configured(settings, caseworker, committed):
    settings.NOTIFY_API_KEY, settings.NOTIFY_SMS_TEMPLATE_ID = "key", "template"
    with mock.patch.object(services, "NotificationsAPIClient") as client, committed():
        case = closed_case(caseworker, phone="07700900123")
    sms = client.return_value.send_sms_notification
    sms.assert_called_once()
    assert sms.call_args.kwargs["phone_number"] == "07700900123"
    assert "/survey/" in sms.call_args.kwargs["personalisation"]["body"]  # the link goes out
    survey = SatisfactionSurvey.objects.get(case=case)
    assert (survey.channel, survey.sent, survey.delivery_note) == (
        "text",
        True,
        "sent by text message",
    )
    stored = Message.objects.get(case=case, kind="survey")
    assert (stored.channel, stored.status) == ("sms", "sent")
    assert "/survey/" not in stored.body  # but is kept nowhere


def test_anonymising_the_person_clears_their_messages(caseworker, committed, smtp_server):
    with committed():
        case = closed_case(caseworker, email="r@example.org")
    message = Message.objects.get(case=case, kind="survey")
    assert (message.to, message.person.email) == ("r@example.org", "r@example.org")
    person_anonymise(person=message.person, by=caseworker, reason="Erasure request")
    message.refresh_from_db()
    assert (message.to, message.body) == ("", "")
    assert not case.events.filter(summary__contains="r@example.org").exists()
    assert AuditEvent.objects.filter(action="message.redacted", target_id=str(message.pk)).exists()
