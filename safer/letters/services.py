"""Writes: co-ordinators edit templates (each edit a new version); officers produce letters."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from safer import audit
from safer.cases.models import Case
from safer.cases.services import case_documents_file
from safer.cases.services.common import CANNOT_CONTRIBUTE
from safer.letters import merge
from safer.letters.models import Letter, LetterTemplate
from safer.letters.rendering import DOCX_TYPE, PDF_TYPE, LaidOutLetter, render_docx, render_pdf
from safer.letters.selectors import letter_recipients, template_current
from safer.partners.access import can_contribute, has_capability, organisation_of
from safer.partners.roles import Capability
from safer.people.models import Person

CANNOT_EDIT_TEMPLATES = "Only co-ordinators can change letter templates"
KIND_UNKNOWN = "Choose a letter from the list"
NO_TEMPLATE = "There is no template for this letter: ask a co-ordinator to write one"
TITLE_MISSING = "Enter the letter's heading"
BODY_MISSING = "Enter the text of the letter"
NOTHING_CHANGED = "You have not changed the heading or the text"
TEMPLATE_CHANGED_MEANWHILE = (
    "{who} saved a new version of this template at {when} while you were editing it. "
    "Your changes have not been saved: copy them, reload the page and make them again."
)
RECIPIENT_NOT_ON_CASE = "Choose someone involved in this case to send the letter to"
DETAILS_MISSING = "Enter the details this letter needs (the template uses {{ letter.details }})"
DETAILS_TOO_LONG = "The details must be 5000 characters or fewer"
TEMPLATE_BROKEN = (
    "The template for this letter uses {{{{ {name} }}}}, which is not a merge field: "
    "ask a co-ordinator to correct the template"
)
PREVIEW_OUT_OF_DATE = (
    "The template for this letter changed since your preview: check the new wording below, "
    "then produce the letter"
)
DETAILS_MAX = 5000


def _require_supervise(user) -> None:
    if not has_capability(user, Capability.SUPERVISE):
        raise PermissionDenied(CANNOT_EDIT_TEMPLATES)


def _kind(kind: str) -> str:
    if kind not in LetterTemplate.Kind.values:
        raise ValidationError({"template_kind": KIND_UNKNOWN})
    return kind


@transaction.atomic
def letter_template_save(
    *, kind: str, title: str, body: str, edited_by, based_on: int | None, note: str = ""
) -> LetterTemplate:
    """Save a co-ordinator's edit as the next version of their organisation's template of that
    kind; earlier versions stay, so letters already produced keep theirs.

    `based_on` is the id of the version the co-ordinator was shown: if someone saved another
    since, nothing is written and they are told who and when.
    """
    _require_supervise(edited_by)
    kind = _kind(kind)
    organisation = organisation_of(edited_by)
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors.setdefault("title", []).append(TITLE_MISSING)
    if not body:
        errors.setdefault("body", []).append(BODY_MISSING)
    for field, label, text in (("title", "The heading", title), ("body", "The text", body)):
        errors.setdefault(field, []).extend(merge.problems(text, label))
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    current = template_current(organisation, kind)
    if current is not None and based_on is not None and current.pk != based_on:
        raise ValidationError(_changed_meanwhile(current))
    if current is not None and (current.title, current.body) == (title, body):
        raise ValidationError(NOTHING_CHANGED)
    template = LetterTemplate(
        organisation=organisation,
        kind=kind,
        version=(current.version if current else 0) + 1,
        title=title,
        body=body,
        note=note.strip()[:200],
        edited_by=edited_by,
    )
    template.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:  # another co-ordinator took this version number a moment ago
        raise ValidationError(_changed_meanwhile(template_current(organisation, kind))) from None
    audit.record(
        actor=edited_by,
        action="letter_template.changed",
        target=template,
        target_label=f"{template.get_kind_display()} letter template",
        changes={
            "kind": kind,
            "version": [current.version if current else None, template.version],
            "based_on": current.pk if current else None,
        },
    )
    return template


def _changed_meanwhile(current: LetterTemplate) -> str:
    who = current.edited_by.display_name if current.edited_by else "Someone"
    when = date_format(timezone.localtime(current.created_at), "j M Y H:i")
    return TEMPLATE_CHANGED_MEANWHILE.format(who=who, when=when)


@dataclass(frozen=True)
class Draft:
    """A letter merged but not yet produced: what the preview shows and production files."""

    template: LetterTemplate
    recipient: Person
    letter: LaidOutLetter
    warnings: list[str]


def letter_draft(
    *, case: Case, template_kind: str, recipient_id, produced_by, details: str = ""
) -> Draft:
    """Merge the template in force for the officer's organisation with the case and the
    recipient; refuses a recipient not on the case (or not visible to the officer)."""
    if not can_contribute(produced_by, case):
        raise PermissionDenied(CANNOT_CONTRIBUTE)
    kind = _kind(template_kind)
    organisation = organisation_of(produced_by)
    template = template_current(organisation, kind)
    if template is None:
        raise ValidationError({"template_kind": NO_TEMPLATE})
    recipients = {str(p.pk): p for p, _roles in letter_recipients(produced_by, case)}
    recipient = recipients.get(str(recipient_id))
    if recipient is None:
        raise ValidationError({"recipient_id": RECIPIENT_NOT_ON_CASE})
    details = details.replace("\r\n", "\n").strip()
    if len(details) > DETAILS_MAX:
        raise ValidationError({"details": DETAILS_TOO_LONG})
    used = merge.fields_in(template.title) + merge.fields_in(template.body)
    if merge.DETAILS in used and not details:
        raise ValidationError({"details": DETAILS_MISSING})
    today = timezone.localdate()
    values = merge.merge_values(
        case=case,
        recipient=recipient,
        officer=produced_by,
        officer_organisation=organisation,
        details=details,
        today=today,
    )
    unknown = [name for name in used if name not in values]
    if unknown:
        raise ValidationError({"template_kind": TEMPLATE_BROKEN.format(name=unknown[0])})
    letter = LaidOutLetter(
        sender=values["officer.organisation"],
        recipient_lines=[recipient.full_name, *values["recipient.address"].split("\n")],
        date=values["today"],
        reference=case.reference,
        heading=merge.merge(template.title, values),
        paragraphs=merge.paragraphs(merge.merge(template.body, values)),
        author=produced_by.display_name,
        subject=template.get_kind_display(),
    )
    return Draft(
        template=template,
        recipient=recipient,
        letter=letter,
        warnings=_warnings(used, values, recipient, today),
    )


def _warnings(used: list[str], values: dict[str, str], recipient: Person, today) -> list[str]:
    """What the officer should know before sending: empty fields, a child recipient."""
    found = []
    empty = [name for name in dict.fromkeys(["recipient.address", *used]) if not values[name]]
    labels = {f.name: f.meaning.split(" (")[0].lower() for f in merge.MERGE_FIELDS}
    for name in empty:
        found.append(f"This letter has no {labels[name]}: {{{{ {name} }}}} is empty")
    if recipient.is_under_18_on(today):
        found.append(
            f"{recipient.full_name} is under 18: send a copy to their parent or carer, "
            "and check the wording suits a young person"
        )
    return found


def _file_name(draft: Draft, case: Case, suffix: str) -> str:
    kind = slugify(draft.template.get_kind_display())
    person = slugify(draft.recipient.full_name) or "recipient"
    return f"{kind}-{case.reference}-{person}{suffix}"


@transaction.atomic
def letter_produce(
    *,
    case: Case,
    template_kind: str,
    recipient_id,
    produced_by,
    details: str = "",
    previewed_template: int | None = None,
) -> Letter:
    """Produce a letter as Word and tagged PDF files, file both on the case (one timeline line)
    and record which template version it used and who it went to; audited.

    `previewed_template` is the template version the officer previewed: if the template has
    been edited since, nothing is produced, so no one sends wording they have not read.
    """
    draft = letter_draft(
        case=case,
        template_kind=template_kind,
        recipient_id=recipient_id,
        produced_by=produced_by,
        details=details,
    )
    if previewed_template is not None and draft.template.pk != previewed_template:
        raise ValidationError({"template_kind": PREVIEW_OUT_OF_DATE})
    kind_label = draft.template.get_kind_display()
    documents = case_documents_file(
        case=case,
        filed_by=produced_by,
        uploads=[
            SimpleUploadedFile(
                _file_name(draft, case, ".docx"), render_docx(draft.letter), DOCX_TYPE
            ),
            SimpleUploadedFile(_file_name(draft, case, ".pdf"), render_pdf(draft.letter), PDF_TYPE),
        ],
        description=f"Letter: {kind_label} (template version {draft.template.version})",
        summary=f"Letter produced: {kind_label} to {draft.recipient.full_name}",
        kind="letter",
    )
    letter = Letter.objects.create(
        case=case,
        template=draft.template,
        recipient=draft.recipient,
        produced_by=produced_by,
        organisation=organisation_of(produced_by),
        docx=documents[0],
        pdf=documents[1],
    )
    audit.record(
        actor=produced_by,
        action="letter.produced",
        target=case,
        changes={
            "letter": letter.pk,
            "kind": draft.template.kind,
            "template": draft.template.pk,
            "template_version": draft.template.version,
            "recipient": draft.recipient.pk,
            "documents": [d.pk for d in documents],
        },
    )
    return letter


def letter_previewed(*, case: Case, draft: Draft, previewed_by) -> None:
    """Record that someone was shown a merged letter (it names the recipient and their
    address)."""
    audit.record(
        actor=previewed_by,
        action="letter.previewed",
        target=case,
        changes={"kind": draft.template.kind, "recipient": draft.recipient.pk},
    )
