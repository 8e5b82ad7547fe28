"""Community Trigger pages for staff: the applications, recording one, its complaints and
decision, the review with its recommendations, the year's statistics and eligible victims."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer import audit
from safer.casereviews import forms, selectors, services
from safer.casereviews.access import (
    access_application,
    access_recommendation,
    require_statistics,
)
from safer.casereviews.models import Appeal, Application, Review
from safer.casereviews.threshold import Rules, window_start
from safer.core import csv_export
from safer.core.forms import add_service_errors
from safer.letters.rendering import PDF_TYPE, LaidOutLetter, render_pdf
from safer.partners.access import (
    READ_ONLY,
    access_record,
    can_change,
    has_capability,
    require_capability,
)
from safer.partners.roles import Capability
from safer.people.models import Person

LIST_LIMIT = 200


@require_GET
def application_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    form = forms.FilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    applications = list(
        selectors.application_list_visible_to(request.user, status=status)[:LIST_LIMIT]
    )
    return render(
        request,
        "casereviews/application_list.html",
        {
            "form": form,
            "applications": applications,
            "limit": LIST_LIMIT,
            "today": timezone.localdate(),
            "can_record": has_capability(request.user, Capability.EDIT_RECORDS),
            "can_supervise": has_capability(request.user, Capability.SUPERVISE),
            "can_see_statistics": has_capability(request.user, Capability.SUPERVISE)
            or has_capability(request.user, Capability.VIEW_ANALYTICS),
        },
    )


def _victim_from(request) -> Person | None:
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        return None
    return access_record(request.user, Person.objects.all(), pk=person_id)


@require_http_methods(["GET", "POST"])
def application_create(request):
    require_capability(request.user, Capability.EDIT_RECORDS)
    victim = _victim_from(request)
    form = forms.ApplicationForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_record(
                recorded_by=request.user,
                applicant=form.applicant(),
                on_behalf_of=form.on_behalf_of(),
                received_on=form.cleaned_data["received_on"],
                victim=victim,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Application {application.reference} recorded: the decision is due by "
                f"{application.decision_due:%-d %B %Y}",
            )
            return redirect("casereviews:detail", reference=application.reference)
    return render(
        request,
        "casereviews/application_form.html",
        {"form": form, "victim": victim, "rules": Rules.from_settings()},
        status=400 if request.method == "POST" else 200,
    )


def _may_supervise(user, application: Application) -> bool:
    """Decide, review and recommend: a co-ordinator of the organisation holding it."""
    return has_capability(user, Capability.SUPERVISE) and can_change(user, application)


def _detail_context(request, application: Application, **forms_given) -> dict:
    supervise = _may_supervise(request.user, application)
    appeal = Appeal.objects.filter(application=application).first()
    review = Review.objects.filter(application=application).first()
    today = timezone.localdate()
    return {
        "application": application,
        "complaints": selectors.complaint_rows(request.user, application),
        "window_start": window_start(application.received_on, Rules.from_settings()),
        "rules": Rules.from_settings(),
        "review": review,
        "appeal": appeal,
        "today": today,
        "can_add": application.decided_on is None and can_change(request.user, application),
        "can_supervise": supervise,
        "complaint_form": forms_given.get("complaint_form") or forms.ComplaintForm(),
        "decision_form": forms_given.get("decision_form")
        or forms.DecisionForm(initial={"decided_on": today}),
        "letter_preview": services.decision_letter_default(application)
        if application.decided_on is None
        else "",
        "appeal_form": forms_given.get("appeal_form") or forms.AppealForm(),
        "outcome_form": forms_given.get("outcome_form") or forms.AppealOutcomeForm(),
    }


def _viewed(request, application: Application, what: str) -> None:
    audit.record(
        actor=request.user,
        action="casereview.application_viewed",
        target=application,
        changes={"via": what},
    )


@require_GET
def application_detail(request, reference: str):
    application = access_application(request.user, reference)
    _viewed(request, application, "page")
    return render(
        request, "casereviews/application_detail.html", _detail_context(request, application)
    )


def _detail_with_errors(request, application, **forms_given):
    return render(
        request,
        "casereviews/application_detail.html",
        _detail_context(request, application, **forms_given),
        status=400,
    )


@require_POST
def complaint_add(request, reference: str):
    application = access_application(request.user, reference)
    if not can_change(request.user, application):
        raise PermissionDenied(READ_ONLY)
    form = forms.ComplaintForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_add(
                application=application, added_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                f"Complaint added: {application.qualifying_complaints} qualifying; the "
                f"threshold is {'met' if application.threshold_met else 'not met'}",
            )
            return redirect("casereviews:detail", reference=reference)
    return _detail_with_errors(request, application, complaint_form=form)


@require_POST
def complaints_refresh(request, reference: str):
    application = access_application(request.user, reference)
    if not can_change(request.user, application):
        raise PermissionDenied(READ_ONLY)
    try:
        added = services.application_refresh(application=application, refreshed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{added} further report(s) found and counted")
    return redirect("casereviews:detail", reference=reference)


@require_POST
def application_decide(request, reference: str):
    application = access_application(request.user, reference, supervise=True)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                application=application, decided_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Decision recorded: {application.get_status_display()}")
            return redirect("casereviews:detail", reference=reference)
    return _detail_with_errors(request, application, decision_form=form)


@require_POST
def appeal_create(request, reference: str):
    application = access_application(request.user, reference, supervise=True)
    form = forms.AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_record(
                application=application, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Appeal recorded")
            return redirect("casereviews:detail", reference=reference)
    return _detail_with_errors(request, application, appeal_form=form)


@require_POST
def appeal_outcome(request, reference: str):
    application = access_application(request.user, reference, supervise=True)
    appeal = Appeal.objects.filter(application=application).first()
    form = forms.AppealOutcomeForm(request.POST)
    if appeal is None:
        messages.error(request, "No appeal has been recorded for this application")
        return redirect("casereviews:detail", reference=reference)
    if form.is_valid():
        try:
            services.appeal_decide(appeal=appeal, decided_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Appeal outcome recorded")
            return redirect("casereviews:detail", reference=reference)
    return _detail_with_errors(request, application, outcome_form=form)


def _review_or_404(application: Application) -> Review:
    review = Review.objects.filter(application=application).first()
    if review is None:
        raise Http404(services.NO_REVIEW)
    return review


def _review_context(request, application: Application, review: Review, **forms_given) -> dict:
    return {
        "application": application,
        "review": review,
        "history": selectors.review_history(request.user, application),
        "attendees": review.attendees.select_related("organisation"),
        "recommendations": review.recommendations.select_related("owner"),
        "today": timezone.localdate(),
        "can_supervise": _may_supervise(request.user, application),
        "review_form": forms_given.get("review_form")
        or forms.ReviewForm(
            initial={
                "held_on": review.held_on or timezone.localdate(),
                "victim_voice": review.victim_voice,
                "findings": review.findings,
            }
        ),
        "attendee_form": forms_given.get("attendee_form") or forms.AttendeeForm(),
        "recommendation_form": forms_given.get("recommendation_form") or forms.RecommendationForm(),
        "completion_form": forms.CompletionForm(initial={"completed_on": timezone.localdate()}),
        "completion_errors": forms_given.get("completion_errors"),
    }


@require_GET
def review_detail(request, reference: str):
    application = access_application(request.user, reference)
    review = _review_or_404(application)
    _viewed(request, application, "review")
    return render(
        request,
        "casereviews/review.html",
        _review_context(request, application, review),
    )


def _review_with_errors(request, application, review, **forms_given):
    return render(
        request,
        "casereviews/review.html",
        _review_context(request, application, review, **forms_given),
        status=400,
    )


def _review_post(request, reference: str, *, form_class, form_name: str, write, done: str):
    """A co-ordinator's change to the review: the form, one service call, back to the review
    page; a bad form or a service's refusal re-renders it with the errors (400)."""
    application = access_application(request.user, reference, supervise=True)
    review = _review_or_404(application)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            write(review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("casereviews:review", reference=reference)
    return _review_with_errors(request, application, review, **{form_name: form})


@require_POST
def review_held(request, reference: str):
    return _review_post(
        request,
        reference,
        form_class=forms.ReviewForm,
        form_name="review_form",
        write=lambda **data: services.review_record(recorded_by=request.user, **data),
        done="Review recorded",
    )


@require_POST
def attendee_add(request, reference: str):
    return _review_post(
        request,
        reference,
        form_class=forms.AttendeeForm,
        form_name="attendee_form",
        write=lambda **data: services.attendee_add(added_by=request.user, **data),
        done="Attendee added",
    )


@require_POST
def recommendation_add(request, reference: str):
    return _review_post(
        request,
        reference,
        form_class=forms.RecommendationForm,
        form_name="recommendation_form",
        write=lambda **data: services.recommendation_add(added_by=request.user, **data),
        done="Recommendation added",
    )


@require_POST
def recommendation_complete(request, reference: str, pk: int):
    recommendation = access_recommendation(request.user, pk)
    application = recommendation.review.application
    if application.reference != reference:
        raise Http404("Not found")
    form = forms.CompletionForm(request.POST)
    errors = None
    if form.is_valid():
        try:
            services.recommendation_complete(
                recommendation=recommendation,
                completed_by=request.user,
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "Recommendation marked complete")
            return redirect("casereviews:review", reference=reference)
    else:
        errors = [m for ms in form.errors.values() for m in ms]
    return _review_with_errors(
        request, application, recommendation.review, completion_errors=errors
    )


@require_GET
def statistics(request):
    require_statistics(request.user)
    form = forms.StatisticsForm(request.GET or {"year": timezone.localdate().year})
    figures = selectors.statistics(year=form.cleaned_data["year"]) if form.is_valid() else None
    return render(
        request,
        "casereviews/statistics.html",
        {"form": form, "figures": figures, "labels": selectors.STATISTICS_LABELS},
        status=200 if form.is_valid() else 400,
    )


@require_GET
def statistics_download(request):
    require_statistics(request.user)
    form = forms.StatisticsForm(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        return HttpResponse("Choose a year between 2000 and 2100", status=400)
    year = form.cleaned_data["year"]
    figures = selectors.statistics(year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-trigger-{year}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(["Year", "Measure", "Number"])
    writer.writerows(
        [year, label, figures[key]] for key, label in selectors.STATISTICS_LABELS.items()
    )
    return response


@require_GET
def eligible(request):
    require_capability(request.user, Capability.SUPERVISE)
    shown, others = selectors.eligible_victims_visible_to(request.user)
    audit.record(
        actor=request.user,
        action="casereview.eligible_viewed",
        changes={"shown": len(shown), "withheld": others},
    )
    return render(
        request,
        "casereviews/eligible.html",
        {"rows": shown, "others": others, "rules": Rules.from_settings()},
    )


@require_GET
def letter_pdf(request, reference: str):
    application = access_application(request.user, reference)
    if not application.decision_letter:
        raise Http404("No decision letter yet")
    paragraphs = [
        [line for line in block.splitlines() if line.strip()]
        for block in application.decision_letter.split("\n\n")
        if block.strip()
    ]
    letter = LaidOutLetter(
        sender=application.organisation.name,
        recipient_lines=[
            line for line in (application.applicant_name, application.applicant_email) if line
        ],
        date=date_format(application.decided_on, "j F Y"),
        reference=application.reference,
        heading="Your application for an anti-social behaviour case review",
        paragraphs=paragraphs,
        subject="Community Trigger decision",
    )
    _viewed(request, application, "letter")
    response = HttpResponse(render_pdf(letter), content_type=PDF_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="case-review-decision-{application.reference}.pdf"'
    )
    return response
