"""What the case-management API takes and gives: its schemas and the answers built from records."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from safer.cases import legal, selectors
from safer.cases.models import Case, CaseNote, Intervention, Report
from safer.core.api_schema import InputSchema
from safer.core.pagination import PageQuery
from safer.people.api import PersonDetailsIn

ReceivedVia = Literal["phone", "email", "web", "in_person", "partner_referral"]
Category = Literal["personal", "nuisance", "environmental"]
ReportType = Literal[
    "noise",
    "neighbour_dispute",
    "rowdy_behaviour",
    "drugs",
    "vehicle_nuisance",
    "intimidation",
    "hate_motivated",
    "littering",
    "waste_accumulation",
    "graffiti",
    "animal_nuisance",
    "other",
]
PersonRole = Literal["reporter", "victim", "witness", "alleged_perpetrator"]
Band = Literal["standard", "medium", "high"]


class ChoiceOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    key: str
    text: str
    choices: list[ChoiceOut]


class QuestionnaireOut(Schema):
    version: int
    questions: list[QuestionOut]


class LocationIn(InputSchema):
    address: str = ""
    postcode: str = ""
    uprn: str = ""
    latitude: float | None = None
    longitude: float | None = None


class PersonIn(PersonDetailsIn):
    """One person in a report: `person_id` (someone already held, found with POST
    /people/matches), or `first_name` and `last_name` for a new record, or only a `description`
    for someone who cannot be named ("Unknown youths, about five, aged 14 to 16"), or
    `same_as: "reporter"` for the reporter in another role ("the reporter is the victim").
    Half a name is refused (422) naming the person: "Person 2 (alleged perpetrator): ..."."""

    role: PersonRole
    person_id: int | None = None
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    description: str = Field(
        "", max_length=500, description="Who they are, when they cannot be named"
    )
    same_as: Literal["reporter"] | None = Field(
        None, description='"reporter": this is the reporter again, in this role'
    )


class ReportIn(InputSchema):
    received_via: ReceivedVia
    occurred_at: datetime
    category: Category
    type: ReportType
    description: str = Field(min_length=1)
    location: LocationIn
    people: list[PersonIn] = []


class InvolvementOut(Schema):
    role: str
    person_id: int


class ReportOut(Schema):
    id: int
    reference: str
    received_via: str
    occurred_at: datetime
    reported_at: datetime
    category: str
    type: str
    description: str
    location: LocationIn
    version: int
    flags: list[str]
    risk: Band | None
    assessment_due: date
    case_id: int | None
    organisation_id: int
    people: list[InvolvementOut]


class AnswersIn(InputSchema):
    answers: dict[str, str | list[str] | bool | int]


class AssessmentOut(Schema):
    id: int
    version: int
    score: int
    band: Band
    computed_band: Band
    vulnerable: bool
    refer_to_victim_support: bool
    first_contact_due: date
    next_review_due: date


class CaseIn(InputSchema):
    report_ids: list[int] = Field(min_length=1)
    title: str = ""
    kind: Literal["asb", "nuisance"] = "asb"


class CaseSummaryOut(Schema):
    id: int
    reference: str
    title: str
    kind: str
    status: str
    risk: Band
    next_review_due: date | None
    organisation_id: int
    lead_officer: str | None


class CaseListOut(Schema):
    items: list[CaseSummaryOut]
    count: int


class InterventionChangeOut(Schema):
    id: int
    change: str = Field(
        description="recorded, varied, extended, discharged, ended or court_outcome"
    )
    effective_on: date = Field(description="When it took effect; for a court outcome, the hearing")
    court_outcome: str
    before: dict[str, str | int | None] = Field(description="The values changed, as they were")
    after: dict[str, str | int | None] = Field(description="The values changed, as they became")
    reason: str
    warnings: list[str]
    changed_by: str
    organisation_id: int | None
    changed_at: datetime


class InterventionOut(Schema):
    id: int
    kind: str
    repealed: bool
    person_id: int | None = Field(
        description="None when the person is held by an organisation that has not shared them"
    )
    status: str
    court_outcome: str
    historical: bool
    issued_on: date
    expires_on: date | None
    ended_on: date | None
    next_review_on: date | None
    hours: int | None
    conditions: str
    supervisor: str
    warnings: list[str]
    version: int
    history: list[InterventionChangeOut] = Field(description="Newest first")


class CaseOut(CaseSummaryOut):
    opened_at: datetime
    closed_at: datetime | None
    outcome: str
    close_reason: str
    version: int
    report_ids: list[int]
    shared_with: list[int]
    interventions: list[InterventionOut]


class CaseFilters(PageQuery):
    status: str = ""
    risk: str = ""
    q: str = ""
    kind: str = ""


class AttachIn(InputSchema):
    report_id: int


class ShareIn(InputSchema):
    organisation_id: int


class InterventionIn(InputSchema):
    kind: str
    person_id: int
    issued_on: date
    expires_on: date | None = None
    served_on: date | None = None
    applied_on: date | None = None
    conditions: str = ""
    supervisor: str = Field("", max_length=200)
    hours: int | None = Field(None, ge=1, le=legal.HOURS_MAX)
    historical: bool = Field(
        False,
        description="Entered from past records: no review date; a repealed tool granted after "
        "20 October 2014 on an earlier application can be recorded only so",
    )


class InterventionChangeIn(InputSchema):
    change: Literal["varied", "extended", "discharged", "ended", "court_outcome"]
    effective_on: date = Field(description="When it takes effect; for a court outcome, the hearing")
    expires_on: date | None = Field(
        None, description="Varied or extended: the new end (null when varied: no end date)"
    )
    conditions: str | None = Field(None, description="Varied: the conditions as varied")
    supervisor: str | None = Field(None, max_length=200)
    hours: int | None = Field(None, ge=1, le=legal.HOURS_MAX)
    court_outcome: Literal[tuple(Intervention.CourtOutcome.values)] | None = None
    issued_on: date | None = Field(None, description="Court outcome granted: the date granted")
    next_review_on: date | None = Field(None, description="Left out: from the tool's rules")
    reason: str = Field("", description="Why; required except for a court outcome")
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The version read; a stale one answers 409"
    )


ContactType = Literal[tuple(CaseNote.ContactType.values)]


class CaseNoteIn(InputSchema):
    text: str
    contact_type: ContactType = "other"
    contacted_at: datetime | None = Field(
        default=None, description="When the contact happened (now if left out); not in the future"
    )


class CaseNoteOut(Schema):
    id: int
    case_id: int
    text: str
    contact_type: str
    contacted_at: datetime
    author: str
    organisation_id: int | None


class CaseTaskIn(InputSchema):
    title: str
    due_on: date | None = None
    assignee_id: int | None = Field(
        default=None,
        description="A user who works on cases in an organisation that can see the case",
    )


class CaseTaskOut(Schema):
    id: int
    case_id: int
    title: str
    due_on: date | None
    assignee_id: int | None
    organisation_id: int | None
    done_at: datetime | None


class CloseIn(InputSchema):
    outcome: Literal[tuple(Case.Outcome.values)] = Field(
        description="How the case ended, from the fixed list; the reason says more"
    )
    reason: str
    version: int | None = None


class CaseUpdateIn(InputSchema):
    version: int
    status: str | None = None
    title: str | None = None


def _report_out(user, report: Report) -> dict:
    return {
        **{
            f: getattr(report, f)
            for f in (
                "id",
                "reference",
                "received_via",
                "occurred_at",
                "reported_at",
                "category",
                "type",
                "description",
                "flags",
                "assessment_due",
                "organisation_id",
                "version",
            )
        },
        # A report can be shared without its case: the case is then not numbered.
        "case_id": report.case_id if selectors.visible_case_ids(user, [report.case_id]) else None,
        "risk": report.risk or None,
        "location": {
            "address": report.address,
            "postcode": report.postcode,
            "uprn": report.uprn,
            "latitude": report.latitude,
            "longitude": report.longitude,
        },
        "people": [
            {"role": i.role, "person_id": i.person_id}
            for i in selectors.report_people(user, report)
        ],
    }


def _case_summary(case) -> dict:
    return {
        **{
            f: getattr(case, f)
            for f in (
                "id",
                "reference",
                "title",
                "kind",
                "status",
                "risk",
                "next_review_due",
                "organisation_id",
            )
        },
        "lead_officer": case.lead_officer.display_name if case.lead_officer else None,
    }


def _case_out(user, case) -> dict:
    """A case as its reader may see it: reports and people they may not open are not numbered."""
    return {
        **_case_summary(case),
        **{
            f: getattr(case, f)
            for f in ("opened_at", "closed_at", "outcome", "close_reason", "version")
        },
        "report_ids": list(selectors.case_reports(user, case).values_list("pk", flat=True)),
        "shared_with": list(case.shared_with.values_list("pk", flat=True)),
        "interventions": [
            _intervention_out(i, person_visible=i.person_visible)
            for i in selectors.case_interventions(user, case)
        ],
    }


def _intervention_out(intervention: Intervention, *, person_visible: bool) -> dict:
    """An intervention with its history; the person is numbered only for those who may see them."""
    plain = set(InterventionOut.model_fields) - {"person_id", "history"}
    return {
        **{f: getattr(intervention, f) for f in plain},
        "person_id": intervention.person_id if person_visible else None,
        "history": [
            {
                "id": row.pk,
                "change": row.kind,
                "changed_by": row.changed_by.display_name,
                **{
                    f: getattr(row, f)
                    for f in ("effective_on", "court_outcome", "before", "after", "reason")
                },
                **{f: getattr(row, f) for f in ("warnings", "organisation_id", "changed_at")},
            }
            for row in intervention.changes.all()
        ],
    }
