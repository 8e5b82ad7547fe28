"""The survey a reporter answers through their link (no sign-in: the link is the credential),
and the aggregate results for managers and analysts."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from safer.core.forms import add_service_errors
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.surveys import selectors, services
from safer.surveys.forms import ResultsFilterForm, SurveyAnswerForm


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    try:
        survey = services.survey_for_token(token)
    except services.SurveyUnavailable as unavailable:
        return render(request, "surveys/unavailable.html", {"reason": str(unavailable)}, status=410)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(token=token, **form.cleaned_data)
        except services.SurveyUnavailable as unavailable:
            return render(
                request, "surveys/unavailable.html", {"reason": str(unavailable)}, status=410
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "surveys/answered.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/answer.html", {"form": form, "survey": survey}, status=status)


@require_GET
def results(request):
    require_capability(request.user, Capability.VIEW_ANALYTICS)
    today = timezone.localdate()
    form = ResultsFilterForm(request.GET or {"year": today.year, "group_by": "quarter"})
    rows = []
    if form.is_valid():
        rows = selectors.survey_results(
            year=form.cleaned_data["year"], group_by=form.cleaned_data["group_by"]
        )
    return render(
        request,
        "surveys/results.html",
        {
            "form": form,
            "rows": rows,
            "group_label": selectors.GROUPS.get(form.data.get("group_by"), "Quarter"),
            "minimum": settings.SURVEY_MIN_ANSWERS,
        },
    )
