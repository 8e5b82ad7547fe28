"""Letter endpoints: the same access, selectors and services as the pages."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status
from pydantic import Field

from safer.cases.access import access_case
from safer.core.api_schema import InputSchema, errors
from safer.letters import selectors, services
from safer.letters.models import Letter, LetterTemplate
from safer.partners.access import has_capability, organisation_of
from safer.partners.roles import Capability

router = Router(tags=["letters"])

TemplateKind = Literal[tuple(LetterTemplate.Kind.values)]  # the 422 lists the kinds
CANNOT_SEE_TEMPLATES = "Your role does not produce or edit letters"


class LetterIn(InputSchema):
    template_kind: TemplateKind
    recipient_id: int = Field(description="A person named in one of the case's reports")
    details: str = Field(
        "",
        max_length=services.DETAILS_MAX,
        description="Text for {{ letter.details }}: required when the template uses it",
    )


class LetterOut(Schema):
    id: int
    case_id: int
    template_kind: str
    template_id: int
    template_version: int
    recipient_id: int
    produced_at: datetime
    produced_by: str
    document_ids: list[int] = Field(description="The case documents filed: Word, then PDF")


class LetterTemplateOut(Schema):
    kind: str
    label: str
    id: int
    version: int
    partnership_default: bool
    title: str
    body: str
    edited_by: str | None
    edited_at: datetime


def _letter_out(letter: Letter) -> dict:
    return {
        "id": letter.pk,
        "case_id": letter.case_id,
        "template_kind": letter.template.kind,
        "template_id": letter.template_id,
        "template_version": letter.template.version,
        "recipient_id": letter.recipient_id,
        "produced_at": letter.produced_at,
        "produced_by": letter.produced_by.display_name,
        "document_ids": [pk for pk in (letter.docx_id, letter.pdf_id) if pk is not None],
    }


@router.post(
    "/cases/{case_id}/letters",
    response={201: LetterOut, **errors(400, 403, 404, 413, 422)},
    summary="Produce a letter from a template to a person on the case, filed on it as Word and "
    "PDF documents (the owner or a partner the case is shared with)",
)
def letter_produce(request, case_id: int, payload: LetterIn):
    case = access_case(request.user, case_id, contribute=True)
    letter = services.letter_produce(
        case=case,
        template_kind=payload.template_kind,
        recipient_id=payload.recipient_id,
        details=payload.details,
        produced_by=request.user,
    )
    return Status(201, _letter_out(letter))


@router.get(
    "/cases/{case_id}/letters",
    response={200: list[LetterOut], **errors(404, 422)},
    summary="The letters produced on the case, newest first",
)
def case_letters(request, case_id: int):
    case = access_case(request.user, case_id)
    return [_letter_out(letter) for letter in selectors.case_letters(case)]


@router.get(
    "/letter-templates",
    response={200: list[LetterTemplateOut], **errors(403)},
    summary="The template of each kind of letter in force for the caller's organisation",
)
def letter_templates(request):
    user = request.user
    if not (
        has_capability(user, Capability.EDIT_RECORDS) or has_capability(user, Capability.SUPERVISE)
    ):
        raise PermissionDenied(CANNOT_SEE_TEMPLATES)
    return [
        {
            "kind": t.kind,
            "label": t.get_kind_display(),
            "id": t.pk,
            "version": t.version,
            "partnership_default": t.organisation_id is None,
            "title": t.title,
            "body": t.body,
            "edited_by": t.edited_by.display_name if t.edited_by else None,
            "edited_at": t.created_at,
        }
        for t in selectors.templates_in_force(organisation_of(user))
    ]
