"""The services (GeoReport "service types") this partnership takes through Open311: the kinds of
anti-social behaviour and nuisance a resident can report on the web form, in the same words,
with the same optional questions about the report (GeoReport "attributes")."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from safer.cases.models import Affected, Report
from safer.cases.services.public_reports import TYPE_CATEGORY
from safer.public.forms import AFFECTED_CHOICES, PUBLIC_TYPES

# When the service list or a definition last changed (discovery's `changeset`): clients refresh
# cached services when it moves, so change it whenever this module changes what it publishes.
CHANGESET = "2026-12-05 00:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

KEYWORDS = {
    Report.Type.NOISE: "noise, loud music, shouting, parties, barking",
    Report.Type.NEIGHBOUR_DISPUTE: "neighbour, dispute, boundary",
    Report.Type.ROWDY_BEHAVIOUR: "rowdy, drunk, youths, gathering, inconsiderate",
    Report.Type.DRUGS: "drugs, dealing, needles, cannabis",
    Report.Type.VEHICLE_NUISANCE: "off-road bikes, mopeds, car meets, speeding, revving",
    Report.Type.INTIMIDATION: "intimidation, harassment, threats, abuse",
    Report.Type.HATE_MOTIVATED: "hate, prejudice, racist, homophobic, disability",
    Report.Type.LITTERING: "litter, fly-tipping, dumping",
    Report.Type.WASTE_ACCUMULATION: "rubbish, waste, bins, garden",
    Report.Type.GRAFFITI: "graffiti, tagging, vandalism",
    Report.Type.ANIMAL_NUISANCE: "dogs, fouling, animals, barking",
    Report.Type.OTHER: "anti-social behaviour, nuisance, other",
}

# The optional questions of the web form, as GeoReport attributes. `code` is what a client
# sends as attribute[code]=value.
YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    description: str
    variable: bool = True
    required: bool = False
    datatype_description: str | None = None
    values: tuple[tuple[str, str], ...] = ()


def _english(choices) -> tuple[tuple[str, str], ...]:
    with translation.override("en-gb"):
        return tuple((str(key), str(label)) for key, label in choices)


def attributes() -> list[Attribute]:
    """Every service's attributes, in the order a client shows them (the `order` is 1-based)."""
    return [
        Attribute(
            code="danger",
            datatype="string",
            variable=False,
            description=(
                "If someone is in danger or a crime is happening now, call 999. Do not use "
                "this service to report an emergency."
            ),
        ),
        Attribute(
            code="happening_now",
            datatype="singlevaluelist",
            description="Is it happening now?",
            values=YES_NO,
        ),
        Attribute(
            code="occurred_datetime",
            datatype="datetime",
            description="When did it happen? Leave empty if it is happening now.",
            datatype_description="A date and time with its time zone, e.g. 2026-05-01T21:30:00Z",
        ),
        Attribute(
            code="affected",
            datatype="singlevaluelist",
            description="Who is affected?",
            values=_english(AFFECTED_CHOICES),
        ),
        Attribute(
            code="consent_to_contact",
            datatype="singlevaluelist",
            description="May we contact you about this report, using the e-mail address or "
            "phone number you gave?",
            values=YES_NO,
        ),
    ]


ATTRIBUTE_CODES = {"danger", "happening_now", "occurred_datetime", "affected", "consent_to_contact"}
AFFECTED_VALUES = set(Affected.values)


@dataclass(frozen=True)
class Service:
    service_code: str
    service_name: str
    description: str
    keywords: str
    group: str


def services() -> list[Service]:
    """The service list: one service per kind of report, named in a resident's words."""
    days = settings.RISK_ASSESSMENT_DUE_WORKING_DAYS
    categories = dict(Report.Category.choices)
    with translation.override("en-gb"):
        return [
            Service(
                service_code=str(code),
                service_name=str(label),
                description=f"Report {str(label).lower()} to the community safety team. "
                f"We look at every report within {days} working day{'s' if days != 1 else ''}.",
                keywords=KEYWORDS[code],
                group=categories[TYPE_CATEGORY[code]],
            )
            for code, label in PUBLIC_TYPES
        ]


def service(code: str) -> Service | None:
    return next((s for s in services() if s.service_code == code), None)


def service_type() -> str:
    """`realtime` (the POST answers the service_request_id) or `batch` (it answers a token)."""
    return "batch" if settings.OPEN311_REQUEST_TYPE == "batch" else "realtime"
