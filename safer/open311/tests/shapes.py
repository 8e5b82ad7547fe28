"""GeoReport v2's shapes, written from the specification (wiki.open311.org/GeoReport_v2 and
/Service_Discovery): JSON Schemas for the JSON answers and XML Schemas for the XML ones. Element
names, which fields must be there, and their types; lists may be empty. Values the
specification allows to be absent or empty ("may not be returned") may be null in JSON and an
empty element in XML."""

from lxml import etree

STRING_OR_NULL = {"type": ["string", "null"]}
W3 = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"}
W3_OR_NULL = {"anyOf": [W3, {"type": "null"}]}
NUMBER_OR_NULL = {"type": ["number", "null"]}


def _object(required: dict, optional: dict | None = None) -> dict:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": False,
    }


DISCOVERY = _object(
    {
        "changeset": {"type": "string"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                {
                    "specification": {"type": "string"},
                    "url": {"type": "string"},
                    "changeset": {"type": "string"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"type": "string"}},
                }
            ),
        },
    }
)
SERVICES = {
    "type": "array",
    "items": _object(
        {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
        },
        {"description": STRING_OR_NULL, "keywords": STRING_OR_NULL, "group": STRING_OR_NULL},
    ),
}
SERVICE_DEFINITION = _object(
    {
        "service_code": {"type": "string"},
        "attributes": {
            "type": "array",
            "items": _object(
                {
                    "variable": {"type": "boolean"},
                    "code": {"type": "string"},
                    "datatype": {
                        "enum": [
                            "string",
                            "number",
                            "datetime",
                            "text",
                            "singlevaluelist",
                            "multivaluelist",
                        ]
                    },
                    "required": {"type": "boolean"},
                    "order": {"type": "integer", "minimum": 1},
                },
                {
                    "datatype_description": STRING_OR_NULL,
                    "description": STRING_OR_NULL,
                    "values": {
                        "type": "array",
                        "items": _object({"key": {"type": "string"}, "name": {"type": "string"}}),
                    },
                },
            ),
        },
    }
)
# POST Service Request: service_request_id or token, never both.
CREATED = {
    "type": "array",
    "minItems": 1,
    "maxItems": 1,
    "items": {
        "oneOf": [
            _object(
                {"service_request_id": {"type": "string"}},
                {"service_notice": STRING_OR_NULL, "account_id": STRING_OR_NULL},
            ),
            _object(
                {"token": {"type": "string"}},
                {"service_notice": STRING_OR_NULL, "account_id": STRING_OR_NULL},
            ),
        ]
    },
}
TOKEN = {
    "type": "array",
    "items": _object({"service_request_id": {"type": "string"}, "token": {"type": "string"}}),
}
REQUESTS = {
    "type": "array",
    "items": _object(
        {
            "service_request_id": {"type": "string"},
            "status": {"enum": ["open", "closed"]},
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "requested_datetime": W3,
            "updated_datetime": W3_OR_NULL,
        },
        {
            "status_notes": STRING_OR_NULL,
            "description": {"type": ["string", "null"], "maxLength": 4000},
            "agency_responsible": STRING_OR_NULL,
            "service_notice": STRING_OR_NULL,
            "expected_datetime": W3_OR_NULL,
            "address": STRING_OR_NULL,
            "address_id": STRING_OR_NULL,
            "zipcode": STRING_OR_NULL,
            "lat": NUMBER_OR_NULL,
            "long": NUMBER_OR_NULL,
            "media_url": STRING_OR_NULL,
        },
    ),
}
ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": _object({"code": {"type": "integer"}, "description": {"type": "string"}}),
}

# XML: the same trees. `xs:all` as the specification fixes no order of a record's elements;
# minOccurs="0" for what "may not be returned"; the *OrEmpty types for empty elements.
_XSD_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="empty">
    <xs:restriction base="xs:string"><xs:length value="0"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="decimalOrEmpty"><xs:union memberTypes="xs:decimal empty"/></xs:simpleType>
  <xs:simpleType name="dateTimeOrEmpty"><xs:union memberTypes="w3 empty"/></xs:simpleType>
  <xs:simpleType name="w3">
    <xs:restriction base="xs:dateTime">
      <xs:pattern value=".*(Z|[+\\-]\\d\\d:\\d\\d)"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="status"><xs:restriction base="xs:string">
    <xs:enumeration value="open"/><xs:enumeration value="closed"/>
  </xs:restriction></xs:simpleType>
"""
_XSD_TAIL = "</xs:schema>"


def _xsd(body: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring((_XSD_HEAD + body + _XSD_TAIL).encode()))


DISCOVERY_XSD = _xsd("""
  <xs:element name="discovery"><xs:complexType><xs:all>
    <xs:element name="changeset" type="xs:string"/>
    <xs:element name="contact" type="xs:string"/>
    <xs:element name="key_service" type="xs:string"/>
    <xs:element name="endpoints"><xs:complexType><xs:sequence>
      <xs:element name="endpoint" maxOccurs="unbounded"><xs:complexType><xs:all>
        <xs:element name="specification" type="xs:anyURI"/>
        <xs:element name="url" type="xs:anyURI"/>
        <xs:element name="changeset" type="xs:string"/>
        <xs:element name="type"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="production"/><xs:enumeration value="test"/>
        </xs:restriction></xs:simpleType></xs:element>
        <xs:element name="formats"><xs:complexType><xs:sequence>
          <xs:element name="format" type="xs:string" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType></xs:element>
      </xs:all></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
  </xs:all></xs:complexType></xs:element>
""")
SERVICES_XSD = _xsd("""
  <xs:element name="services"><xs:complexType><xs:sequence>
    <xs:element name="service" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:all>
      <xs:element name="service_code" type="xs:string"/>
      <xs:element name="service_name" type="xs:string"/>
      <xs:element name="description" type="xs:string" minOccurs="0"/>
      <xs:element name="metadata" type="xs:boolean"/>
      <xs:element name="type"><xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="realtime"/><xs:enumeration value="batch"/>
        <xs:enumeration value="blackbox"/>
      </xs:restriction></xs:simpleType></xs:element>
      <xs:element name="keywords" type="xs:string" minOccurs="0"/>
      <xs:element name="group" type="xs:string" minOccurs="0"/>
    </xs:all></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
""")
SERVICE_DEFINITION_XSD = _xsd("""
  <xs:element name="service_definition"><xs:complexType><xs:all>
    <xs:element name="service_code" type="xs:string"/>
    <xs:element name="attributes"><xs:complexType><xs:sequence>
      <xs:element name="attribute" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:all>
        <xs:element name="variable" type="xs:boolean"/>
        <xs:element name="code" type="xs:string"/>
        <xs:element name="datatype"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="string"/><xs:enumeration value="number"/>
          <xs:enumeration value="datetime"/><xs:enumeration value="text"/>
          <xs:enumeration value="singlevaluelist"/><xs:enumeration value="multivaluelist"/>
        </xs:restriction></xs:simpleType></xs:element>
        <xs:element name="required" type="xs:boolean"/>
        <xs:element name="datatype_description" type="xs:string" minOccurs="0"/>
        <xs:element name="order" type="xs:positiveInteger"/>
        <xs:element name="description" type="xs:string" minOccurs="0"/>
        <xs:element name="values" minOccurs="0"><xs:complexType><xs:sequence>
          <xs:element name="value" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:all>
            <xs:element name="key" type="xs:string"/>
            <xs:element name="name" type="xs:string"/>
          </xs:all></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:all></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
  </xs:all></xs:complexType></xs:element>
""")
CREATED_XSD = _xsd("""
  <xs:element name="service_requests"><xs:complexType><xs:sequence>
    <xs:element name="request"><xs:complexType><xs:sequence>
      <xs:choice>
        <xs:element name="service_request_id" type="xs:string"/>
        <xs:element name="token" type="xs:string"/>
      </xs:choice>
      <xs:element name="service_notice" type="xs:string" minOccurs="0"/>
      <xs:element name="account_id" type="xs:string" minOccurs="0"/>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
""")
TOKEN_XSD = _xsd("""
  <xs:element name="service_requests"><xs:complexType><xs:sequence>
    <xs:element name="request" maxOccurs="unbounded"><xs:complexType><xs:all>
      <xs:element name="service_request_id" type="xs:string"/>
      <xs:element name="token" type="xs:string"/>
    </xs:all></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
""")
REQUESTS_XSD = _xsd("""
  <xs:element name="service_requests"><xs:complexType><xs:sequence>
    <xs:element name="request" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:all>
      <xs:element name="service_request_id" type="xs:string"/>
      <xs:element name="status" type="status"/>
      <xs:element name="status_notes" type="xs:string" minOccurs="0"/>
      <xs:element name="service_name" type="xs:string"/>
      <xs:element name="service_code" type="xs:string"/>
      <xs:element name="description" minOccurs="0"><xs:simpleType>
        <xs:restriction base="xs:string"><xs:maxLength value="4000"/></xs:restriction>
      </xs:simpleType></xs:element>
      <xs:element name="agency_responsible" type="xs:string" minOccurs="0"/>
      <xs:element name="service_notice" type="xs:string" minOccurs="0"/>
      <xs:element name="requested_datetime" type="w3"/>
      <xs:element name="updated_datetime" type="dateTimeOrEmpty"/>
      <xs:element name="expected_datetime" type="dateTimeOrEmpty" minOccurs="0"/>
      <xs:element name="address" type="xs:string" minOccurs="0"/>
      <xs:element name="address_id" type="xs:string" minOccurs="0"/>
      <xs:element name="zipcode" type="xs:string" minOccurs="0"/>
      <xs:element name="lat" type="decimalOrEmpty" minOccurs="0"/>
      <xs:element name="long" type="decimalOrEmpty" minOccurs="0"/>
      <xs:element name="media_url" type="xs:string" minOccurs="0"/>
    </xs:all></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
""")
ERRORS_XSD = _xsd("""
  <xs:element name="errors"><xs:complexType><xs:sequence>
    <xs:element name="error" maxOccurs="unbounded"><xs:complexType><xs:all>
      <xs:element name="code" type="xs:integer"/>
      <xs:element name="description" type="xs:string"/>
    </xs:all></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
""")
