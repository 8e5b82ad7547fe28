"""Shared by the Open311 tests: a key, a GeoReport POST as an app sends it, and shape checks."""

import json

import jsonschema_rs
from lxml import etree

from safer.open311.services import key_create

# A point in Banbury, and an account naming a neighbour (as residents' accounts do).
LAT, LONG = 52.062912, -1.339713
ACCOUNT = "Loud music from number 14 every night until 3am; the man there shouts at us."


def new_key(app_name: str = "FixMyStreet") -> str:
    return key_create(app_name=app_name)[1]


def fields(key: str, **overrides) -> dict:
    data = {
        "api_key": key,
        "jurisdiction_id": "safer.example.gov.uk",
        "service_code": "noise",
        "lat": str(LAT),
        "long": str(LONG),
        "email": "robin.fictional@example.com",
        "first_name": "Robin",
        "last_name": "Fictional",
        "phone": "01632 960 123",
        "description": ACCOUNT,
        "media_url": "https://media.example.org/photo/123.jpg",
        "device_id": "tt222111",
        "account_id": "123456",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(client, key: str, fmt: str = "json", **overrides):
    return client.post(f"/open311/v2/requests.{fmt}", fields(key, **overrides))


def valid_json(schema: dict, response):
    """The answer's JSON, after checking its content type and that it fits `schema`."""
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    jsonschema_rs.validator_for(schema).validate(data)
    return data


def valid_xml(schema: etree.XMLSchema, response) -> etree._Element:
    """The answer's XML root, after checking its content type, declaration and schema."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = etree.fromstring(response.content)
    schema.assertValid(root)
    return root
