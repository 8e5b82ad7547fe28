"""GeoReport v2 calls against the specification's shapes (tests/shapes.py), in JSON and XML:
discovery, services, definitions, POST and GET requests, tokens, and the error answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases.models import Report
from safer.cases.tests.factories import report as staff_report
from safer.open311 import parse
from safer.open311.models import Open311Key, Open311Request
from safer.open311.services import key_revoke
from safer.open311.tests import shapes
from safer.open311.tests.helpers import LAT, LONG, fields, new_key, post, valid_json, valid_xml
from safer.public.forms import PUBLIC_TYPES

pytestmark = pytest.mark.django_db
V2 = "/open311/v2"


@pytest.fixture
def key(council):
    return new_key()


def test_discovery_answers_both_formats_in_the_specification_shape(client, settings):
    settings.OPEN311_CONTACT = "open311@safer.example.gov.uk"
    data = valid_json(shapes.DISCOVERY, client.get(f"{V2}/discovery.json"))
    assert data["contact"] == f"{settings.PARTNERSHIP_NAME}. open311@safer.example.gov.uk"
    assert data["key_service"].endswith("administrators: open311@safer.example.gov.uk")
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = valid_xml(shapes.DISCOVERY_XSD, client.get(f"{V2}/discovery.xml"))
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_the_services_are_the_public_report_types(client):
    data = valid_json(shapes.SERVICES, client.get(f"{V2}/services.json"))
    assert [s["service_code"] for s in data] == [str(code) for code, _ in PUBLIC_TYPES]
    noise = data[0]
    assert noise["service_name"] == "Noise" and noise["group"] == "Nuisance"
    assert noise["metadata"] is True and noise["type"] == "realtime"
    litter = next(s for s in data if s["service_code"] == "littering")
    assert litter["group"] == "Environmental"
    root = valid_xml(shapes.SERVICES_XSD, client.get(f"{V2}/services.xml"))
    assert [s.findtext("service_code") for s in root.findall("service")] == [
        s["service_code"] for s in data
    ]
    assert root.findtext("service/metadata") == "true"


def test_a_service_definition_lists_its_attributes(client):
    data = valid_json(shapes.SERVICE_DEFINITION, client.get(f"{V2}/services/noise.json"))
    assert data["service_code"] == "noise"
    codes = [a["code"] for a in data["attributes"]]
    assert codes == [
        "danger",
        "happening_now",
        "occurred_datetime",
        "affected",
        "consent_to_contact",
    ]
    assert [a["order"] for a in data["attributes"]] == [1, 2, 3, 4, 5]
    danger = data["attributes"][0]
    assert danger["variable"] is False and "999" in danger["description"]
    affected = next(a for a in data["attributes"] if a["code"] == "affected")
    assert [v["key"] for v in affected["values"]] == [
        "me",
        "household",
        "someone_else",
        "community",
    ]
    root = valid_xml(shapes.SERVICE_DEFINITION_XSD, client.get(f"{V2}/services/noise.xml"))
    assert root.findtext("attributes/attribute/variable") == "false"
    assert len(root.findall("attributes/attribute/values/value")) == 2 + 4 + 2


def test_a_posted_request_becomes_a_web_report_in_the_intake_queue(client, key, council):
    response = post(client, key)
    (answer,) = valid_json(shapes.CREATED, response)
    assert response.status_code == 200
    report = Report.objects.get()
    assert answer["service_request_id"] == report.reference
    assert "999" in answer["service_notice"] and answer["account_id"] is None
    assert report.received_via == Report.ReceivedVia.WEB and report.recorded_by is None
    assert report.organisation == council and report.type == "noise"
    assert report.category == Report.Category.NUISANCE
    assert report.description == fields(key)["description"]
    assert (report.latitude, report.longitude) == (LAT, LONG)  # staff get the exact point
    assert report.reporter_name == "Robin Fictional"
    assert report.reporter_email == "robin.fictional@example.com"
    assert report.reporter_phone == "01632 960 123"
    assert report.language == "en-gb" and report.reporter_consents_to_contact is False
    received = Open311Request.objects.get()
    assert received.report == report and received.key.app_name == "FixMyStreet"
    assert received.media_url == "https://media.example.org/photo/123.jpg"
    assert received.key.last_used_at is not None
    event = AuditEvent.objects.get(action="open311.request_received")
    assert event.target_id == str(report.pk) and event.changes["app_name"] == "FixMyStreet"
    assert AuditEvent.objects.filter(action="report.created", target_id=str(report.pk)).exists()


def test_a_post_answers_xml_in_the_specification_shape(client, key):
    root = valid_xml(shapes.CREATED_XSD, post(client, key, fmt="xml"))
    assert root.findtext("request/service_request_id") == Report.objects.get().reference
    assert root.find("request/account_id").text is None


def test_attributes_and_the_locale_reach_the_report(client, key):
    happened = (timezone.now() - timedelta(days=2)).replace(microsecond=0)
    post(
        client,
        key,
        service_code="vehicle_nuisance",
        locale="pl_PL",
        **{
            "attribute[happening_now]": "no",
            "attribute[affected]": "community",
            "attribute[consent_to_contact]": "yes",
            "attribute[occurred_datetime]": happened.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    report = Report.objects.get()
    assert report.type == "vehicle_nuisance" and report.language == "pl"
    assert report.happening_now is False and report.affected == "community"
    assert report.reporter_consents_to_contact is True and report.occurred_at == happened


@pytest.mark.parametrize(
    ("locale", "language"),
    [("", "en-gb"), ("fr", "en-gb"), ("ur", "ur"), ("zh-TW", "zh-hant"), ("en-US", "en-gb")],
)
def test_the_language_is_english_unless_a_supported_one_is_named(locale, language):
    assert parse.language(locale) == language


def test_an_address_alone_is_a_location(client, key):
    post(client, key, lat=None, long=None, address_string="Outside 5 Imaginary Road, Banbury")
    report = Report.objects.get()
    assert report.address == "Outside 5 Imaginary Road, Banbury" and report.latitude is None
    assert Open311Request.objects.get().public_lat is None


def test_no_description_still_gives_caseworkers_a_report(client, key):
    post(client, key, description=None)
    assert Report.objects.get().description == (
        "No description was given. Reported as Noise through the app FixMyStreet."
    )


# Errors: the specification's format, with its statuses; nothing stored.


def errors_of(response, status: int) -> list[str]:
    assert response.status_code == status
    data = valid_json(shapes.ERRORS, response)
    assert all(error["code"] == status for error in data)
    return [error["description"] for error in data]


def test_a_missing_or_wrong_key_is_refused_with_403(client, key):
    assert errors_of(post(client, ""), 403) == [
        "api_key was not provided: ask the partnership for a key for your app"
    ]
    assert errors_of(post(client, key + "x"), 403) == ["Invalid api_key received -- can't proceed"]
    assert not Report.objects.exists()


def test_a_revoked_key_is_refused_with_403(client, key, council):
    key_revoke(key=Open311Key.objects.get(), revoked_by=None)
    response = post(client, key, fmt="xml")
    assert response.status_code == 403
    root = valid_xml(shapes.ERRORS_XSD, response)
    assert root.findtext("error/code") == "403" and "revoked" in root.findtext("error/description")
    assert not Report.objects.exists()


def test_an_unknown_service_is_404_and_a_missing_one_400(client, key):
    assert errors_of(post(client, key, service_code="potholes"), 404) == [
        "service_code potholes was not found"
    ]
    assert errors_of(post(client, key, service_code=""), 400) == [parse.SERVICE_CODE_MISSING]
    assert errors_of(client.get(f"{V2}/services/potholes.json"), 404) == [
        "service_code potholes was not found"
    ]
    assert not Report.objects.exists()


def test_a_missing_location_is_400(client, key):
    response = post(client, key, lat=None, long=None, fmt="xml")
    assert response.status_code == 400
    root = valid_xml(shapes.ERRORS_XSD, response)
    assert root.findtext("error/description") == parse.LOCATION_MISSING
    assert errors_of(post(client, key, long=None), 400) == [parse.LATLONG_PAIR]
    assert errors_of(post(client, key, address_id="999999999999"), 400) == [
        parse.ADDRESS_ID_UNKNOWN.format(id="999999999999")
    ]
    assert not Report.objects.exists()


def test_every_problem_is_named_at_once(client, key):
    problems = errors_of(
        post(
            client,
            key,
            lat="north",
            email="not-an-email",
            phone="call me",
            description="x" * 4001,
            media_url="javascript:alert(1)",
            **{"attribute[colour]": "red", "attribute[affected]": "everyone"},
        ),
        400,
    )
    assert problems == [
        parse.LATLONG_NUMBERS,
        parse.EMAIL_INVALID,
        parse.PHONE_INVALID,
        parse.DESCRIPTION_TOO_LONG,
        parse.MEDIA_URL_INVALID,
        parse.ATTRIBUTE_UNKNOWN.format(code="colour"),
        "attribute[affected] must be one of: me, household, someone_else, community",
    ]
    assert not Report.objects.exists()


def test_a_future_occurrence_is_refused(client, key):
    later = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert errors_of(post(client, key, **{"attribute[occurred_datetime]": later}), 400) == [
        parse.OCCURRED_FUTURE
    ]
    naive = errors_of(
        post(client, key, **{"attribute[occurred_datetime]": "2026-01-01 10:00"}), 400
    )
    assert naive == [parse.DATETIME_FORMAT.format(name="attribute[occurred_datetime]")]


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, key, settings):
    settings.OPEN311_MAX_BODY_BYTES = 2000
    assert errors_of(post(client, key, description="x" * 2500), 400) == [
        "The request is too large: at most 2,000 bytes"
    ]
    assert not Report.objects.exists()


def test_posts_are_limited_per_key_and_per_address(client, key, settings):
    settings.OPEN311_POSTS_PER_HOUR_PER_KEY = 2
    assert post(client, key).status_code == post(client, key).status_code == 200
    refused = post(client, key)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert errors_of(refused, 429)[0].startswith("Too many requests")
    other = new_key("Another app")
    settings.OPEN311_POSTS_PER_HOUR_PER_ADDRESS = 3
    assert post(client, other).status_code == 200  # the address's third
    assert post(client, other).status_code == 429  # the address's fourth
    assert Report.objects.count() == 3


def test_unknown_requests_tokens_and_formats_are_404(client):
    assert errors_of(client.get(f"{V2}/requests/ASB-2026-999999.json"), 404) == [
        "service_request_id ASB-2026-999999 was not found"
    ]
    response = client.get(f"{V2}/requests/ASB-2026-999999.xml")
    assert response.status_code == 404
    valid_xml(shapes.ERRORS_XSD, response)
    assert errors_of(client.get(f"{V2}/tokens/nope.json"), 404) == ["token nope was not found"]
    assert errors_of(client.get(f"{V2}/services.html"), 404) == [
        "Unknown format html: ask for .json or .xml"
    ]


def test_get_requests_checks_its_filters(client):
    assert errors_of(client.get(f"{V2}/requests.json?status=pending"), 400) == [
        parse.STATUS_UNKNOWN
    ]
    assert errors_of(client.get(f"{V2}/requests.json?start_date=yesterday"), 400) == [
        parse.DATETIME_FORMAT.format(name="start_date")
    ]
    span = "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
    assert errors_of(client.get(f"{V2}/requests.json?{span}"), 400) == [parse.SPAN_TOO_LONG]


# Batch services: a token first, then the id from /tokens.


def test_batch_services_answer_a_token_that_gives_the_id(client, key, settings):
    settings.OPEN311_REQUEST_TYPE = "batch"
    assert {s["type"] for s in client.get(f"{V2}/services.json").json()} == {"batch"}
    (answer,) = valid_json(shapes.CREATED, post(client, key))
    assert "service_request_id" not in answer
    received = Open311Request.objects.get()
    assert answer["token"] == received.token
    data = valid_json(shapes.TOKEN, client.get(f"{V2}/tokens/{received.token}.json"))
    assert data == [{"service_request_id": received.report.reference, "token": received.token}]
    root = valid_xml(shapes.TOKEN_XSD, client.get(f"{V2}/tokens/{received.token}.xml"))
    assert root.findtext("request/service_request_id") == received.report.reference
    root = valid_xml(shapes.CREATED_XSD, post(client, key, fmt="xml"))
    assert root.find("request/service_request_id") is None and root.findtext("request/token")


def test_only_open311_requests_are_listed(client, key, caseworker):
    post(client, key)
    staff = staff_report(caseworker)
    data = valid_json(shapes.REQUESTS, client.get(f"{V2}/requests.json"))
    assert [r["service_request_id"] for r in data] == [
        Open311Request.objects.get().report.reference
    ]
    assert errors_of(client.get(f"{V2}/requests/{staff.reference}.json"), 404)


def test_get_requests_filters_as_the_specification_says(client, key):
    post(client, key)
    post(client, key, service_code="graffiti")
    old = Report.objects.get(type="noise")
    Report.objects.filter(pk=old.pk).update(reported_at=timezone.now() - timedelta(days=100))
    graffiti = Report.objects.get(type="graffiti").reference

    def ids(query: str) -> list[str]:
        response = client.get(f"{V2}/requests.json?{query}")
        return [r["service_request_id"] for r in valid_json(shapes.REQUESTS, response)]

    assert ids("") == [graffiti]  # the last 90 days by default
    assert ids(f"service_request_id={old.reference},{graffiti}&status=closed") == [
        graffiti,
        old.reference,
    ]  # ids override every other argument
    start = (timezone.now() - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"start_date={start}") == [old.reference]  # 90 days from the start
    assert ids("service_code=noise") == []
    assert ids("service_code=noise,graffiti&status=open") == [graffiti]
    assert ids("status=closed") == []
    end = (timezone.now() - timedelta(days=50)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"end_date={end}") == [old.reference]  # the 90 days before the end


def test_the_key_may_come_in_the_query(client, key):
    data = fields(key, api_key=None)
    response = client.post(f"{V2}/requests.json?api_key={key}", data)
    assert response.status_code == 200 and Report.objects.count() == 1


def test_xml_stays_well_formed_whatever_was_typed(client, key):
    post(client, key, description="Shouting\x0b and banging <b>&amp;</b> all night")
    reference = Report.objects.get().reference
    root = valid_xml(
        shapes.REQUESTS_XSD, client.get(f"{V2}/requests/{reference}.xml", {"api_key": key})
    )
    assert root.findtext("request/description") == "Shouting and banging <b>&amp;</b> all night"
    response = client.get(f"{V2}/tokens/bad\x01token.xml")
    assert response.status_code == 404
    valid_xml(shapes.ERRORS_XSD, response)


def test_nul_characters_are_refused_before_they_reach_the_database(client, key):
    assert errors_of(post(client, key, description="a\x00b"), 400) == [
        "Arguments must not contain NUL characters"
    ]
    assert errors_of(client.get(f"{V2}/requests.json", {"service_code": "a\x00"}), 400)
    assert errors_of(client.get(f"{V2}/requests/ASB\x00.json"), 400)
    assert not Report.objects.exists()
