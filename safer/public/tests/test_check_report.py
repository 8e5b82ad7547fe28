"""Check a report you made: the same answer whatever is typed, a single-use link by e-mail in
the visitor's language, and a status page that shows the reference, the date and a plain
status, never anything from the case system."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.models import Report
from safer.cases.tests.factories import answers
from safer.cases.tests.factories import report as staff_report
from safer.notifications.models import Message
from safer.public.models import StatusLink
from safer.public.tests.test_report_asb import ANSWERS, answer_all

pytestmark = pytest.mark.django_db

CASE_SECRET_NOTE = "Neighbour at number 3 has a caution for criminal damage"
CASE_TITLE = "Noise nuisance at Imaginary Road, officer's view"


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def sent(client, council):
    """A report sent through the journey, as a resident would."""
    answer_all(client)
    client.post(reverse("public:report_asb_check"), {"website": ""})
    return Report.objects.get()


def ask(client, reference, email="amina@example.com", **extra):
    return client.post(
        reverse("public:check_report"), {"reference": reference, "email": email, **extra}
    )


def link_in(message) -> str:
    return re.search(r"http\S+/check-a-report/status/(\S+)", message.body).group(0)


def test_a_matching_request_gets_a_single_use_link(client, sent, commits):
    with commits(execute=True):
        response = ask(client, sent.reference.lower(), "AMINA@example.com")
    assert response["Location"] == reverse("public:check_report_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amina@example.com"]
    assert sent.reference in mail.outbox[0].subject
    url = link_in(mail.outbox[0])
    token = url.rsplit("/", 1)[1]
    link = StatusLink.objects.get()
    assert link.token_digest == StatusLink.digest_of(token) and token not in link.token_digest
    assert token not in Message.objects.get().body  # the record keeps no usable link
    path = reverse("public:check_report_status", args=[token])
    assert client.get(path).status_code == 200  # looking does not spend it
    page = client.post(path)
    body = page.content.decode()
    assert page.status_code == 200 and sent.reference in body and 'id="status-received"' in body
    assert client.post(path).status_code == 410  # spent
    assert client.get(path).status_code == 410
    assert AuditEvent.objects.filter(action="report.status_checked", actor=None).count() == 1


def test_a_wrong_email_gets_the_same_answer_and_no_email(client, sent, commits):
    with commits(execute=True):
        wrong = ask(client, sent.reference, "someone@example.com")
        unknown = ask(client, "ASB-1999-000001")
    assert wrong["Location"] == unknown["Location"] == reverse("public:check_report_sent")
    assert mail.outbox == [] and not StatusLink.objects.exists()
    same = client.get(reverse("public:check_report_sent")).content.decode()
    assert 'id="same-answer"' in same


def test_an_expired_link_is_refused(client, sent, commits):
    with commits(execute=True):
        ask(client, sent.reference)
    token = link_in(mail.outbox[0]).rsplit("/", 1)[1]
    StatusLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    path = reverse("public:check_report_status", args=[token])
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410


def test_the_email_is_in_the_visitors_language(client, sent, commits):
    client.cookies["safer_language"] = "ur"
    with commits(execute=True):
        ask(client, sent.reference)
    assert StatusLink.objects.get().language == "ur"
    body = mail.outbox[0].body
    assert sent.reference in body
    assert "You asked to see the status" not in body  # translated, not English


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "email": "a@example.com"}, "Enter the report reference"),
        ({"reference": "ASB-2026-000001", "email": ""}, "Enter your email address"),
        ({"reference": "ASB-2026-000001", "email": "nope"}, "correct format"),
    ],
)
def test_the_form_names_its_errors(client, data, message):
    response = client.post(reverse("public:check_report"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert not StatusLink.objects.exists()


def test_the_rate_limit_refuses_with_429(client, sent, settings, commits):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 1
    with commits(execute=True):
        assert ask(client, sent.reference).status_code == 302
        assert ask(client, sent.reference).status_code == 429
    assert StatusLink.objects.count() == 1 and len(mail.outbox) == 1


def test_the_honeypot_sends_nothing(client, sent, commits):
    with commits(execute=True):
        response = ask(client, sent.reference, website="http://spam")
    assert response["Location"] == reverse("public:check_report_sent")
    assert mail.outbox == [] and not StatusLink.objects.exists()


def test_no_public_page_or_email_shows_the_case_system(client, sent, caseworker, commits):
    """Staff work on the report (risk, a case with a title, a note, a task, a lead officer);
    the resident's pages and e-mail show their own submission and a plain status, no more."""
    services.risk_assessment_record(report=sent, assessed_by=caseworker, answers=answers())
    sent.refresh_from_db()
    case = services.case_open(opened_by=caseworker, reports=[sent])
    services.case_update(case=case, changed_by=caseworker, expected_version=None, title=CASE_TITLE)
    services.case_note_add(case=case, author=caseworker, text=CASE_SECRET_NOTE)
    seen = []
    with commits(execute=True):
        seen.append(ask(client, sent.reference).content.decode())
    seen += [message.body + message.subject for message in mail.outbox]
    token = link_in(mail.outbox[0]).rsplit("/", 1)[1]
    path = reverse("public:check_report_status", args=[token])
    seen.append(client.get(reverse("public:check_report_sent")).content.decode())
    seen.append(client.get(path).content.decode())
    status_page = client.post(path).content.decode()
    seen.append(status_page)
    assert 'id="status-in_hand"' in status_page
    forbidden = [
        CASE_SECRET_NOTE,
        CASE_TITLE,
        case.reference,
        caseworker.username,
        caseworker.display_name,
        "Standard",  # the risk band
        "Test District Council",
        sent.description,  # not even the account: the status page shows the status only
    ]
    for text in seen:
        for secret in forbidden:
            assert secret not in text, secret


def test_journey_pages_show_nothing_from_the_case_system(client, council, caseworker):
    """Every page of the report journey, with a case already at the same address."""
    earlier = staff_report(caseworker, address="1 Imaginary Road, Banbury")
    pages = [client.get(reverse("public:report_asb")).content.decode()]
    for slug, data in ANSWERS:
        pages.append(
            client.get(reverse("public:report_asb_question", args=[slug])).content.decode()
        )
        client.post(reverse("public:report_asb_question", args=[slug]), data)
    pages.append(client.get(reverse("public:report_asb_check")).content.decode())
    client.post(reverse("public:report_asb_check"), {"website": ""})
    pages.append(client.get(reverse("public:report_asb_done")).content.decode())
    for text in pages:
        assert earlier.reference not in text and "repeat" not in text.lower()
        assert "Test District Council" not in text and caseworker.display_name not in text
