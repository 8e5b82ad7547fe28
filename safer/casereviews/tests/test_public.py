"""The public request for a case review (/ask-for-a-case-review): each page's validation, the
application landing in the staff list with its threshold result and decision date, the e-mail
in the applicant's language showing nothing but their own submission, the rate limit and the
honeypot."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from safer.audit.models import AuditEvent
from safer.casereviews import services
from safer.casereviews.models import Application, Complaint
from safer.casereviews.public_views import SESSION_KEY
from safer.cases.working_days import add_working_days
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, confirmed_device, member

pytestmark = pytest.mark.django_db

START = "/ask-for-a-case-review"


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator")


def incident_data(organisation, days_ago: int, **extra) -> dict:
    day = timezone.localdate() - timedelta(days=days_ago)
    data = {
        "occurred_day": day.day,
        "occurred_month": day.month,
        "occurred_year": day.year,
        "reported_day": day.day,
        "reported_month": day.month,
        "reported_year": day.year,
        "reported_to": str(organisation.pk),
        "reported_to_other": "",
        "description": f"Shouting in the stairwell, {days_ago} days ago",
        "hate": "no",
    }
    data.update(extra)
    return data


def walk(client, council, *, days=(30, 20, 10), who=None, contact=None):
    """Answer every page of the journey up to check your answers."""
    response = client.post(f"{START}/who", who or {"who": "self"})
    assert response.status_code == 302, response.content
    response = client.post(
        f"{START}/contact",
        contact
        or {
            "first_name": "Robin",
            "last_name": "Example",
            "email": "robin@example.org",
            "phone": "",
        },
    )
    assert response.status_code == 302
    for d in days:
        response = client.post(f"{START}/incidents/add", incident_data(council, d))
        assert response.status_code == 302 and response.url == f"{START}/incidents"


def test_the_start_page_explains_the_threshold_without_signing_in(client, council):
    response = client.get(START)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/ask-for-a-case-review/who"' in page
    assert "3 times or more about the same problem in the last 6 months" in page
    assert "within 31 days of the behaviour" in page
    assert "within 10 working days" in page
    assert "call 999" in page
    # Listed on the public home page.
    assert START in client.get("/public/").content.decode()


def test_who_is_asking_names_each_missing_answer(client, council):
    response = client.post(f"{START}/who", {})
    assert response.status_code == 400
    assert (
        "Select whether you are the victim or asking on their behalf" in response.content.decode()
    )
    response = client.post(f"{START}/who", {"who": "behalf"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the victim&#x27;s full name" in page
    assert "Enter your relationship to the victim" in page
    assert 'href="#id_behalf_name"' in page  # the error summary links to the field
    response = client.post(
        f"{START}/who",
        {"who": "behalf", "behalf_name": "Sam Example", "behalf_relationship": "Son"},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["behalf_name"] == "Sam Example"


def test_contact_details_need_an_email_or_a_phone(client, council):
    client.post(f"{START}/who", {"who": "self"})
    response = client.post(f"{START}/contact", {"first_name": "", "last_name": "X"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your first name" in page
    assert "Enter an e-mail address or a phone number so we can tell you the decision" in page
    response = client.post(
        f"{START}/contact", {"first_name": "R", "last_name": "X", "email": "not-an-address"}
    )
    assert "Enter an e-mail address in the correct format" in response.content.decode()
    response = client.post(
        f"{START}/contact", {"first_name": "R", "last_name": "X", "phone": "07700 900000"}
    )
    assert response.status_code == 302 and response.url == f"{START}/incidents/add"


def test_an_incident_names_each_bad_answer(client, council):
    client.post(f"{START}/who", {"who": "self"})
    client.post(f"{START}/contact", {"first_name": "R", "last_name": "X", "email": "r@example.org"})
    response = client.post(f"{START}/incidents/add", {})
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter the date the behaviour happened",
        "Enter the date you reported it",
        "Select who you reported it to",
        "Describe what happened",
        "Select yes if you think it was a hate incident",
    ):
        assert message in page
    assert 'href="#id_occurred_day"' in page
    tomorrow = timezone.localdate() + timedelta(days=1)
    bad = incident_data(
        council,
        5,
        occurred_day="31",
        occurred_month="2",
        reported_day=tomorrow.day,
        reported_month=tomorrow.month,
        reported_year=tomorrow.year,
        reported_to="other",
    )
    page = client.post(f"{START}/incidents/add", bad).content.decode()
    assert "The date the behaviour happened must be a real date" in page
    assert "The date you reported it must be today or in the past" in page
    assert "Enter who you reported it to" in page
    earlier = incident_data(council, 5)
    earlier["reported_day"] = (timezone.localdate() - timedelta(days=6)).day
    earlier["reported_month"] = (timezone.localdate() - timedelta(days=6)).month
    earlier["reported_year"] = (timezone.localdate() - timedelta(days=6)).year
    page = client.post(f"{START}/incidents/add", earlier).content.decode()
    assert "must be the same as or after the date it happened" in page
    assert not client.session[SESSION_KEY].get("incidents")
    assert not Application.objects.exists()


def test_incidents_are_added_one_at_a_time_changed_and_removed(client, council, coordinator):
    walk(client, council, days=(30, 20))
    page = client.get(f"{START}/incidents").content.decode()
    assert "Incidents added: 2" in page and 'id="add-another"' in page
    client.post(
        f"{START}/incidents/2",
        incident_data(council, 15, reported_to="other", reported_to_other="Riverside Homes"),
    )
    incidents = client.session[SESSION_KEY]["incidents"]
    assert incidents[1]["reported_to_other"] == "Riverside Homes"
    assert incidents[1]["organisation_id"] is None
    client.post(f"{START}/incidents/1/remove")
    assert len(client.session[SESSION_KEY]["incidents"]) == 1
    page = client.get(f"{START}/check").content.decode()
    assert "Riverside Homes" in page and "Send my request" in page
    client.post(f"{START}/check", {"website": ""})
    complaint = Complaint.objects.get()
    assert complaint.organisation is None and complaint.reported_to == "Riverside Homes"
    assert complaint.qualifying  # judged like any other complaint
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(coordinator).persistent_id
    session.save()
    detail = client.get(reverse("casereviews:detail", args=[complaint.application.reference]))
    assert detail.status_code == 200 and "Riverside Homes" in detail.content.decode()


def test_the_request_lands_in_the_staff_list_with_its_threshold_and_decision_date(
    client, council, coordinator, signed_in
):
    walk(
        client,
        council,
        who={"who": "behalf", "behalf_name": "Sam Example", "behalf_relationship": "Son"},
    )
    assert not Application.objects.exists()  # nothing stored before the final submit
    response = client.post(f"{START}/check", {"website": ""})
    assert response.status_code == 302 and response.url == f"{START}/sent"
    application = Application.objects.get()
    today = timezone.localdate()
    assert application.received_via == Application.ReceivedVia.WEB
    assert application.recorded_by is None and application.organisation == council
    assert application.on_behalf_of_name == "Sam Example"
    assert application.threshold_met and application.qualifying_complaints == 3
    assert application.decision_due == add_working_days(today, 10)
    assert application.language == "en-gb"
    event = AuditEvent.objects.get(action="casereview.application_recorded")
    assert event.actor is None and event.organisation == council
    page = client.get(f"{START}/sent").content.decode()
    assert application.reference in page
    assert f"by {application.decision_due:%-d %B %Y}" in page
    assert SESSION_KEY not in client.session

    staff = signed_in(coordinator)
    listing = staff.get(reverse("casereviews:list")).content.decode()
    assert application.reference in listing
    detail = staff.get(reverse("casereviews:detail", args=[application.reference]))
    assert "Received via web form" in detail.content.decode()
    assert "Written in British English" in detail.content.decode()


def test_the_decision_date_counts_working_days_over_christmas(client, council, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 21))
    walk(client, council, days=(40, 30, 20))
    client.post(f"{START}/check", {"website": ""})
    application = Application.objects.get()
    assert application.received_on == date(2026, 12, 21)
    assert application.decision_due == date(2027, 1, 7)


def test_urdu_words_are_kept_as_typed_with_the_language_named(
    client, council, django_capture_on_commit_callbacks
):
    client.cookies["safer_language"] = "ur"
    walk(client, council, days=(10,))
    # Errors on an Urdu page are in Urdu, down to the screen reader's "Error:" prefix.
    page = client.post(f"{START}/incidents/add", {}).content.decode()
    assert "Error:" not in page and "خرابی:" in page
    words = "سیڑھیوں میں شور"
    client.post(f"{START}/incidents/1", incident_data(council, 10, description=words))
    response = client.get(f"{START}/check")
    assert 'lang="ur"' in response.content.decode() and 'dir="rtl"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{START}/check", {"website": ""})
    application = Application.objects.get()
    assert application.language == "ur" and application.language_name == "Urdu"
    assert Complaint.objects.get().description == words
    assert not application.threshold_met  # one complaint of three
    message = mail.outbox[0]
    assert application.reference in message.body and application.reference in message.subject
    assert "Dear Robin" not in message.body  # written in Urdu, not English
    # The decision date in Urdu's own month names.
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("ur"):
        assert date_format(application.decision_due, "j F Y") in message.body
    assert "application_id" not in message.body


def test_the_email_and_pages_show_nothing_from_the_case_system(
    client, council, police, django_capture_on_commit_callbacks
):
    """A public page or e-mail shows only the applicant's own submission and its status: not
    the threshold's workings, not other applications, not the organisation's staff."""
    coordinator = member(Role.COORDINATOR, council, username="coord", first_name="Casey")
    other = services.application_record(
        recorded_by=coordinator,
        applicant={"first_name": "Other", "last_name": "Person", "email": "o@example.org"},
        received_on=timezone.localdate(),
        complaints=[
            {
                "occurred_on": timezone.localdate(),
                "reported_on": timezone.localdate(),
                "organisation_id": police.pk,
                "description": "A secret held by the partnership",
            }
        ],
    )
    mail.outbox.clear()
    walk(client, council, days=(10, 5))
    pages = [client.get(f"{START}/check").content.decode()]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{START}/check", {"website": ""})
    pages.append(client.get(f"{START}/sent").content.decode())
    application = Application.objects.exclude(pk=other.pk).get()
    [message] = mail.outbox
    for text in [*pages, message.body, message.subject]:
        assert other.reference not in text
        assert "A secret held by the partnership" not in text
        assert "Casey" not in text and "coord" not in text
        for complaint in application.complaints.all():
            assert complaint.reason not in text  # the threshold's verdicts stay with staff
        assert "qualif" not in text.lower() and "threshold" not in text.lower()
    # What it does say: their reference, the decision date, their own count of incidents.
    assert application.reference in message.body
    assert f"{application.decision_due:%-d %B %Y}" in message.body
    assert "Incidents you told us about: 2" in message.body
    assert message.to == ["robin@example.org"]


def test_the_rate_limit_refuses_with_429_and_keeps_the_answers(client, council, settings):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 1
    walk(client, council)
    client.post(f"{START}/check", {"website": ""})
    assert Application.objects.count() == 1
    walk(client, council)
    response = client.post(f"{START}/check", {"website": ""})
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many forms sent" in response.content.decode()
    assert Application.objects.count() == 1  # nothing stored
    assert len(client.session[SESSION_KEY]["incidents"]) == 3  # nothing lost
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 10
    assert client.post(f"{START}/check", {"website": ""}).status_code == 302
    assert Application.objects.count() == 2


def test_the_honeypot_answers_as_success_and_stores_nothing(client, council):
    walk(client, council)
    response = client.post(f"{START}/check", {"website": "http://spam.example"})
    assert response.status_code == 302 and response.url == f"{START}/sent"
    assert client.get(f"{START}/sent").status_code == 200
    assert not Application.objects.exists() and not mail.outbox


def test_bad_input_at_the_service_stores_nothing_and_names_the_field(council):
    with pytest.raises(ValidationError) as raised:
        services.public_application_submit(
            answers={
                "who": "behalf",
                "behalf_name": "",
                "first_name": "R",
                "last_name": "X",
                "email": "",
                "phone": "",
                "incidents": [],
            },
            language="pl",
        )
    assert set(raised.value.message_dict) >= {"applicant.email", "on_behalf_of.name"}
    assert not Application.objects.exists() and not mail.outbox


def test_the_receiving_organisation_follows_the_setting(council, police, settings):
    settings.COMMUNITY_TRIGGER_PUBLIC_ORGANISATION = "tp"
    assert services.public_organisation() == police
    settings.COMMUNITY_TRIGGER_PUBLIC_ORGANISATION = ""
    OrganisationFactory(name="Another District Council", short_name="ADC")
    assert services.public_organisation().name == "Another District Council"  # first by name
    settings.COMMUNITY_TRIGGER_PUBLIC_ORGANISATION = "nobody"
    with pytest.raises(ImproperlyConfigured, match="nobody"):
        services.public_organisation()


def test_staff_entries_still_need_a_recorder(council):
    with pytest.raises(ValueError):
        services.application_record(
            recorded_by=None,
            applicant={"first_name": "R", "last_name": "X", "email": "r@example.org"},
            received_on=timezone.localdate(),
        )


def test_a_refusal_at_sending_points_to_the_page_to_change(client, council, police):
    """An organisation withdrawn from the partnership after the incident was added: nothing is
    stored, the answers are kept, and the page links to the incident to change."""
    walk(client, council, days=(30,))
    client.post(f"{START}/incidents/add", incident_data(police, 20))
    police.is_active = False
    police.save()
    response = client.post(f"{START}/check", {"website": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="/ask-for-a-case-review/incidents/2"' in page
    assert "Check the answers about incident 2" in page
    assert not Application.objects.exists()
    assert len(client.session[SESSION_KEY]["incidents"]) == 2
