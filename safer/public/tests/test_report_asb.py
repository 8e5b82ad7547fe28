"""The public "Report anti-social behaviour" journey: one question a page, answers kept in the
session until sent, GOV.UK errors in the visitor's language, rate limit and honeypot."""

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases.models import Report
from safer.core.tests.pdf import structure
from safer.places.tests.factories import gazetteer_loaded

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ANSWERS = [
    ("happening-now", {"happening_now": "no"}),
    ("where", {"address_line_1": "1 Imaginary Road", "town": "Banbury", "postcode": "ox161zz"}),
    ("what-happened", {"type": "noise", "description": "Loud music every night"}),
    ("photos", {"continue": "1"}),
    ("when", {"day": TODAY.day, "month": TODAY.month, "year": TODAY.year, "time_of_day": "night"}),
    ("who-is-affected", {"affected": "household"}),
    ("contact-details", {"name": "Amina Example", "email": "amina@example.com", "phone": ""}),
    ("consent", {"consent": "yes"}),
]


def page(slug: str) -> str:
    return reverse("public:report_asb_question", args=[slug])


def answer_all(client, answers=ANSWERS):
    for slug, data in answers:
        response = client.post(page(slug), data)
        assert response.status_code == 302, (slug, response.content[:2000])
    return response


def test_the_start_page_warns_to_call_999(client):
    response = client.get(reverse("public:report_asb"))
    assert response.status_code == 200
    assert b"call 999" in response.content
    assert b'href="/report-asb/happening-now"' in response.content


def test_each_page_leads_to_the_next_then_check_your_answers(client):
    response = client.post(page("happening-now"), {"happening_now": "yes"})
    assert response["Location"] == page("where")
    response = answer_all(client)
    assert response["Location"] == reverse("public:report_asb_check")
    check = client.get(reverse("public:report_asb_check"))
    assert check.status_code == 200
    body = check.content.decode()
    assert "Loud music every night" in body and "OX16 1ZZ" in body
    assert 'href="/report-asb/where?change=1"' in body
    assert "app-danger" not in body
    changed = client.post(page("happening-now") + "?change=1", {"happening_now": "yes"})
    assert changed["Location"] == reverse("public:report_asb_check")
    body = client.get(reverse("public:report_asb_check")).content.decode()
    assert "app-danger" in body  # it is happening now: call 999, shown again before sending
    assert not Report.objects.exists()  # nothing stored before the final submit


@pytest.mark.parametrize(
    ("slug", "data", "field", "message"),
    [
        ("happening-now", {}, "happening_now", "Select yes if it is happening now"),
        ("where", {"postcode": "NOT A CODE"}, "address_line_1", "Enter the building and street"),
        ("where", {"address_line_1": "1 Road", "postcode": "X"}, "postcode", "Enter a real"),
        ("what-happened", {"description": "x"}, "type", "Select what happened"),
        ("what-happened", {"type": "noise", "description": "  "}, "description", "Describe"),
        ("when", {"time_of_day": "night"}, "day", "Enter the date it happened"),
        ("when", {"day": 31, "month": 2, "year": 2026}, "day", "must be a real date"),
        ("when", {"day": 1, "month": 1, "year": TODAY.year + 1}, "day", "today or in the past"),
        ("who-is-affected", {"affected": "aliens"}, "affected", "Select who is affected"),
        ("contact-details", {"email": "nope"}, "email", "correct format"),
        ("contact-details", {"phone": "call me"}, "phone", "Enter a phone number"),
    ],
)
def test_each_page_names_its_errors(client, slug, data, field, message):
    if slug == "consent":
        answer_all(client, ANSWERS[:-1])
    response = client.post(page(slug), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert f'id="id_{field}' in body and "govuk-form-group--error" in body
    assert "<title>Error:" in body
    assert not Report.objects.exists()


def test_consent_is_asked_only_with_a_way_to_contact(client):
    anonymous = [*ANSWERS[:6], ("contact-details", {"name": "", "email": "", "phone": ""})]
    response = answer_all(client, anonymous)
    assert response["Location"] == reverse("public:report_asb_check")
    assert client.get(page("consent"))["Location"] == reverse("public:report_asb_check")
    body = client.get(reverse("public:report_asb_check")).content.decode()
    assert "You chose to stay anonymous" in body and 'id="answer-consent"' not in body


def test_sending_records_the_report_and_shows_its_reference(client, council):
    answer_all(client)
    response = client.post(reverse("public:report_asb_check"), {"website": ""})
    assert response["Location"] == reverse("public:report_asb_done")
    received = Report.objects.get()
    assert received.received_via == "web" and received.organisation == council
    assert received.language == "en-gb" and received.reporter_consents_to_contact
    assert received.address == "1 Imaginary Road, Banbury" and received.postcode == "OX16 1ZZ"
    assert received.occurred_at <= timezone.now()
    done = client.get(reverse("public:report_asb_done"))
    assert received.reference in done.content.decode()
    assert 'class="govuk-panel govuk-panel--confirmation"' in done.content.decode()
    # The answers are gone from the session: a second send cannot repeat the report.
    assert client.get(reverse("public:report_asb_check"))["Location"] == page("happening-now")


def test_the_confirmation_is_a_tagged_pdf(client, council):
    answer_all(client)
    client.post(reverse("public:report_asb_check"), {"website": ""})
    response = client.get(reverse("public:report_asb_done_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    catalogue, elements = structure(response.content)
    assert "/StructTreeRoot" in catalogue and catalogue["/Lang"] == "en"
    assert ("/H1", "Report sent") in elements
    assert any(Report.objects.get().reference in text for _, text in elements)


def test_a_page_written_in_urdu_keeps_the_language(client, council):
    client.cookies["safer_language"] = "ur"
    answers = [
        (slug, {**data, "description": "رات بھر شور"} if slug == "what-happened" else data)
        for slug, data in ANSWERS
    ]
    answer_all(client, answers)
    response = client.post(reverse("public:report_asb_check"), {"website": ""})
    assert response.status_code == 302
    received = Report.objects.get()
    assert received.language == "ur" and received.description == "رات بھر شور"
    page_html = client.get(reverse("public:report_asb_done")).content.decode()
    assert 'lang="ur"' in page_html and 'dir="rtl"' in page_html


def test_the_honeypot_answers_as_success_and_stores_nothing(client, council):
    answer_all(client)
    response = client.post(reverse("public:report_asb_check"), {"website": "http://spam"})
    assert response["Location"] == reverse("public:report_asb_done")
    assert not Report.objects.exists() and not AuditEvent.objects.exists()
    assert client.get(reverse("public:report_asb_done")).status_code == 200


def test_the_rate_limit_refuses_with_429_and_keeps_the_answers(client, council, settings):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 1
    answer_all(client)
    client.post(reverse("public:report_asb_check"), {"website": ""})
    answer_all(client)
    refused = client.post(reverse("public:report_asb_check"), {"website": ""})
    assert refused.status_code == 429
    assert Report.objects.count() == 1  # the first report is kept, the second not stored
    check = client.get(reverse("public:report_asb_check"))
    assert check.status_code == 200 and "Loud music every night" in check.content.decode()


def test_confirmation_without_a_report_is_not_found(client):
    assert client.get(reverse("public:report_asb_done")).status_code == 404
    assert client.get(reverse("public:report_asb_done_pdf")).status_code == 404
    assert client.get(page("no-such-page")).status_code == 404


def test_the_address_finder_lists_the_gazetteers_addresses_at_a_postcode(client, council, tmp_path):
    gazetteer_loaded(tmp_path)
    found = client.post(page("where"), {"postcode": "ox161zz", "find": "1"})
    body = found.content.decode()
    assert found.status_code == 200 and "govuk-error-summary" not in body
    assert body.index("1 Imaginary Road") < body.index("2 Imaginary Road") < body.index("10 Imag")
    assert "1 Pretend Close" not in body
    missing = client.post(page("where"), {"postcode": "OX16 9ZZ", "find": "1"})
    assert 'id="none-found"' in missing.content.decode()
    chosen = {"postcode": "OX16 1ZZ", "uprn": "990000000002"}
    answers = [(slug, chosen if slug == "where" else data) for slug, data in ANSWERS]
    answer_all(client, answers)
    client.post(reverse("public:report_asb_check"), {"website": ""})
    received = Report.objects.get()
    assert received.uprn == "990000000002" and received.address == "2 Imaginary Road, Banbury"
    assert received.location_key == "uprn:990000000002" and received.latitude is not None


def _located(**overrides):
    return {"latitude": "52.0601", "longitude": "-1.3402", "accuracy": "24.6", **overrides}


def test_the_devices_location_can_stand_for_the_address(client, council):
    answers = [(s, d) for s, d in ANSWERS if s != "where"]
    response = client.post(page("where"), {**_located(), "address_line_1": "", "postcode": ""})
    assert response.status_code == 302
    answer_all(client, answers)
    check = client.get(reverse("public:report_asb_check")).content.decode()
    assert "accurate to about 25 metres" in check
    client.post(reverse("public:report_asb_check"), {"website": ""})
    received = Report.objects.get()
    assert (received.latitude, received.longitude) == (52.0601, -1.3402)
    assert received.address == "" and received.location_key == ""


def test_coordinates_without_the_device_are_not_a_location(client):
    """Only the button fills accuracy: coordinates alone (an address chosen earlier, then
    changed) neither stand for the address nor stay with a typed one."""
    response = client.post(page("where"), _located(accuracy=""))
    assert response.status_code == 200
    assert "Enter the building and street where it happened" in response.content.decode()
    client.post(page("where"), {**_located(accuracy=""), "address_line_1": "2 Imaginary Road"})
    where = client.session["public_report_asb"]["where"]
    assert where["latitude"] is None and where["longitude"] is None


def test_a_location_out_of_range_is_refused(client):
    response = client.post(page("where"), _located(latitude="123"))
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
