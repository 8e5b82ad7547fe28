"""Importing police.uk files and drawing custom areas."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safer.intel import selectors
from safer.intel.area_services import custom_areas_create
from safer.intel.forms import CrimeUploadForm, CustomAreaForm
from safer.intel.models import CustomArea
from safer.intel.services import crime_upload_import
from safer.intel.views.common import _analyst


@require_http_methods(["GET"])
def imports(request):
    _analyst(request)
    return _imports_page(request, CrimeUploadForm())


def _imports_page(request, form, *, status: int = 200):
    context = {
        "form": form,
        "imports": selectors.import_list(),
        "max_mb": settings.INTEL_UPLOAD_MAX_MB,
    }
    return render(request, "intel/imports.html", context, status=status)


@require_POST
def import_upload(request):
    _analyst(request)
    form = CrimeUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _imports_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        summary = crime_upload_import(upload=upload, imported_by=request.user)
    except ValidationError as error:
        form.add_error("file", error)
        return _imports_page(request, form, status=400)
    stored, rejected = summary.total("rows_stored"), len(summary.rejected_files)
    if rejected:
        messages.error(request, f"{rejected} file(s) rejected: nothing was stored from them")
    else:
        messages.success(
            request,
            f"{upload.name}: read {summary.total('rows_read')}, stored {stored}, "
            f"duplicated {summary.total('rows_duplicated')}",
        )
    return redirect("intel:imports")


def _areas_page(request, form: CustomAreaForm, *, status: int = 200):
    return render(
        request,
        "intel/areas.html",
        {"form": form, "areas": CustomArea.objects.select_related("created_by")},
        status=status,
    )


@require_http_methods(["GET"])
def areas(request):
    _analyst(request)
    return _areas_page(request, CustomAreaForm())


@require_POST
def area_create(request):
    _analyst(request)
    form = CustomAreaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _areas_page(request, form, status=400)
    added = custom_areas_create(
        areas=form.cleaned_data["areas"],
        kind=form.cleaned_data["kind"],
        created_by=request.user,
    )
    if len(added) == 1:
        messages.success(request, f"Area {added[0].name} added: choose it as the area on any page")
    else:
        messages.success(
            request,
            f"{len(added)} areas added"
            + (f" as {form.cleaned_data['kind']}s" if form.cleaned_data["kind"] else "")
            + ": choose one as the area on any page, or shade the crime map by them",
        )
    return redirect("intel:areas")
