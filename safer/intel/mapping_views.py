"""Column mapping pages: create a mapping from a sample file, see it, import files through it.

Kept out of views.py (which holds the measures, maps and police.uk upload). Same rule as every
intel page: the analytics capability, else 403.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.intel import selectors
from safer.intel.mapping_forms import (
    ColumnMappingForm,
    MappedUploadForm,
    MappingSampleForm,
    column_guesses,
)
from safer.intel.mappings import column_mapping_create
from safer.intel.models import ColumnMapping
from safer.intel.services import crime_upload_import
from safer.intel.sources.mapped import PREVIEW_COLUMNS, preview
from safer.intel.sources.police_uk import CRIME_TYPE_LABELS
from safer.intel.views.common import _analyst
from safer.partners.access import organisation_of


def _mappings_page(request, form: MappingSampleForm, *, status: int = 200):
    return render(
        request,
        "intel/mappings.html",
        {
            "form": form,
            "mappings": ColumnMapping.objects.annotate(import_count=Count("imports")),
        },
        status=status,
    )


@require_http_methods(["GET"])
def mappings(request):
    _analyst(request)
    return _mappings_page(request, MappingSampleForm())


def _mapping_form_page(request, form: ColumnMappingForm, *, rows=None, status: int = 200):
    return render(
        request,
        "intel/mapping_form.html",
        {
            "form": form,
            "rows": rows,
            "preview_columns": PREVIEW_COLUMNS,
            "crime_types": sorted(CRIME_TYPE_LABELS.items(), key=lambda item: item[1]),
        },
        status=status,
    )


@require_POST
def mapping_create(request):
    """A sample file opens the mapping form; the form previews its rows or saves the mapping."""
    _analyst(request)
    if "sample" not in request.POST:
        sample_form = MappingSampleForm(request.POST, request.FILES)
        if not sample_form.is_valid():
            return _mappings_page(request, sample_form, status=400)
        header, sample = sample_form.cleaned_data["header"], sample_form.cleaned_data["sample"]
        return _mapping_form_page(
            request,
            ColumnMappingForm(initial={"sample": sample} | column_guesses(header), header=header),
        )
    form = ColumnMappingForm(request.POST)
    if not form.is_valid():
        return _mapping_form_page(request, form, status=400)
    if request.POST.get("action") != "save":
        from safer.intel.sources.mapped import MappedSource

        rows = preview(MappedSource.of(form.unsaved()), form.cleaned_data["sample"])
        return _mapping_form_page(request, form, rows=rows)
    try:
        mapping = column_mapping_create(
            created_by=request.user,
            organisation=organisation_of(request.user),
            **form.mapping_fields(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _mapping_form_page(request, form, status=400)
    messages.success(request, f"Column mapping {mapping.name} saved: import files through it")
    return redirect("intel:mapping", pk=mapping.pk)


@require_http_methods(["GET"])
def mapping_detail(request, pk: int):
    _analyst(request)
    mapping = get_object_or_404(
        ColumnMapping.objects.select_related("created_by", "organisation"), pk=pk
    )
    return render(
        request,
        "intel/mapping_detail.html",
        {
            "mapping": mapping,
            "counts": selectors.incident_counts(mapping_id=mapping.pk),
            "imports": mapping.imports.select_related("imported_by")[:50],
            "form": MappedUploadForm(initial={"mapping": mapping.pk}),
            "max_mb": settings.INTEL_UPLOAD_MAX_MB,
        },
    )


@require_http_methods(["GET", "POST"])
def mapped_upload(request):
    """Import a CSV (or a ZIP of them) through a saved mapping, as import_crime --mapping does."""
    _analyst(request)
    if request.method == "GET":
        form = MappedUploadForm(initial={"mapping": request.GET.get("mapping")})
        return render(request, "intel/mapped_upload.html", {"form": form})
    form = MappedUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "intel/mapped_upload.html", {"form": form}, status=400)
    upload, mapping = form.cleaned_data["file"], form.cleaned_data["mapping"]
    try:
        summary = crime_upload_import(upload=upload, imported_by=request.user, mapping=mapping)
    except ValidationError as error:
        form.add_error("file", error)
        return render(request, "intel/mapped_upload.html", {"form": form}, status=400)
    if summary.rejected_files:
        messages.error(
            request,
            f"{len(summary.rejected_files)} file(s) rejected: nothing was stored from them",
        )
    else:
        messages.success(
            request,
            f"{upload.name}: read {summary.total('rows_read')}, "
            f"stored {summary.total('rows_stored')}, "
            f"duplicated {summary.total('rows_duplicated')}",
        )
    return redirect("intel:mapping", pk=mapping.pk)
