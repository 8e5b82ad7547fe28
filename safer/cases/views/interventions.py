"""Interventions and enforcement tools on a case: recording, live legal checks, changes,
breaches, publicity sheets and statutory nuisance assessments."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases import forms, legal, selectors, services
from safer.cases.access import access_case_by_reference
from safer.cases.models import Intervention
from safer.cases.services.interventions import may_be_named
from safer.core.forms import add_service_errors
from safer.people.access import access_person
from safer.people.models import Person


@dataclass(frozen=True)
class CaseFormPage:
    """The words of one of the case's form pages (they share one template)."""

    title: str
    button: str
    intro: str = ""
    caption: str = ""
    template: str = "cases/case_form.html"


INTERVENTION_PAGE = CaseFormPage(
    "Record an intervention",
    "Save intervention",
    "The limits the law sets are checked as you fill in the form, and again when you save: for "
    "example, a civil injunction against someone under 18 lasts at most 12 months.",
    template="cases/intervention_form.html",
)
BREACH_PAGE = CaseFormPage("Record a breach", "Save breach")
NUISANCE_PAGE = CaseFormPage(
    "Statutory nuisance assessment",
    "Save assessment",
    "Is the nuisance frequent, long-lasting or at unreasonable times, and does it materially "
    "interfere with the use of a home? If so, an abatement notice must be served "
    "(Environmental Protection Act 1990 s80).",
)


def _case_form_page(request, case, form, page: CaseFormPage, save, **context) -> HttpResponse:
    """GET shows the form; a valid POST calls `save` (a service) and returns to the case."""
    if request.method == "POST" and form.is_valid():
        try:
            success = save(form.cleaned_data)
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, _form_named(error))
        else:
            for level, text in success:
                messages.add_message(request, level, text)
            return redirect("cases:detail", reference=case.reference)
    return render(request, page.template, {"case": case, "form": form, "page": page, **context})


def _form_named(error: ValidationError) -> ValidationError:
    """The service names the person as the API does (person_id); the form's field is person,
    and an age rule is about the person too."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {"person_id": "person", "subject_age": "person"}
    return ValidationError({renamed.get(k, k): v for k, v in error.message_dict.items()})


def _nameable_people(user, case, kind: str) -> list[tuple[str, str]]:
    """Whom the record form offers for a kind: the alleged perpetrators, or anyone on the case
    for support; never a victim, reporter or witness as the person an order is against."""
    if kind not in legal.TOOLS:
        kind = legal.InterventionKind.WARNING_LETTER  # no kind yet: as for an order
    return [
        (str(person.pk), f"{person.full_name} ({', '.join(roles)})")
        for person, roles in selectors.case_people(user, case)
        if may_be_named(kind, roles)
    ]


def _people_for(kind: str) -> str:
    """Which list of people the form shows for a kind (the live check swaps it when it moves)."""
    return "anyone" if kind in legal.TOOLS and legal.tool(kind).support else "perpetrators"


def _intervention_form(request, case, data=None, *, kind="", **kwargs) -> forms.InterventionForm:
    kind = (data or {}).get("kind", kind)
    people = _nameable_people(request.user, case, kind)
    form = forms.InterventionForm(data, people=people, **kwargs)
    form.fields["person"].error_messages["invalid_choice"] = PERSON_NOT_OFFERED
    return form


PERSON_NOT_OFFERED = (
    "Choose an alleged perpetrator from the list: only mediation or a referral to support may "
    "name anyone else on the case"
)


@require_http_methods(["GET", "POST"])
def intervention_create(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    data = request.POST if request.method == "POST" else None
    form = _intervention_form(request, case, data)

    def save(data):
        data = dict(data)
        person = Person.objects.get(pk=data.pop("person"))
        intervention = services.intervention_record(
            case=case, person=person, recorded_by=request.user, **data
        )
        return [
            (messages.SUCCESS, f"{legal.label(intervention.kind)} recorded"),
            *[(messages.WARNING, warning) for warning in intervention.warnings],
        ]

    people_for = _people_for((data or {}).get("kind", ""))
    return _case_form_page(request, case, form, INTERVENTION_PAGE, save, people_for=people_for)


@require_POST
def intervention_check(request, reference: str):
    """The live check (htmx): the legal limits and warnings for what the form holds so far, as
    a fragment for the panel beside it; and, when the chosen kind changes whom it may name, the
    person list again. Saves nothing; the full check runs again on save."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    form = _intervention_form(request, case, request.POST)
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name)
        for name in ("issued_on", "applied_on", "served_on", "expires_on", "hours", "historical")
    }
    # Only what was entered: an empty required field is not a problem yet.
    problems = {
        name: errors[0]
        for name, errors in form.errors.items()
        if name in form.fields and request.POST.get(name, "").strip()
    }
    kind = request.POST.get("kind", "")
    person = None
    if "person" in form.cleaned_data:
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
    result = None
    if kind:
        result = services.intervention_check(
            user=request.user, case=case, kind=kind, person=person, **values
        )
        for name, message in _form_named(ValidationError(result.errors or {})).message_dict.items():
            problems.setdefault(name, message[0])
    labels = {name: field.label for name, field in form.fields.items()}
    people_for = _people_for(kind)
    person_form = None
    if request.POST.get("people_for") != people_for:
        chosen = request.POST.get("person", "")
        person_form = _intervention_form(request, case, kind=kind, initial={"person": chosen})
    return render(
        request,
        "cases/intervention_check.html",
        {
            "tool": legal.TOOLS.get(kind) if kind in legal.TOOLS else None,
            "problems": [(labels.get(name, "Intervention"), m) for name, m in problems.items()],
            "warnings": result.warnings if result else [],
            "complete": bool(kind and values["issued_on"] and person),
            "person_form": person_form,
            "people_for": people_for,
        },
    )


@dataclass(frozen=True)
class ChangePage:
    """One of the changes a recorded intervention can go through, and its form page."""

    form: type
    page: CaseFormPage
    court_only: bool = False


CHANGE_PAGES = {
    "vary": ChangePage(
        forms.InterventionVaryForm,
        CaseFormPage(
            "Vary the intervention",
            "Save variation",
            "Change the terms as varied; the limits the law sets are checked on the new terms.",
        ),
    ),
    "extend": ChangePage(
        forms.InterventionExtendForm,
        CaseFormPage(
            "Extend the intervention",
            "Save extension",
            "A closure order lasts at most 6 months in all, with extensions; a civil injunction "
            "against someone under 18 at most 12 months.",
        ),
    ),
    "discharge": ChangePage(
        forms.InterventionEndForm,
        CaseFormPage("Record that the court discharged it", "Save discharge"),
        court_only=True,
    ),
    "end": ChangePage(
        forms.InterventionEndForm,
        CaseFormPage(
            "End the intervention",
            "Save end",
            "For example: the contract was completed, the notice withdrawn or the person moved.",
        ),
    ),
    "court-outcome": ChangePage(
        forms.InterventionCourtOutcomeForm,
        CaseFormPage("Record the court outcome", "Save court outcome"),
        court_only=True,
    ),
}


TERMS = ("conditions", "supervisor", "hours", "expires_on")


def _change(request, intervention, change: str, data: dict):
    """Call the change's service with the form's values; blank optional dates mean "leave it"
    (the review then follows the tool's rules)."""
    common = {
        "intervention": intervention,
        "effective_on": data["effective_on"],
        "expected_version": data["version"],
    }
    review = data.get("next_review_on") or services.UNSET
    by = request.user
    reason = data.get("reason", "")
    if change == "vary":
        fields = TERMS
        return services.intervention_vary(
            varied_by=by,
            reason=reason,
            next_review_on=review,
            **common,
            **{f: data[f] for f in fields},
        )
    if change == "extend":
        return services.intervention_extend(
            extended_by=by,
            reason=reason,
            expires_on=data["expires_on"],
            next_review_on=review,
            **common,
        )
    if change == "discharge":
        return services.intervention_discharge(discharged_by=by, reason=reason, **common)
    if change == "end":
        return services.intervention_end(ended_by=by, reason=reason, **common)
    return services.intervention_court_outcome(
        intervention=intervention,
        recorded_by=by,
        outcome=data["court_outcome"],
        hearing_on=data["effective_on"],
        notes=reason,
        issued_on=data.get("issued_on") or services.UNSET,
        expires_on=data.get("expires_on") or services.UNSET,
        next_review_on=review,
        expected_version=data["version"],
    )


@require_http_methods(["GET", "POST"])
def intervention_change(request, reference: str, intervention_id: int, change: str):
    """Vary, extend, discharge, end or record the court outcome of an intervention: a page each,
    for the case's owner and the partners it is shared with (as recording is)."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    config = CHANGE_PAGES.get(change)
    if config is None or (config.court_only and not legal.court_decides(intervention.kind)):
        raise Http404
    initial = {
        "version": intervention.version,
        "effective_on": timezone.localdate(),
        **{
            f: getattr(intervention, f) for f in ("conditions", "supervisor", "hours", "expires_on")
        },
    }
    form = config.form(request.POST if request.method == "POST" else None, initial=initial)

    def save(data):
        row = _change(request, intervention, change, data)
        done = row.get_court_outcome_display() if row.court_outcome else row.get_kind_display()
        return [
            (messages.SUCCESS, f"{intervention.kind_label}: {done.lower()}"),
            *[(messages.WARNING, warning) for warning in row.warnings],
        ]

    page = CaseFormPage(
        config.page.title, config.page.button, config.page.intro, intervention.kind_label
    )
    return _case_form_page(request, case, form, page, save)


@require_http_methods(["GET", "POST"])
def breach_create(request, reference: str, intervention_id: int):
    case = access_case_by_reference(request.user, reference, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    form = forms.BreachForm(request.POST if request.method == "POST" else None)

    def save(data):
        services.breach_record(intervention=intervention, recorded_by=request.user, **data)
        return [(messages.SUCCESS, "Breach recorded")]

    page = CaseFormPage(BREACH_PAGE.title, BREACH_PAGE.button, caption=intervention.kind_label)
    return _case_form_page(request, case, form, page, save)


@require_GET
def publicity_sheet(request, reference: str, intervention_id: int):
    """A printable notice for the affected area; refused for anyone under 18."""
    case = access_case_by_reference(request.user, reference)
    intervention = get_object_or_404(
        Intervention.objects.select_related("person", "issuing_organisation"),
        case=case,
        pk=intervention_id,
    )
    # The sheet names the person: only for those who may open the person's record.
    access_person(request.user, intervention.person_id)
    age = intervention.person.age_on(timezone.localdate())
    allowed, reason = legal.publicity_allowed(intervention.kind, age)
    if not allowed:
        raise PermissionDenied(reason)
    services.publicity_sheet_produced(intervention=intervention, produced_by=request.user)
    return render(
        request,
        "cases/publicity_sheet.html",
        {"case": case, "intervention": intervention, "label": legal.label(intervention.kind)},
    )


@require_http_methods(["GET", "POST"])
def nuisance_assessment_create(request, reference: str):
    case = access_case_by_reference(request.user, reference, write=True)
    form = forms.NuisanceAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"assessed_on": timezone.localdate()},
    )

    def save(data):
        services.nuisance_assessment_record(case=case, assessed_by=request.user, **data)
        return [(messages.SUCCESS, "Statutory nuisance assessment recorded")]

    return _case_form_page(request, case, form, NUISANCE_PAGE, save)
