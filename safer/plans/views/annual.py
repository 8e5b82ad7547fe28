"""The annual report: page, PDF, text and its editable narrative."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from safer.core.tagged_pdf import PDF_TYPE
from safer.plans import annual, selectors, services
from safer.plans.access import (
    can_edit_plans,
    require_plans_editor,
    require_plans_reader,
)
from safer.plans.forms import (
    NarrativeForm,
    year_check,
)
from safer.plans.models import ReportNarrative
from safer.plans.pdf import annual_report_pdf

BAD_EXPORT_FORMAT = "Choose csv or xlsx"
IMPORTED = "Imported {plans} plans with {tasks} tasks"


def _year(year: str) -> str:
    if year_check(year) is None:
        raise Http404
    return year


@require_GET
def annual_report_list(request):
    require_plans_reader(request.user)
    return render(request, "plans/annual_report_list.html", {"years": annual.report_years()})


@require_GET
def annual_report(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    return render(
        request,
        "plans/annual_report.html",
        {
            "report": report,
            "can_edit": can_edit_plans(request.user),
            "large_print": request.GET.get("print") == "large",
        },
    )


@require_GET
def annual_report_download(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    response = HttpResponse(annual_report_pdf(report=report), content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.pdf"'
    return response


@require_GET
def annual_report_text(request, year: str):
    require_plans_reader(request.user)
    report = annual.annual_report(year=_year(year))
    return render(
        request,
        "plans/annual_report.txt",
        {"report": report},
        content_type="text/plain; charset=utf-8",
    )


@require_http_methods(["GET", "POST"])
def narrative_edit(request, year: str, section: str):
    require_plans_editor(request.user)
    year = _year(year)
    if section not in ReportNarrative.Section.values:
        raise Http404
    current = selectors.narratives(year).get(section, "")
    form = NarrativeForm(
        request.POST if request.method == "POST" else None, initial={"text": current}
    )
    if request.method == "POST" and form.is_valid():
        services.narrative_save(
            year=year, section=section, text=form.cleaned_data["text"], updated_by=request.user
        )
        messages.success(request, "Narrative saved")
        report_url = reverse("plans:annual_report", kwargs={"year": year})
        return redirect(f"{report_url}#section-{section}")
    return render(
        request,
        "plans/narrative_edit.html",
        {
            "form": form,
            "year": year,
            "section": section,
            "section_label": ReportNarrative.Section(section).label,
        },
    )
