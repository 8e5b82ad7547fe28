"""A case's page and what is done on it: status, closure, notes, tasks, documents, sharing."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases import forms, selectors, services
from safer.cases.access import access_case_by_reference
from safer.cases.models import CaseTask
from safer.core.forms import add_service_errors
from safer.partners.access import can_change, can_contribute, can_share
from safer.partners.models import Organisation
from safer.partners.services import SHARE_NOT_ALLOWED


def _case_context(request, case, **forms_):
    context = {
        "case": case,
        "reports": selectors.case_reports(request.user, case),
        "people": selectors.case_people(request.user, case),
        "tasks": case.tasks.select_related("owner", "organisation"),
        "notes": case.notes.select_related("author", "organisation").order_by(
            "-contacted_at", "-pk"
        )[:20],
        "documents": case.documents.select_related("uploaded_by", "organisation"),
        "interventions": selectors.case_interventions(request.user, case),
        "events": selectors.case_timeline(request.user, case),
        "can_change": can_change(request.user, case),
        "can_contribute": can_contribute(request.user, case),
        "can_share": can_share(request.user, case),
        "today": timezone.localdate(),
        "shared_with": case.shared_with.order_by("name"),
        "status_form": forms.CaseStatusForm(
            initial={
                "status": case.status,
                "lead_officer": case.lead_officer_id,
                "version": case.version,
            },
            officers=_officers(case),
        ),
        "close_form": forms.CloseCaseForm(initial={"version": case.version}),
        "task_form": forms.TaskForm(owners=services.task_owners(case)),
        "note_form": forms.NoteForm(initial={"contacted_on": timezone.localdate()}),
        "document_form": forms.DocumentForm(),
        "share_form": forms.ShareCaseForm(organisations=_share_candidates(case)),
        "handover_form": forms.HandoverForm(organisations=_handover_candidates(case)),
    }
    # Panels other apps add to the case page (settings.CASE_PANELS).
    panels = (import_string(path)(request, case) for path in settings.CASE_PANELS)
    context["panels"] = [panel for panel in panels if panel is not None]
    context.update(forms_)
    context["forms_with_errors"] = [form for form in forms_.values() if form.errors]
    return context


@require_GET
def case_detail(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    services.case_viewed(case=case, viewed_by=request.user, via="page")
    return render(request, "cases/case_detail.html", _case_context(request, case))


def _case_post(request, reference, form_name, form, action, success, *, contribute=False):
    """Shared shape of the small forms on the case page: validate, call, message, redirect.
    `contribute`: adding to the case (notes, documents), which partners may do too."""
    if contribute:
        case = access_case_by_reference(request.user, reference, contribute=True)
    else:
        case = access_case_by_reference(request.user, reference, write=True)
    if form.is_valid():
        try:
            with transaction.atomic():
                action(case, form.cleaned_data)
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:detail", reference=case.reference)
    case.refresh_from_db()
    return render(
        request,
        "cases/case_detail.html",
        _case_context(request, case, **{form_name: form}),
        status=400,
    )


def _officers(case):
    """Who may lead the case: staff of the organisation that owns it who work on cases."""
    return services.task_owners(case).filter(membership__organisation=case.organisation_id)


def _share_candidates(case):
    """Organisations the case may still be shared with: active, not the owner, not yet."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(pk=case.organisation_id)
        .exclude(pk__in=case.shared_with.values("pk"))
        .order_by("name")
    )


def _handover_candidates(case):
    return case.shared_with.filter(is_active=True).order_by("name")


@require_POST
def case_status(request, reference: str):
    case = access_case_by_reference(request.user, reference, write=True)
    return _case_post(
        request,
        reference,
        "status_form",
        forms.CaseStatusForm(request.POST, officers=_officers(case)),
        lambda case, d: services.case_update(
            case=case,
            changed_by=request.user,
            expected_version=d["version"],
            status=d["status"],
            lead_officer=d["lead_officer"],
        ),
        "Case updated",
    )


@require_POST
def case_close(request, reference: str):
    return _case_post(
        request,
        reference,
        "close_form",
        forms.CloseCaseForm(request.POST),
        lambda case, d: services.case_close(
            case=case,
            closed_by=request.user,
            outcome=d["outcome"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        "Case closed",
    )


@require_POST
def case_task_add(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    return _case_post(
        request,
        reference,
        "task_form",
        forms.TaskForm(request.POST, owners=services.task_owners(case)),
        lambda case, d: services.case_task_add(case=case, added_by=request.user, **d),
        "Task added",
        contribute=True,
    )


@require_POST
def case_task_done(request, reference: str, task_id: int):
    case = access_case_by_reference(request.user, reference, contribute=True)
    task = get_object_or_404(CaseTask, case=case, pk=task_id)
    services.case_task_complete(task=task, completed_by=request.user)
    messages.success(request, "Task marked as done")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def case_note_add(request, reference: str):
    return _case_post(
        request,
        reference,
        "note_form",
        form := forms.NoteForm(request.POST),
        lambda case, d: services.case_note_add(
            case=case,
            author=request.user,
            text=d["text"],
            contact_type=d["contact_type"],
            contacted_at=form.contacted_at(),
        ),
        "Note added",
        contribute=True,
    )


@require_POST
def case_document_add(request, reference: str):
    return _case_post(
        request,
        reference,
        "document_form",
        forms.DocumentForm(request.POST, request.FILES),
        lambda case, d: services.case_document_add(
            case=case, uploaded_by=request.user, upload=d["file"], description=d["description"]
        ),
        "Document uploaded",
        contribute=True,
    )


@require_GET
def case_document_download(request, reference: str, document_id: int):
    case = access_case_by_reference(request.user, reference)
    document = get_object_or_404(case.documents, pk=document_id)
    services.case_document_viewed(document=document, viewed_by=request.user)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@require_POST
def case_share(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied("You cannot share this case")
    return _case_post_share(request, case)


def _case_post_share(request, case):
    form = forms.ShareCaseForm(request.POST, organisations=_share_candidates(case))
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.case_share(case=case, organisation=organisation, shared_by=request.user)
        messages.success(request, f"Case shared with {organisation.name}")
        return redirect("cases:detail", reference=case.reference)
    return render(
        request, "cases/case_detail.html", _case_context(request, case, share_form=form), status=400
    )


@require_http_methods(["GET", "POST"])
def case_unshare(request, reference: str, organisation_id: int):
    """Withdraw a share, after a page that says what it does (the partner loses the case; its
    own notes, tasks and documents stay with the case)."""
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    organisation = get_object_or_404(case.shared_with, pk=organisation_id)
    if request.method == "GET":
        return render(
            request, "cases/unshare_confirm.html", {"case": case, "organisation": organisation}
        )
    services.case_unshare(case=case, organisation=organisation, unshared_by=request.user)
    messages.success(request, f"Case no longer shared with {organisation.name}")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def case_handover(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied("Only the organisation that leads the case can hand it over")
    return _case_post(
        request,
        reference,
        "handover_form",
        forms.HandoverForm(request.POST, organisations=_handover_candidates(case)),
        lambda case, d: services.case_lead_handover(
            case=case, organisation=d["organisation"], handed_over_by=request.user
        ),
        "Lead agency handed over",
    )
