"""Data protection pages: the records of processing (all staff), and for the data protection
officer a person's requests, subject access export and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.audit import services as audit
from safer.partners.access import has_capability, require_capability
from safer.partners.roles import Capability
from safer.privacy import selectors
from safer.privacy.access import access_person_for_data_protection
from safer.privacy.forms import DataRequestForm, PersonLookupForm
from safer.privacy.retention import retention_rules
from safer.privacy.services import data_request_record
from safer.privacy.subject_access import subject_access_export


def _processing_page(request, lookup):
    return render(
        request,
        "privacy/processing.html",
        {
            "records": selectors.processing_records(),
            "rules": retention_rules(),
            "lawful_basis": selectors.LAWFUL_BASIS,
            "special_basis": selectors.SPECIAL_BASIS,
            "shared_with": selectors.SHARED_WITH,
            "lookup": lookup,
        },
        status=400 if lookup is not None and lookup.is_bound else 200,
    )


@require_GET
def processing(request):
    """What the partnership holds, why, on what basis, for how long and who sees it."""
    officer = has_capability(request.user, Capability.DATA_PROTECTION)
    return _processing_page(request, PersonLookupForm() if officer else None)


@require_GET
def person_lookup(request):
    """The data protection officer's way to a person's page, by record number."""
    require_capability(request.user, Capability.DATA_PROTECTION)
    form = PersonLookupForm(request.GET)
    if not form.is_valid():
        return _processing_page(request, form)
    return redirect("privacy:person", person_id=form.cleaned_data["person_id"])


def _person_page(request, person, form, status=200):
    return render(
        request,
        "privacy/person.html",
        {
            "person": person,
            "form": form,
            "requests": selectors.data_requests_for(person.pk),
            "restriction": selectors.restriction_of(person.pk),
        },
        status=status,
    )


@require_http_methods(["GET"])
@never_cache
def person(request, person_id: int):
    """A person's data protection requests, with the forms to record one and export their data."""
    subject = access_person_for_data_protection(request.user, person_id)
    audit.record(actor=request.user, action="person.viewed", target=subject)
    return _person_page(request, subject, DataRequestForm())


@require_POST
def request_record(request, person_id: int):
    subject = access_person_for_data_protection(request.user, person_id)
    form = DataRequestForm(request.POST)
    if not form.is_valid():
        return _person_page(request, subject, form, status=400)
    try:
        recorded = data_request_record(
            person=subject,
            decided_by=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _person_page(request, subject, form, status=400)
    messages.success(request, f"{recorded.get_kind_display()} recorded")
    return redirect("privacy:person", person_id=subject.pk)


@require_POST
def subject_access(request, person_id: int):
    """Download the subject access zip (PDF, JSON, the person's own documents); audited."""
    subject = access_person_for_data_protection(request.user, person_id)
    content = subject_access_export(person=subject, exported_by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    name = f"subject-access-person-{subject.pk}-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
