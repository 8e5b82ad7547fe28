"""A report's pages: details, corrections, risk assessments, opening or joining a case; and
the risk questionnaire co-ordinators publish."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases import forms, selectors, services
from safer.cases.access import access_case_by_reference, access_report_by_reference
from safer.cases.models import RiskQuestionnaire
from safer.cases.repeats import FLAG_LABELS
from safer.core.forms import add_service_errors
from safer.partners.access import can_change, has_capability, require_capability
from safer.partners.roles import Capability


@require_http_methods(["GET", "POST"])
def report_edit(request, reference: str):
    """Correct a report; a save based on a stale read is refused, naming who changed it."""
    report = access_report_by_reference(request.user, reference, write=True)
    initial = {name: getattr(report, name) for name in services.reports.REPORT_EDITABLE}
    initial["occurred_at"] = timezone.localtime(report.occurred_at)
    form = forms.ReportEditForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "version": report.version},
    )
    finding = "find_address" in request.POST  # no JavaScript: show the addresses found
    if request.method == "POST" and not finding and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.report_update(
                report=report, changed_by=request.user, expected_version=version, **data
            )
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report {report.reference} saved")
            return redirect("cases:report_detail", reference=report.reference)
    return render(request, "cases/report_edit.html", {"report": report, "form": form})


@require_GET
def report_detail(request, reference: str):
    report = access_report_by_reference(request.user, reference)
    services.report_viewed(report=report, viewed_by=request.user, via="page")
    assessments = selectors.report_assessments(report)
    return render(
        request,
        "cases/report_detail.html",
        {
            "report": report,
            "people": selectors.report_people(request.user, report),
            "case_visible": bool(selectors.visible_case_ids(request.user, [report.case_id])),
            "assessments": assessments,
            "flags": [FLAG_LABELS.get(f, f) for f in report.flags],
            "suggested_cases": selectors.report_suggested_cases(request.user, report),
            "can_change": can_change(request.user, report),
            "can_supervise": has_capability(request.user, Capability.SUPERVISE),
            "raise_form": forms.RaiseBandForm(),
            "today": timezone.localdate(),
            # Panels other apps add to the report page (settings.REPORT_PANELS).
            "panels": [
                panel
                for panel in (import_string(p)(request, report) for p in settings.REPORT_PANELS)
                if panel is not None
            ],
        },
    )


@require_GET
def report_photo(request, reference: str, photo_id: int):
    """A photo a resident sent, to those who may open the report; each view audited."""
    report = access_report_by_reference(request.user, reference)
    photo = get_object_or_404(report.photos, pk=photo_id)
    services.report_photo_viewed(photo=photo, viewed_by=request.user)
    return FileResponse(
        photo.file.open("rb"),
        filename=f"{report.reference}-photo-{photo.pk}{Path(photo.file.name).suffix}",
        content_type=photo.content_type,
    )


@require_http_methods(["GET", "POST"])
def risk_assessment_create(request, reference: str):
    report = access_report_by_reference(request.user, reference, write=True)
    questionnaire = services.questionnaire_current()
    data = request.POST if request.method == "POST" else None
    stage = "review" if report.assessments.exists() else "initial"
    form = forms.RiskAssessmentForm(
        data, definition=questionnaire.definition, initial={"stage": stage}
    )
    if data is not None and form.is_valid():
        answers = {key: form.cleaned_data[key] for key in form.question_keys}
        try:
            assessment = services.risk_assessment_record(
                report=report,
                assessed_by=request.user,
                answers=answers,
                stage=form.cleaned_data["stage"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            band = assessment.get_band_display().lower()
            messages.success(
                request, f"Risk assessment recorded: score {assessment.score}, {band} risk"
            )
            return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/risk_assessment_form.html",
        {
            "report": report,
            "form": form,
            "questionnaire": questionnaire,
        },
    )


@require_POST
def risk_band_raise(request, reference: str, assessment_id: int):
    report = access_report_by_reference(request.user, reference, write=True)
    assessment = get_object_or_404(report.assessments, pk=assessment_id)
    form = forms.RaiseBandForm(request.POST)
    if form.is_valid():
        try:
            services.risk_band_raise(
                assessment=assessment, raised_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Risk band raised to {form.cleaned_data['band']}")
            return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/raise_band.html",
        {"report": report, "assessment": assessment, "form": form},
        status=400,
    )


@require_POST
def report_open_case(request, reference: str):
    report = access_report_by_reference(request.user, reference, write=True)
    kind = request.POST.get("kind", "asb")
    try:
        case = services.case_open(opened_by=request.user, reports=[report], kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:report_detail", reference=report.reference)
    messages.success(request, f"Case {case.reference} opened")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def report_attach(request, reference: str):
    report = access_report_by_reference(request.user, reference)
    case = access_case_by_reference(request.user, request.POST.get("case", ""), write=True)
    try:
        services.case_attach_report(case=case, report=report, attached_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:report_detail", reference=report.reference)
    messages.success(request, f"Report {report.reference} added to case {case.reference}")
    return redirect("cases:detail", reference=case.reference)


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """Co-ordinators publish a new risk questionnaire version; old assessments keep theirs."""
    require_capability(request.user, Capability.SUPERVISE)
    current = services.questionnaire_current()
    data = request.POST if request.method == "POST" else None
    form = forms.QuestionnaireForm(
        data, initial={"definition": json.dumps(current.definition, indent=2)}
    )
    if data is not None and form.is_valid():
        try:
            published = services.questionnaire_publish(
                definition=form.cleaned_data["definition"],
                published_by=request.user,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("definition", message)
        else:
            messages.success(request, f"Risk questionnaire version {published.version} published")
            return redirect("cases:questionnaire")
    return render(
        request,
        "cases/questionnaire.html",
        {
            "form": form,
            "current": current,
            "versions": RiskQuestionnaire.objects.select_related("published_by"),
        },
    )
