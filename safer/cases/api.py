"""Case-management endpoints: the same access, selectors and services as the pages."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from safer.cases import legal, selectors, services
from safer.cases.access import access_case, access_report
from safer.cases.models import Case, CaseNote, CaseTask, Intervention, Report
from safer.cases.services.cases import TASK_OWNER_CANNOT_SEE
from safer.core.api_schema import InputSchema, errors, optional
from safer.core.pagination import PageQuery
from safer.partners.access import require_capability
from safer.partners.models import Organisation
from safer.partners.roles import Capability
from safer.people.access import access_person
from safer.people.api import PersonDetailsIn

router = Router(tags=["cases"])

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


@router.get(
    "/risk-assessment-form",
    response={200: QuestionnaireOut, **errors()},
    summary="The current risk questionnaire",
)
def risk_assessment_form(request):
    questionnaire = services.questionnaire_current()
    return {
        "version": questionnaire.version,
        "questions": [
            {
                "key": q["key"],
                "text": q["text"],
                "choices": [{"value": c["value"], "label": c["label"]} for c in q["choices"]],
            }
            for q in questionnaire.definition["questions"]
        ],
    }


@router.post(
    "/reports",
    response={201: ReportOut, **errors(400, 403, 413, 422)},
    summary="Record a report",
)
def report_create(request, payload: ReportIn):
    report = services.report_create(
        recorded_by=request.user,
        received_via=payload.received_via,
        occurred_at=payload.occurred_at,
        category=payload.category,
        type=payload.type,
        description=payload.description,
        **payload.location.dict(),
        people=[services.PersonInput(**p.dict()) for p in payload.people],
    )
    return Status(201, _report_out(request.user, report))


@router.get(
    "/reports/{report_id}", response={200: ReportOut, **errors(404, 422)}, summary="One report"
)
def report_detail(request, report_id: int):
    report = access_report(request.user, report_id)
    services.report_viewed(report=report, viewed_by=request.user, via="api")
    return _report_out(request.user, report)


class ReportUpdateIn(InputSchema):
    """Only the fields sent change; none may be null but the location (null: unchanged)."""

    version: int
    received_via: ReceivedVia = optional()
    occurred_at: datetime = optional()
    category: Category = optional()
    type: ReportType = optional()
    description: str = optional()
    location: LocationIn | None = None


@router.patch(
    "/reports/{report_id}",
    response={200: ReportOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Correct a report (send the version you read)",
)
def report_update(request, report_id: int, payload: ReportUpdateIn):
    report = access_report(request.user, report_id, write=True)
    fields = payload.dict(exclude_unset=True, exclude={"version", "location"})
    if payload.location is not None:
        fields.update(payload.location.dict(exclude_unset=True))
    services.report_update(
        report=report, changed_by=request.user, expected_version=payload.version, **fields
    )
    return _report_out(request.user, report)


@router.post(
    "/reports/{report_id}/risk-assessments",
    response={201: AssessmentOut, **errors(400, 403, 404, 413, 422)},
    summary="Record a risk assessment with the victim",
)
def risk_assessment_create(request, report_id: int, payload: AnswersIn):
    report = access_report(request.user, report_id, write=True)
    assessment = services.risk_assessment_record(
        report=report, assessed_by=request.user, answers=payload.answers
    )
    return Status(
        201,
        {
            **{
                f: getattr(assessment, f)
                for f in (
                    "id",
                    "score",
                    "band",
                    "computed_band",
                    "vulnerable",
                    "refer_to_victim_support",
                    "first_contact_due",
                    "next_review_due",
                )
            },
            "version": assessment.questionnaire.version,
        },
    )


@router.post(
    "/cases",
    response={201: CaseSummaryOut, **errors(400, 403, 413, 422)},
    summary="Open a case from reports",
)
def case_create(request, payload: CaseIn):
    reports = []
    for index, report_id in enumerate(payload.report_ids):
        try:
            reports.append(access_report(request.user, report_id))
        except Exception:
            raise ValidationError(
                {f"report_ids.{index}": "No report with this id that you can see"}
            ) from None
    case = services.case_open(
        opened_by=request.user, reports=reports, title=payload.title, kind=payload.kind
    )
    return Status(201, _case_summary(case))


@router.get(
    "/cases",
    response={200: CaseListOut, **errors(403, 422)},
    summary="Cases the caller may see",
)
def case_list(request, filters: Query[CaseFilters]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    cases = selectors.case_list_visible_to(
        request.user,
        q=filters.q,
        status=filters.status,
        risk=filters.risk,
        kind=filters.kind,
    )
    limit, offset = filters.limit, filters.offset
    # The total rides along on each row (a window count): one query instead of page + count.
    page = list(cases.annotate(total=Window(Count("pk")))[offset : offset + limit])
    total = page[0].total if page else (cases.count() if offset else 0)
    services.records_listed(
        kind="cases",
        listed_by=request.user,
        filters=filters.dict(exclude={"limit", "offset"}),
        shown=[c.pk for c in page],
        via="api",
    )
    return {"items": [_case_summary(c) for c in page], "count": total}


@router.get("/cases/{case_id}", response={200: CaseOut, **errors(404, 422)}, summary="One case")
def case_detail(request, case_id: int):
    case = access_case(request.user, case_id)
    services.case_viewed(case=case, viewed_by=request.user, via="api")
    return _case_out(request.user, case)


@router.patch(
    "/cases/{case_id}",
    response={200: CaseOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Change status or title (send the version you read)",
)
def case_update(request, case_id: int, payload: CaseUpdateIn):
    case = access_case(request.user, case_id, write=True)
    services.case_update(
        case=case,
        changed_by=request.user,
        expected_version=payload.version,
        status=payload.status,
        title=payload.title,
    )
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/reports",
    response={200: CaseOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a report to a case",
)
def case_attach(request, case_id: int, payload: AttachIn):
    case = access_case(request.user, case_id, write=True)
    try:
        report = access_report(request.user, payload.report_id)
    except Exception:
        raise ValidationError({"report_id": "No report with this id that you can see"}) from None
    services.case_attach_report(case=case, report=report, attached_by=request.user)
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/shares",
    response={200: CaseOut, **errors(400, 403, 404, 413, 422)},
    summary="Share a case with a partner",
)
def case_share(request, case_id: int, payload: ShareIn):
    case = access_case(request.user, case_id)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id, is_active=True)
    services.case_share(case=case, organisation=organisation, shared_by=request.user)
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/interventions",
    response={201: InterventionOut, **errors(400, 403, 404, 413, 422)},
    summary="Record an intervention against a person",
)
def intervention_create(request, case_id: int, payload: InterventionIn):
    case = access_case(request.user, case_id, contribute=True)
    try:
        person = access_person(request.user, payload.person_id)
    except Exception:
        raise ValidationError({"person_id": "No person with this id that you can see"}) from None
    data = payload.dict(exclude={"person_id"})
    intervention = services.intervention_record(
        case=case, person=person, recorded_by=request.user, **data
    )
    return Status(201, _intervention_out(intervention, person_visible=True))


@router.post(
    "/cases/{case_id}/interventions/{intervention_id}/changes",
    response={201: InterventionOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Vary, extend, discharge or end an intervention, or record a court outcome",
)
def intervention_change(request, case_id: int, intervention_id: int, payload: InterventionChangeIn):
    """The same services, rules and history as the case page's forms; left-out terms stay as
    they are, and the next review follows the tool's rules unless given."""
    case = access_case(request.user, case_id, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    sent = payload.model_fields_set
    given = {f: getattr(payload, f) if f in sent else services.UNSET for f in CHANGE_TERMS}
    for name in ("conditions", "supervisor"):  # null: as if left out (they cannot be null)
        given[name] = services.UNSET if given[name] is None else given[name]
    review = payload.next_review_on or services.UNSET
    common = {
        "intervention": intervention,
        "effective_on": payload.effective_on,
        "expected_version": payload.version,
    }
    user, reason = request.user, payload.reason
    if payload.change == "varied":
        services.intervention_vary(
            varied_by=user, reason=reason, next_review_on=review, **common, **given
        )
    elif payload.change == "extended":
        services.intervention_extend(
            extended_by=user,
            reason=reason,
            expires_on=payload.expires_on,
            next_review_on=review,
            **common,
        )
    elif payload.change == "discharged":
        services.intervention_discharge(discharged_by=user, reason=reason, **common)
    elif payload.change == "ended":
        services.intervention_end(ended_by=user, reason=reason, **common)
    else:
        services.intervention_court_outcome(
            intervention=intervention,
            recorded_by=user,
            outcome=payload.court_outcome or "",
            hearing_on=payload.effective_on,
            notes=reason,
            issued_on=payload.issued_on or services.UNSET,
            expires_on=given["expires_on"],
            next_review_on=review,
            expected_version=payload.version,
        )
    (intervention,) = selectors.case_interventions(request.user, case, pk=intervention.pk)
    return Status(201, _intervention_out(intervention, person_visible=intervention.person_visible))


CHANGE_TERMS = ("conditions", "supervisor", "expires_on", "hours")


@router.post(
    "/cases/{case_id}/close",
    response={200: CaseOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Close a case",
)
def case_close(request, case_id: int, payload: CloseIn):
    case = access_case(request.user, case_id, write=True)
    services.case_close(
        case=case,
        closed_by=request.user,
        outcome=payload.outcome,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _case_out(request.user, case)


@router.get(
    "/intervention-kinds",
    response={200: list[ChoiceOut], **errors()},
    summary="The interventions register",
)
def intervention_kinds(request):
    return [{"value": k.value, "label": legal.label(k)} for k in legal.InterventionKind]


class WorkTaskOut(Schema):
    id: int
    case_id: int
    case_reference: str
    title: str
    due_on: date | None
    overdue: bool


class WorkReportOut(Schema):
    id: int
    reference: str
    type: str
    reported_at: datetime
    assessment_due: date
    overdue: bool


class WorkOut(Schema):
    tasks: list[WorkTaskOut]
    reviews: list[CaseSummaryOut]
    cases: list[CaseSummaryOut]
    unassessed: list[WorkReportOut]
    counts: dict[str, int]


@router.get(
    "/me/work",
    response={200: WorkOut, **errors()},
    summary="My work: my open tasks, reviews due, cases I lead by risk, reports to assess",
)
def my_work(request):
    """The "my work" page as data; empty lists for roles that hold no casework."""
    work = selectors.my_work(request.user)
    today = timezone.localdate()
    return {
        "tasks": [
            {
                "id": t.pk,
                "case_id": t.case_id,
                "case_reference": t.case.reference,
                "title": t.description,
                "due_on": t.due_on,
                "overdue": bool(t.due_on and t.due_on < today),
            }
            for t in work.tasks
        ],
        "reviews": [_case_summary(c) for c in work.reviews],
        "cases": [_case_summary(c) for c in work.cases],
        "unassessed": [
            {
                "id": r.pk,
                "reference": r.reference,
                "type": r.type,
                "reported_at": r.reported_at,
                "assessment_due": r.assessment_due,
                "overdue": r.assessment_due < today,
            }
            for r in work.unassessed
        ],
        "counts": work.counts,
    }


def _note_out(note: CaseNote) -> dict:
    return {
        "id": note.pk,
        "case_id": note.case_id,
        "text": note.text,
        "contact_type": note.contact_type,
        "contacted_at": note.contacted_at,
        "author": note.author.display_name,
        "organisation_id": note.organisation_id,
    }


def _task_out(task: CaseTask) -> dict:
    return {
        "id": task.pk,
        "case_id": task.case_id,
        "title": task.description,
        "due_on": task.due_on,
        "assignee_id": task.owner_id,
        "organisation_id": task.organisation_id,
        "done_at": task.done_at,
    }


@router.post(
    "/cases/{case_id}/notes",
    response={201: CaseNoteOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a note of contact or work (the owner or a partner the case is shared with)",
)
def case_note_add(request, case_id: int, payload: CaseNoteIn):
    case = access_case(request.user, case_id, contribute=True)
    note = services.case_note_add(
        case=case,
        author=request.user,
        text=payload.text,
        contact_type=payload.contact_type,
        contacted_at=payload.contacted_at,
    )
    return Status(201, _note_out(note))


@router.get(
    "/cases/{case_id}/notes",
    response={200: list[CaseNoteOut], **errors(404, 422)},
    summary="The case's notes, latest contact first",
)
def case_notes(request, case_id: int):
    case = access_case(request.user, case_id)
    notes = case.notes.select_related("author").order_by("-contacted_at", "-pk")
    return [_note_out(n) for n in notes]


@router.post(
    "/cases/{case_id}/tasks",
    response={201: CaseTaskOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a task to the case's action plan (the owner or a partner it is shared with)",
)
def case_task_add(request, case_id: int, payload: CaseTaskIn):
    case = access_case(request.user, case_id, contribute=True)
    owner = None
    if payload.assignee_id is not None:
        owner = services.task_owners(case).filter(pk=payload.assignee_id).first()
        if owner is None:
            raise ValidationError({"assignee_id": TASK_OWNER_CANNOT_SEE})
    try:
        task = services.case_task_add(
            case=case,
            added_by=request.user,
            description=payload.title,
            owner=owner,
            due_on=payload.due_on,
        )
    except ValidationError as error:  # the service's field names, as this API calls them
        names = {"description": "title", "owner": "assignee_id"}
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None
    return Status(201, _task_out(task))


@router.get(
    "/cases/{case_id}/tasks",
    response={200: list[CaseTaskOut], **errors(404, 422)},
    summary="The case's action plan",
)
def case_tasks(request, case_id: int):
    case = access_case(request.user, case_id)
    return [_task_out(t) for t in case.tasks.all()]


@router.post(
    "/cases/{case_id}/tasks/{task_id}/done",
    response={200: CaseTaskOut, **errors(400, 403, 404, 413, 422)},
    summary="Mark a task done (the owner or a partner the case is shared with)",
)
def case_task_done(request, case_id: int, task_id: int):
    case = access_case(request.user, case_id, contribute=True)
    task = get_object_or_404(CaseTask, case=case, pk=task_id)
    return _task_out(services.case_task_complete(task=task, completed_by=request.user))
