"""The reminders page and the API: my reminders, my choices, and the messages on a case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts.services import api_token_create
from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.cases.tests.factories import report
from safer.notifications import reminders, services
from safer.notifications.models import ReminderPreference
from safer.notifications.tests.factories import closed_case
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db
URL = "/account/reminders"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


@pytest.fixture
def task_case(caseworker):
    case = case_services.case_open(
        opened_by=caseworker, reports=[report(caseworker)], title="Noise"
    )
    case_services.case_task_add(
        case=case,
        added_by=caseworker,
        description="Visit the flat",
        owner=caseworker,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    return case


def test_the_page_shows_my_choices_and_what_is_due(signed_in, caseworker, task_case):
    assert reverse("notifications:reminders") == URL
    page = signed_in(caseworker).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="checkbox"' in html and "govuk-checkboxes" in html
    assert f"Task on {task_case.reference} overdue since" in html
    assert "Overdue" in html


def test_unticking_a_kind_turns_it_off(signed_in, caseworker):
    client = signed_in(caseworker)
    response = client.post(URL, {"email_kinds": [reminders.TASK_DUE]})
    assert response.status_code == 302
    off = ReminderPreference.objects.get(user=caseworker).email_off
    assert reminders.TASK_DUE not in off and reminders.REVIEW_DUE in off
    assert AuditEvent.objects.filter(action="reminder_preferences.changed").exists()
    html = client.get(URL).content.decode()
    assert f'value="{reminders.TASK_DUE}" checked' in html
    assert f'value="{reminders.REVIEW_DUE}">' in html


def test_a_kind_not_offered_is_refused_and_nothing_stored(signed_in, caseworker):
    response = signed_in(caseworker).post(URL, {"email_kinds": ["no_such_kind"]})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not ReminderPreference.objects.filter(user=caseworker).exists()


def test_the_page_lists_messages_sent_to_me(
    signed_in, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(
            kind="reminder_digest",
            subject="Your reminders",
            body="-",
            to_email="c@example.org",
            recipient=caseworker,
        )
    html = signed_in(caseworker).get(URL).content.decode()
    assert "Your reminders" in html and "Sent" in html


def test_get_my_reminders(client, caseworker, task_case):
    response = client.get("/api/v1/me/reminders", **bearer(caseworker))
    assert response.status_code == 200
    (item,) = response.json()
    assert item["kind"] == reminders.TASK_DUE
    assert item["overdue"] is True and item["case_id"] == task_case.pk


def test_put_my_reminder_preferences(client, caseworker):
    auth = bearer(caseworker)
    response = client.put(
        "/api/v1/me/reminder-preferences",
        {"email_kinds": [reminders.REVIEW_DUE]},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200
    chosen = {k["kind"]: k["email"] for k in response.json()["kinds"]}
    assert chosen[reminders.REVIEW_DUE] is True and chosen[reminders.TASK_DUE] is False
    again = client.get("/api/v1/me/reminder-preferences", **auth).json()
    assert {k["kind"]: k["email"] for k in again["kinds"]} == chosen


def test_put_an_unknown_kind_is_a_422_naming_the_field(client, caseworker):
    response = client.put(
        "/api/v1/me/reminder-preferences",
        {"email_kinds": ["nonsense"]},
        content_type="application/json",
        **bearer(caseworker),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "email_kinds"]
    assert not ReminderPreference.objects.filter(user=caseworker).exists()


def test_case_messages_only_for_those_who_may_open_the_case(client, caseworker):
    case = closed_case(caseworker, email="r@example.org")
    path = f"/api/v1/cases/{case.pk}/messages"
    response = client.get(path, **bearer(caseworker))
    assert response.status_code == 200
    (message,) = response.json()
    assert message["kind"] == "survey" and message["to"] == "r@example.org"
    assert "/survey/" not in message["body"]
    assert AuditEvent.objects.filter(action="case.messages_viewed").exists()
    stranger = member(Role.CASEWORKER, OrganisationFactory())
    assert client.get(path, **bearer(stranger)).status_code == 404
