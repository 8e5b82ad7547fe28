"""The real `georeport` client (PyPI, 0.3.1), unchanged but for its base URL, against a live
server: the service list and definitions, requests and one request, in JSON and in XML.

georeport 0.3.1 has no call for discovery, for creating a request or for tokens (its README:
"does not currently support the creation of new 311 service requests"), so those are made here
with `requests`, as the client makes its own calls: form-encoded POST with the api_key, the
format as the path's extension. The client's own `api_key` is the one the POST uses."""

import pytest
import requests
import xmltodict
from django.db import connection
from georeport import GeoReport

from safer.audit.tests.helpers import triggers_disabled
from safer.cases import services
from safer.cases.models import Report
from safer.cases.tests.factories import answers
from safer.open311.tests.helpers import fields, new_key
from safer.public.forms import PUBLIC_TYPES


@pytest.fixture
def clients(transactional_db, live_server, council, settings):
    key = new_key("Civic reporting app")
    root = f"{live_server.url}/open311/v2"
    yield {
        fmt: GeoReport(root, jurisdiction="safer.example.gov.uk", api_key=key, output_format=fmt)
        for fmt in ("json", "xml")
    }
    # Reports were audited; SQLite's append-only triggers would refuse the live server's flush
    # of those rows (as in tests/browser/conftest.py).
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def submit(client: GeoReport, **overrides) -> requests.Response:
    """POST Service Request as the specification shows it, with the client's key and root."""
    return requests.post(
        f"{client.root_address}/requests.{client.output_format}",
        data=fields(client.api_key, **overrides),
        timeout=10,
    )


def test_georeport_client_works_with_only_the_base_url_changed(clients, caseworker):
    json_client, xml_client = clients["json"], clients["xml"]
    discovery = requests.get(f"{json_client.root_address}/discovery.json", timeout=10).json()
    assert discovery["endpoints"][0]["url"] == json_client.root_address
    discovered = xmltodict.parse(
        requests.get(f"{xml_client.root_address}/discovery.xml", timeout=10).content
    )
    assert discovered["discovery"]["endpoints"]["endpoint"]["url"] == xml_client.root_address

    codes = [str(code) for code, _ in PUBLIC_TYPES]
    assert [s["service_code"] for s in json_client.get_service_list()] == codes
    assert [s["service_code"] for s in xml_client.get_service_list()] == codes
    definition = json_client.get_service_definition("noise")
    assert definition["service_code"] == "noise" and len(definition["attributes"]) == 5
    definition = xml_client.get_service_definition("graffiti")
    assert definition["service_code"] == "graffiti"
    assert definition["attributes"]["attribute"][0]["code"] == "danger"

    created = submit(json_client).json()[0]["service_request_id"]
    created_xml = xmltodict.parse(submit(xml_client, service_code="graffiti").content)
    created_xml = created_xml["service_requests"]["request"]["service_request_id"]
    assert Report.objects.filter(reference__in=[created, created_xml]).count() == 2

    listed = json_client.get_service_requests()
    assert [r["service_request_id"] for r in listed] == [created_xml, created]
    assert json_client.get_service_requests(service_code="graffiti")[0]["service_request_id"] == (
        created_xml
    )
    one_xml = xml_client.get_service_requests(service_request_id=created)
    assert one_xml["service_request_id"] == created and one_xml["status"] == "open"
    assert json_client.get_service_request(created)["status"] == "open"

    report = Report.objects.get(reference=created)
    services.risk_assessment_record(report=report, assessed_by=caseworker, answers=answers())
    report.refresh_from_db()
    case = services.case_open(opened_by=caseworker, reports=[report])
    services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="Stopped")
    assert json_client.get_service_request(created)["status"] == "closed"
    assert xml_client.get_service_request(created)["status"] == "closed"
    assert [r["service_request_id"] for r in json_client.get_service_requests(status="closed")] == [
        created
    ]
    assert xml_client.get_service_requests(status="open")["service_request_id"] == created_xml


def test_a_batch_token_resolves_to_the_request(clients, settings):
    settings.OPEN311_REQUEST_TYPE = "batch"
    json_client = clients["json"]
    assert {s["type"] for s in json_client.get_service_list()} == {"batch"}
    token = submit(json_client).json()[0]["token"]
    answer = requests.get(f"{json_client.root_address}/tokens/{token}.json", timeout=10).json()
    reference = Report.objects.get().reference
    assert answer == [{"service_request_id": reference, "token": token}]
    assert json_client.get_service_request(reference)["service_request_id"] == reference
    xml = requests.get(f"{json_client.root_address}/tokens/{token}.xml", timeout=10).content
    assert xmltodict.parse(xml)["service_requests"]["request"]["token"] == token


def test_the_client_sees_the_errors_as_http_errors(clients):
    with pytest.raises(requests.HTTPError) as raised:
        clients["xml"].get_service_definition("potholes")
    assert raised.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as raised:
        clients["json"].get_service_request("ASB-2026-999999")
    assert raised.value.response.status_code == 404
    refused = submit(clients["json"], api_key="not-a-key")
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403
