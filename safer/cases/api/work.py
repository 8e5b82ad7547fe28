"""Partner work and my work through the API: notes, tasks, and what is waiting for me."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Schema, Status

from safer.cases import selectors, services
from safer.cases.access import access_case
from safer.cases.api import router
from safer.cases.api.shapes import (
    CaseNoteIn,
    CaseNoteOut,
    CaseSummaryOut,
    CaseTaskIn,
    CaseTaskOut,
    _case_summary,
)
from safer.cases.models import CaseNote, CaseTask
from safer.cases.services.cases import TASK_OWNER_CANNOT_SEE
from safer.core.api_schema import errors


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
