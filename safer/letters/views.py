"""Letter pages: co-ordinators edit templates; officers preview and produce letters on a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases.access import access_case_by_reference
from safer.core.forms import add_service_errors
from safer.letters import forms, selectors, services
from safer.letters.merge import MERGE_FIELDS
from safer.letters.models import LetterTemplate
from safer.partners.access import has_capability, organisation_of, require_capability
from safer.partners.roles import Capability


@require_GET
def template_list(request):
    """The template of each kind in force for the co-ordinator's organisation."""
    require_capability(request.user, Capability.SUPERVISE)
    organisation = organisation_of(request.user)
    return render(
        request,
        "letters/template_list.html",
        {"templates": selectors.templates_in_force(organisation), "organisation": organisation},
    )


@require_http_methods(["GET", "POST"])
def template_edit(request, kind: str):
    """Edit one kind of letter: saving adds a version for the co-ordinator's organisation."""
    require_capability(request.user, Capability.SUPERVISE)
    if kind not in LetterTemplate.Kind.values:
        raise Http404("No such letter")
    organisation = organisation_of(request.user)
    current = selectors.template_current(organisation, kind)
    initial = {"based_on": current.pk} if current else {}
    if current:
        initial.update(title=current.title, body=current.body)
    form = forms.LetterTemplateForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.letter_template_save(
                kind=kind, edited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{saved.get_kind_display()} saved as version {saved.version}"
            )
            return redirect("letters:template_list")
    return render(
        request,
        "letters/template_edit.html",
        {
            "form": form,
            "kind_label": LetterTemplate.Kind(kind).label,
            "current": current,
            "organisation": organisation,
            "history": selectors.template_history(organisation, kind),
            "merge_fields": MERGE_FIELDS,
        },
        status=400 if form.errors else 200,
    )


def _letter_page(request, case, form, *, draft=None, status=200):
    return render(
        request,
        "letters/letter_new.html",
        {
            "case": case,
            "form": form,
            "draft": draft,
            "can_edit_templates": has_capability(request.user, Capability.SUPERVISE),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def letter_new(request, reference: str):
    """Choose the letter and recipient; posting shows the merged letter to check."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    recipients = selectors.letter_recipients(request.user, case)
    if request.method == "GET":
        return _letter_page(request, case, forms.LetterForm(recipients=recipients))
    form = forms.LetterForm(request.POST, recipients=recipients)
    return _preview(request, case, form)


def _preview(request, case, form):
    """Merge the chosen letter and show it to check (audited: it shows the recipient's address)."""
    if not form.is_valid():
        return _letter_page(request, case, form, status=400)
    data = {**form.cleaned_data}
    data.pop("previewed_template")
    try:
        draft = services.letter_draft(case=case, produced_by=request.user, **data)
    except ValidationError as error:
        add_service_errors(form, error)
        return _letter_page(request, case, form, status=400)
    services.letter_previewed(case=case, draft=draft, previewed_by=request.user)
    return _letter_page(request, case, form, draft=draft)


@require_POST
def letter_produce(request, reference: str):
    """Produce the previewed letter, file it on the case and go back to the case."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    recipients = selectors.letter_recipients(request.user, case)
    form = forms.LetterForm(request.POST, recipients=recipients)
    if not form.is_valid():
        return _letter_page(request, case, form, status=400)
    try:
        letter = services.letter_produce(case=case, produced_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        if services.PREVIEW_OUT_OF_DATE in error.messages:
            # Show the new wording at once, with the reason the letter was not produced.
            messages.warning(request, services.PREVIEW_OUT_OF_DATE)
            return _preview(request, case, forms.LetterForm(request.POST, recipients=recipients))
        add_service_errors(form, error)
        return _letter_page(request, case, form, status=400)
    messages.success(
        request,
        f"{letter.template.get_kind_display()} to {letter.recipient.full_name} produced and "
        f"filed on the case as {letter.docx.original_name} and {letter.pdf.original_name}",
    )
    return redirect("cases:detail", reference=case.reference)
