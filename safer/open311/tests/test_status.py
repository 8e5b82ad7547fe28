"""A request's Open311 status follows its case (received, being dealt with, closed) as Check a
report shows it, and nothing else from the case system, nor the reporter's details or exact
location, reaches any answer."""

import pytest
from django.urls import reverse

from safer.cases import services
from safer.cases.models import Report
from safer.cases.tests.factories import answers
from safer.open311.models import Open311Request
from safer.open311.render import w3
from safer.open311.tests import shapes
from safer.open311.tests.helpers import ACCOUNT, LAT, LONG, new_key, post, valid_json, valid_xml

pytestmark = pytest.mark.django_db
V2 = "/open311/v2"
CASE_SECRET_NOTE = "Tenant at number 14 has a caution for criminal damage"
CASE_TITLE = "Noise at Imaginary Road: officer's view of the household"


@pytest.fixture
def key(council):
    return new_key()


@pytest.fixture
def sent(client, key) -> Report:
    post(client, key)
    return Report.objects.get()


def request_json(client, reference: str, **query) -> dict:
    response = client.get(f"{V2}/requests/{reference}.json", query)
    (one,) = valid_json(shapes.REQUESTS, response)
    return one


def test_the_request_lands_in_the_caseworkers_intake_queue_as_a_web_report(
    client, sent, caseworker
):
    client.force_login(caseworker)
    page = client.get(reverse("cases:queues")).content.decode()
    assert sent.reference in page and "Received via web form" in page


def test_the_status_follows_the_case_until_it_is_closed(client, sent, caseworker):
    one = request_json(client, sent.reference)
    assert one["status"] == "open" and one["status_notes"].startswith("Received")
    assert one["requested_datetime"] == one["updated_datetime"] == w3(sent.reported_at)
    assessment = services.risk_assessment_record(
        report=sent, assessed_by=caseworker, answers=answers()
    )
    one = request_json(client, sent.reference)
    assert one["status"] == "open" and one["status_notes"].startswith("Being dealt with")
    assert one["updated_datetime"] == w3(assessment.assessed_at)
    sent.refresh_from_db()
    case = services.case_open(opened_by=caseworker, reports=[sent])
    assert request_json(client, sent.reference)["status"] == "open"
    services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="Stopped")
    case.refresh_from_db()
    one = request_json(client, sent.reference)
    assert one["status"] == "closed" and one["status_notes"].startswith("Closed")
    assert one["updated_datetime"] == w3(case.closed_at)
    listed = valid_json(shapes.REQUESTS, client.get(f"{V2}/requests.json?status=closed"))
    assert [r["service_request_id"] for r in listed] == [sent.reference]
    root = valid_xml(shapes.REQUESTS_XSD, client.get(f"{V2}/requests/{sent.reference}.xml"))
    assert root.findtext("request/status") == "closed"


def test_no_answer_shows_the_case_the_reporter_or_the_exact_place(client, sent, key, caseworker):
    """Staff work on the report (risk, a case with a title, a note, a lead officer); no
    GeoReport answer, in either format, with or without a key, shows any of it."""
    services.risk_assessment_record(report=sent, assessed_by=caseworker, answers=answers())
    sent.refresh_from_db()
    case = services.case_open(opened_by=caseworker, reports=[sent], lead_officer=caseworker)
    services.case_update(case=case, changed_by=caseworker, expected_version=None, title=CASE_TITLE)
    services.case_note_add(case=case, author=caseworker, text=CASE_SECRET_NOTE)
    other_key = new_key("Another app")
    seen = []
    for fmt in ("json", "xml"):
        for query in ({}, {"api_key": key}, {"api_key": other_key}):
            seen.append(client.get(f"{V2}/requests.{fmt}", query).content.decode())
            seen.append(client.get(f"{V2}/requests/{sent.reference}.{fmt}", query).content.decode())
        seen.append(post(client, key, fmt=fmt).content.decode())
    forbidden = [
        CASE_SECRET_NOTE,
        CASE_TITLE,
        case.reference,
        caseworker.username,
        caseworker.display_name,
        "Standard",  # the risk band
        "Test District Council",  # the organisation holding it
        "Robin",
        "Fictional",
        "robin.fictional@example.com",
        "01632 960 123",
        str(LAT)[:7],  # the exact point, to four decimals
        str(LONG)[:7],
        "Imaginary Road",
    ]
    for text in seen:
        for secret in forbidden:
            assert secret not in text, secret


def test_the_account_and_media_go_back_only_to_the_app_that_sent_them(client, sent, key):
    assert request_json(client, sent.reference)["description"] is None
    assert request_json(client, sent.reference)["media_url"] is None
    other = new_key("Another app")
    assert request_json(client, sent.reference, api_key=other)["description"] is None
    own = request_json(client, sent.reference, api_key=key)
    assert own["description"] == ACCOUNT
    assert own["media_url"] == "https://media.example.org/photo/123.jpg"


def test_the_point_is_published_only_snapped_to_a_grid(client, sent):
    one = request_json(client, sent.reference)
    assert (one["lat"], one["long"]) == (52.0625, -1.3375)  # the cell's centre
    assert abs(one["lat"] - LAT) <= 0.0025 and abs(one["long"] - LONG) <= 0.0025
    assert one["address"] is None and one["zipcode"] is None and one["address_id"] is None
    received = Open311Request.objects.get()
    assert (float(received.public_lat), float(received.public_long)) == (52.0625, -1.3375)


def test_a_bad_key_on_a_get_is_refused(client, sent):
    response = client.get(f"{V2}/requests.json", {"api_key": "guess"})
    assert response.status_code == 403


def test_the_list_costs_the_same_queries_however_long(client, key, django_assert_num_queries):
    post(client, key)
    with django_assert_num_queries(1):
        assert len(client.get(f"{V2}/requests.json").json()) == 1
    for _ in range(4):
        post(client, key)
    with django_assert_num_queries(1):
        assert len(client.get(f"{V2}/requests.json?status=open").json()) == 5


def test_the_report_page_says_which_app_sent_it(client, sent, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("cases:report_detail", args=[sent.reference])).content.decode()
    assert "Sent through Open311 by the app <strong>FixMyStreet</strong>" in page
    assert 'href="https://media.example.org/photo/123.jpg" rel="noreferrer noopener nofollow"' in (
        page
    )
