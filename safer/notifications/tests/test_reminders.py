"""Reminders: what is due for whom, each user's choices, and the daily digest read off a real
SMTP server on loopback."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safer.cases import services as case_services
from safer.cases.models import Case
from safer.cases.tests.factories import answers, report, victim
from safer.notifications import reminders, services
from safer.notifications.models import Message, ReminderDigest
from safer.notifications.tasks import reminder_digests_enqueue_due
from safer.notifications.tests.factories import closed_case
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db

HERE = "safer.notifications.tests.test_reminders"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def officer(council):
    return member(Role.CASEWORKER, council, username="officer", email="officer@example.org")


@pytest.fixture
def work(officer, today):
    """A case the officer leads with its review overdue and a task of theirs due tomorrow."""
    case = case_services.case_open(opened_by=officer, reports=[report(officer)], title="Noise")
    Case.objects.filter(pk=case.pk).update(next_review_due=today - timedelta(days=2))
    task = case_services.case_task_add(
        case=case,
        added_by=officer,
        description="Ring the landlord",
        owner=officer,
        due_on=today + timedelta(days=1),
    )
    return case, task


def test_the_digest_arrives_with_the_officers_items_once_a_day(
    smtp_server, committed, officer, work, today
):
    case, _ = work
    with committed():
        assert services.reminder_digests_send(today=today) == 1
    (arrived,) = smtp_server.to("officer@example.org")
    text = smtp_server.text(arrived)
    assert f"Review of {case.reference} overdue since" in text
    assert f"Task on {case.reference} due on" in text and "Ring the landlord" in text
    assert f"/cases/{case.reference}/" in text
    assert "/account/reminders" in text
    assert arrived["Subject"].startswith("Your reminders for")
    message = Message.objects.get(kind="reminder_digest", recipient=officer)
    assert message.status == Message.Status.SENT
    assert case.events.filter(kind="reminder", summary__startswith="Reminder sent to").count() == 1

    with committed():
        assert services.reminder_digests_send(today=today) == 0
        assert services.reminder_digest_send(user=officer, today=today) is None
    assert len(smtp_server.messages) == 1
    assert ReminderDigest.objects.filter(user=officer, day=today).count() == 1


def test_the_daily_job_sends_through_manage_py_and_is_safe_to_run_twice(
    smtp_server, committed, officer, work, settings
):
    assert "safer.notifications.tasks.reminder_digests_enqueue_due" in settings.DAILY_JOBS
    settings.DAILY_JOBS = ["safer.notifications.tasks.reminder_digests_enqueue_due"]
    settings.REMINDER_DIGEST_HOUR = 0
    with committed():
        call_command("daily_jobs")
        call_command("daily_jobs")
    assert len(smtp_server.to("officer@example.org")) == 1


def test_the_digest_waits_for_its_hour(settings, smtp_server, committed, officer, work):
    settings.REMINDER_DIGEST_HOUR = 7
    early = timezone.make_aware(datetime.combine(timezone.localdate(), time(6, 59)))
    with committed():
        assert reminder_digests_enqueue_due(now=early) is False
        assert reminder_digests_enqueue_due(now=early + timedelta(minutes=1)) is True
    assert len(smtp_server.to("officer@example.org")) == 1


def test_only_the_kinds_chosen_are_e_mailed(smtp_server, committed, officer, work, today):
    services.reminder_preferences_set(
        user=officer, email_kinds=[reminders.TASK_DUE], available=reminders.reminder_kinds()
    )
    with committed():
        services.reminder_digests_send(today=today)
    text = smtp_server.text(smtp_server.to("officer@example.org")[0])
    assert "Ring the landlord" in text
    assert "Review of" not in text


def test_nothing_chosen_nothing_sent(smtp_server, committed, officer, work, today):
    services.reminder_preferences_set(
        user=officer, email_kinds=[], available=reminders.reminder_kinds()
    )
    with committed():
        assert services.reminder_digests_send(today=today) == 0
    assert smtp_server.messages == []


def test_an_unreachable_server_is_recorded_and_the_case_says_not_sent(
    unreachable_smtp, committed, officer, work, today
):
    case, _ = work
    with committed():
        services.reminder_digests_send(today=today)
    message = Message.objects.get(kind="reminder_digest")
    assert message.status_reason == services.EMAIL_FAILED
    summary = f"Reminder to {officer.display_name} {services.EMAIL_FAILED}:"
    assert case.events.filter(kind="reminder", summary__startswith=summary).exists()


def test_a_task_on_a_case_no_longer_shared_is_never_named(
    smtp_server, committed, council, police, officer, today
):
    partner = member(Role.PARTNER_OFFICER, police, username="pc", email="pc@example.org")
    case = case_services.case_open(opened_by=officer, reports=[report(officer)], title="Noise")
    case_services.case_share(case=case, organisation=police, shared_by=officer)
    case_services.case_task_add(
        case=case, added_by=officer, description="Patrol", owner=partner, due_on=today
    )
    assert [r.case_id for r in reminders.reminders_due(partner, today=today)] == [case.pk]
    case_services.case_unshare(case=case, organisation=police, unshared_by=officer)
    assert reminders.reminders_due(partner, today=today) == []
    with committed():
        services.reminder_digests_send(today=today)
    assert smtp_server.to("pc@example.org") == []


def test_a_high_risk_victim_not_contacted_is_flagged_until_contacted(officer, today):
    r = report(officer, people=[victim()])
    case = case_services.case_open(opened_by=officer, reports=[r], title="Harassment")
    assessment = case_services.risk_assessment_record(
        report=r,
        assessed_by=officer,
        answers=answers(targeted_because=["disability"], household_disability="yes"),
    )
    later = assessment.first_contact_due + timedelta(days=1)
    (flagged,) = [
        x
        for x in reminders.reminders_due(officer, today=later)
        if x.kind == reminders.HIGH_RISK_NOT_CONTACTED
    ]
    assert flagged.case_id == case.pk and case.reference in flagged.title
    assert reminders.HIGH_RISK_NOT_CONTACTED not in {
        x.kind for x in reminders.reminders_due(officer, today=assessment.first_contact_due)
    }
    case_services.case_note_add(case=case, author=officer, text="Rang them", contact_type="phone")
    assert reminders.HIGH_RISK_NOT_CONTACTED not in {
        x.kind for x in reminders.reminders_due(officer, today=later)
    }


def test_a_survey_not_sent_is_a_reminder_for_the_lead(officer, today):
    closed_case(officer, phone="07700900123")
    (item,) = [x for x in reminders.reminders_due(officer) if x.kind == reminders.SURVEY_TO_SEND]
    assert "no text message service configured" in item.title


# Sources other apps contribute (settings.REMINDER_SOURCES).
def contributed(*, user, today):
    hidden = Case.objects.get(title="Hidden")
    return [
        {"kind": "decision_due", "title": "Decision due: CT-1", "due_on": today, "url": "/ct/1"},
        {
            "kind": "decision_due",
            "title": "Hidden case",
            "due_on": today,
            "url": "/x",
            "case_id": hidden.pk,
        },
    ]


contributed.REMINDER_KINDS = {"decision_due": "Community Trigger decisions due"}


def broken(*, user, today):
    raise RuntimeError("this source is broken")


def test_contributed_kinds_are_offered_and_filtered_and_broken_sources_tolerated(
    settings, officer, today
):
    elsewhere = member(Role.CASEWORKER, OrganisationFactory())
    case_services.case_open(opened_by=elsewhere, reports=[report(elsewhere)], title="Hidden")
    settings.REMINDER_SOURCES = [
        f"{HERE}.contributed",
        f"{HERE}.broken",
        "safer.no_such_app.selectors.reminders",
    ]
    assert reminders.reminder_kinds()["decision_due"] == "Community Trigger decisions due"
    items = reminders.reminders_due(officer, today=today)
    assert [i.title for i in items] == ["Decision due: CT-1"]
