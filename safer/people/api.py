"""Person endpoints: the same access rule, selectors and audit as the pages."""

from datetime import date, datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from safer.core.api_schema import InputSchema, errors
from safer.core.pagination import PageQuery
from safer.core.ratelimit import RateLimited
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.people import selectors, services
from safer.people.access import access_person
from safer.people.matching import PersonData

router = Router(tags=["people"])


class PersonSummaryOut(Schema):
    id: int
    first_name: str
    last_name: str
    postcode: str
    organisation_id: int


class PersonListOut(Schema):
    items: list[PersonSummaryOut]
    count: int


class PersonVulnerabilityOut(Schema):
    summary: str
    source: str
    source_reference: str = Field(
        description="The reference of the report it was found on; empty when that report is "
        "not shared with the caller's organisation"
    )
    found_on: date


class PersonOut(PersonSummaryOut):
    description: str = Field(description="Who they are, when they cannot be named")
    phone: str
    email: str
    address: str
    date_of_birth: date | None
    age: int | None
    is_under_18: bool
    vulnerability_notes: str | None
    vulnerabilities: list[PersonVulnerabilityOut] | None = Field(
        description="Found by risk assessments, with their source; None unless the caller may "
        "see sensitive details"
    )
    shared_with: list[str]


class PersonFilters(PageQuery):
    q: str = ""


@router.get(
    "", response={200: PersonListOut, **errors(403, 422)}, summary="People the caller may see"
)
def person_list(request, filters: Query[PersonFilters]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    people = selectors.person_list_visible_to(request.user, q=filters.q)
    limit, offset = filters.limit, filters.offset
    items = list(people[offset : offset + limit])
    services.people_listed(
        listed_by=request.user,
        query=filters.q,
        page=offset // limit + 1,
        shown=[person.pk for person in items],
        via="api",
    )
    return {"items": items, "count": people.count()}


class PersonDetailsIn(InputSchema):
    """What may be known of a person besides their name (intake and the match check)."""

    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class MatchCheckIn(PersonDetailsIn):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)


class MatchLastReportOut(Schema):
    reference: str
    reported_at: datetime


class MatchOut(Schema):
    person: PersonSummaryOut
    score: float
    reasons: list[str]
    address: str = Field(description="To tell two people of one name apart")
    date_of_birth: date | None = Field(
        description="None unless the caller may see dates of birth (or none is recorded)"
    )
    last_report: MatchLastReportOut | None = Field(
        description="Their latest report the caller may open, if any"
    )


class MatchListOut(Schema):
    items: list[MatchOut]


@router.post(
    "/matches",
    response={200: MatchListOut, **errors(400, 403, 413, 422, 429)},
    summary="People already held who may be this one",
)
def person_matches(request, payload: MatchCheckIn, response: HttpResponse):
    """The intake match check: call it before POST /reports and name a match by its person_id
    rather than recording the same person twice. Best first, at most five; audited as a list.
    Each user may check PEOPLE_MATCH_LIMIT people per window: past it, 429 with Retry-After.
    A date of birth counts only for callers who may see dates of birth."""
    require_capability(request.user, Capability.VIEW_RECORDS)
    try:
        services.match_checks_counted(user=request.user, people=1, via="api")
    except RateLimited as refused:
        response["Retry-After"] = str(refused.retry_after)
        return Status(429, {"detail": services.match_limited_message(refused)})
    candidate = PersonData(**payload.dict())
    matches = selectors.person_match_candidates(request.user, candidate)
    services.people_listed(
        listed_by=request.user,
        query="(match check)",
        page=1,
        shown=[person.pk for person, _ in matches],
        via="api",
    )
    details = selectors.match_details(request.user, [person for person, _ in matches])
    return {"items": [_match_out(person, match, details[person.pk]) for person, match in matches]}


def _match_out(person, match, details: selectors.MatchDetails) -> dict:
    last = None
    if details.last_report_reference:
        last = {"reference": details.last_report_reference, "reported_at": details.last_report_at}
    return {
        "person": person,
        "score": match.score,
        "reasons": match.reasons,
        "address": details.address,
        "date_of_birth": details.date_of_birth,
        "last_report": last,
    }


@router.get(
    "/{person_id}", response={200: PersonOut, **errors(404, 422)}, summary="One person (audited)"
)
def person_detail(request, person_id: int):
    person = access_person(request.user, person_id)
    services.person_viewed(person=person, viewed_by=request.user, via="api")
    view = selectors.person_view_for(request.user, person)
    return {
        **{f: getattr(person, f) for f in ("id", "first_name", "last_name", "postcode")},
        **{f: getattr(person, f) for f in ("organisation_id", "phone", "email", "address")},
        "description": person.description,
        "vulnerabilities": view.vulnerabilities,
        "date_of_birth": view.date_of_birth,
        "age": view.age,
        "is_under_18": view.is_under_18,
        "vulnerability_notes": view.vulnerability_notes,
        "shared_with": view.shared_with,
    }
