"""Person pages: thin views over people.access, people.selectors and people.services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.partners.access import can_share, require_capability
from safer.partners.roles import Capability
from safer.partners.services import SHARE_NOT_ALLOWED, record_share
from safer.people import selectors, services
from safer.people.access import access_person
from safer.people.forms import PersonForm, PersonSearchForm, ShareForm


@require_http_methods(["GET"])
def person_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.person_list_visible_to(request.user, q=q), 50).get_page(
        request.GET.get("page")
    )
    services.people_listed(
        listed_by=request.user,
        query=q,
        page=page.number,
        shown=[person.pk for person in page],
        via="page",
    )
    return render(request, "people/person_list.html", {"form": form, "page": page, "q": q})


def _detail_context(request, person, **extra) -> dict:
    view = selectors.person_view_for(request.user, person)
    panels = []
    for path in settings.PERSON_PANELS:
        panel = import_string(path)(request, person)
        if panel is not None:
            panels.append(panel)
    return {
        "view": view,
        "share_form": ShareForm(exclude_pk=person.organisation_id),
        "duplicates": selectors.person_possible_duplicates(request.user, person)
        if view.can_change
        else [],
        "panels": panels,
        **extra,
    }


@require_http_methods(["GET"])
def person_detail(request, person_id: int):
    person = access_person(request.user, person_id)
    if person.merged_into_id:
        messages.info(request, "This record was merged into the one shown here")
        return redirect("people:detail", person_id=person.merged_into_id)
    services.person_viewed(person=person, viewed_by=request.user, via="page")
    return render(request, "people/person_detail.html", _detail_context(request, person))


@require_POST
def person_merge(request, person_id: int):
    """Fold a duplicate record into this one; both histories stay, on this record."""
    keep = access_person(request.user, person_id, write=True)
    duplicate = access_person(request.user, request.POST.get("duplicate"), write=True)
    try:
        services.person_merge(keep=keep, duplicate=duplicate, merged_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Person {duplicate.pk} merged into this record")
    return redirect("people:detail", person_id=keep.pk)


@require_http_methods(["GET", "POST"])
def person_create(request):
    require_capability(request.user, Capability.EDIT_RECORDS)
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} recorded")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    person = access_person(request.user, person_id, write=True)
    initial = {name: getattr(person, name) for name in services.EDITABLE_FIELDS}
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} saved")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_POST
def person_share(request, person_id: int):
    person = access_person(request.user, person_id)
    if not can_share(request.user, person):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    form = ShareForm(request.POST, exclude_pk=person.organisation_id)
    if form.is_valid():
        try:
            organisation = form.cleaned_data["organisation"]
            if record_share(record=person, organisation=organisation, shared_by=request.user):
                messages.success(request, f"Record shared with {organisation.name}")
            else:
                messages.info(request, f"Record was already shared with {organisation.name}")
            return redirect("people:detail", person_id=person.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "people/person_detail.html",
        _detail_context(request, person, share_form=form),
        status=400,
    )
