"""Reports through the API: recording, reading, correcting and assessing them."""

from datetime import datetime

from ninja import Status

from safer.cases import services
from safer.cases.access import access_report
from safer.cases.api import router
from safer.cases.api.shapes import (
    AnswersIn,
    AssessmentOut,
    Category,
    LocationIn,
    QuestionnaireOut,
    ReceivedVia,
    ReportIn,
    ReportOut,
    ReportType,
    _report_out,
)
from safer.core.api_schema import InputSchema, errors, optional


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
