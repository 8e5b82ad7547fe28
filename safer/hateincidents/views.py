"""Pages: the public report-a-hate-incident journey (and the same journey for staff taking a
phone call), the incidents routed to the user's organisation, and the co-ordinators' rules."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.core.forms import add_service_errors
from safer.hateincidents import journey, selectors, services
from safer.hateincidents.forms import STEP_FORMS, FirstContactForm, RoutingRuleForm, SubmitForm
from safer.hateincidents.models import RoutingRule
from safer.partners.access import has_capability, organisation_of, require_capability
from safer.partners.roles import Capability
from safer.public.protection import submission_allowed, too_many_submissions


@dataclass(frozen=True)
class Mode:
    """Who is going through the journey: the public, or staff recording a phone call."""

    key: str
    prefix: str  # URL names: <prefix>start, <prefix>step, <prefix>check, <prefix>done
    base: str
    phone: bool


PUBLIC = Mode(journey.PUBLIC, "hateincidents:", "public/base.html", phone=False)
PHONE = Mode(journey.PHONE, "hateincidents:phone_", "base.html", phone=True)


def _require_phone_entry(user) -> None:
    require_capability(user, Capability.VIEW_RECORDS)
    require_capability(user, Capability.EDIT_RECORDS)


def _step_url(mode: Mode, step: str | None) -> str:
    if step is None:
        return reverse(mode.prefix + "check")
    return reverse(mode.prefix + "step", args=[step])


def _start(request, mode: Mode):
    return render(
        request,
        "hateincidents/start.html",
        {"base": mode.base, "mode": mode, "first": _step_url(mode, "who")},
    )


def _step(request, mode: Mode, step: str):
    if step not in STEP_FORMS:
        raise Http404("No such question")
    stored = journey.answers(request.session, mode.key)
    checking = request.GET.get("change") == "1"
    form = journey.form_for(step, stored, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        journey.save_step(request.session, mode.key, step, form.cleaned_data)
        next_step = journey.step_after(step, checking)
        stored = journey.answers(request.session, mode.key)
        if next_step is None and journey.first_unanswered(stored):
            next_step = journey.first_unanswered(stored)
        return redirect(_step_url(mode, next_step))
    slugs = [slug for slug, _form in journey.STEPS]
    index = slugs.index(step)
    back = (
        reverse(mode.prefix + "check")
        if checking
        else (_step_url(mode, slugs[index - 1]) if index else reverse(mode.prefix + "start"))
    )
    return render(
        request,
        f"hateincidents/step_{step.replace('-', '_')}.html",
        {
            "base": mode.base,
            "mode": mode,
            "form": form,
            "title": journey.TITLES[step],
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )


def _check(request, mode: Mode):
    stored = journey.answers(request.session, mode.key)
    missing = journey.first_unanswered(stored)
    if missing:
        return redirect(_step_url(mode, missing))
    form = SubmitForm(request.POST or None)
    if request.method == "POST":
        if form.honeypot_filled():
            # A bot: answer as if all went well, store nothing.
            request.session.pop(mode.key, None)
            request.session[mode.key + "_done"] = {"reference": "", "organisations": []}
            return redirect(mode.prefix + "done")
        if not mode.phone and not submission_allowed(request, "hate_incident"):
            return too_many_submissions(request)  # the answers stay in the session
        arguments = journey.service_arguments(stored)
        try:
            incident, routings = services.hate_incident_report(
                **arguments,
                language=get_language() if not mode.phone else "en-gb",
                recorded_by=request.user if mode.phone else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(mode.key, None)
            request.session[mode.key + "_done"] = {
                "reference": incident.reference,
                "organisations": [r.organisation.name for r in routings],
            }
            return redirect(mode.prefix + "done")
    return render(
        request,
        "hateincidents/check.html",
        {
            "base": mode.base,
            "mode": mode,
            "form": form,
            "rows": journey.summary(stored),
            "back": _step_url(mode, "consent"),
        },
        status=400 if form.errors else 200,
    )


def _done(request, mode: Mode):
    done = request.session.get(mode.key + "_done")
    if done is None:
        return redirect(mode.prefix + "start")
    return render(request, "hateincidents/done.html", {"base": mode.base, "mode": mode, **done})


@login_not_required
@require_GET
def start(request):
    return _start(request, PUBLIC)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def step(request, step: str):
    return _step(request, PUBLIC, step)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def check(request):
    return _check(request, PUBLIC)


@login_not_required
@never_cache
@require_GET
def done(request):
    return _done(request, PUBLIC)


@require_GET
def phone_start(request):
    _require_phone_entry(request.user)
    return _start(request, PHONE)


@never_cache
@require_http_methods(["GET", "POST"])
def phone_step(request, step: str):
    _require_phone_entry(request.user)
    return _step(request, PHONE, step)


@never_cache
@require_http_methods(["GET", "POST"])
def phone_check(request):
    _require_phone_entry(request.user)
    return _check(request, PHONE)


@never_cache
@require_GET
def phone_done(request):
    _require_phone_entry(request.user)
    return _done(request, PHONE)


# --- Staff: incidents routed to my organisation ---------------------------------------------


@require_GET
def incident_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    incidents = list(selectors.hate_incident_list_visible_to(request.user)[:200])
    routings = {
        r.incident_id: r
        for r in selectors.routing_list_for(request.user).filter(incident__in=incidents)
    }
    rows = [{"incident": i, "routing": routings.get(i.pk)} for i in incidents]
    return render(
        request,
        "hateincidents/incident_list.html",
        {
            "rows": rows,
            "overdue": selectors.routing_list_overdue_for(request.user).count(),
            "coordinator": selectors.is_coordinator(request.user),
            "can_record": has_capability(request.user, Capability.EDIT_RECORDS),
        },
    )


@require_GET
def overdue(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    return render(
        request,
        "hateincidents/overdue.html",
        {"routings": list(selectors.routing_list_overdue_for(request.user)[:200])},
    )


@require_GET
def incident_detail(request, pk: int):
    incident = selectors.access_hate_incident(request.user, pk)
    routing = selectors.routing_of(request.user, incident)
    return render(
        request,
        "hateincidents/incident_detail.html",
        {
            "incident": incident,
            "routing": routing,
            "routings": incident.routings.select_related("organisation"),
            "form": FirstContactForm(),
            "can_edit": has_capability(request.user, Capability.EDIT_RECORDS),
        },
    )


@require_POST
def first_contact(request, pk: int):
    incident = selectors.access_hate_incident(request.user, pk)
    require_capability(request.user, Capability.EDIT_RECORDS)
    routing = selectors.routing_of(request.user, incident)
    if routing is None:
        raise PermissionDenied("This incident was not passed to your organisation")
    form = FirstContactForm(request.POST)
    if form.is_valid():
        try:
            services.routing_first_contact(
                routing=routing,
                contacted_by=request.user,
                contacted_at=form.cleaned_data["contacted_at"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"First contact recorded for {incident.reference}")
            return redirect("hateincidents:detail", pk=incident.pk)
    return render(
        request,
        "hateincidents/incident_detail.html",
        {
            "incident": incident,
            "routing": routing,
            "routings": incident.routings.select_related("organisation"),
            "form": form,
            "can_edit": True,
        },
        status=400,
    )


# --- Co-ordinators: routing rules -----------------------------------------------------------


def _require_coordinator(user) -> None:
    require_capability(user, Capability.SUPERVISE)
    if not selectors.is_coordinator(user):
        raise PermissionDenied("Only the hate incident co-ordinators keep the routing rules")


@require_GET
def rule_list(request):
    _require_coordinator(request.user)
    rules = RoutingRule.objects.select_related("organisation").order_by(
        "-is_active", "priority", "pk"
    )
    return render(
        request,
        "hateincidents/rule_list.html",
        {"rules": rules, "coordinators": organisation_of(request.user)},
    )


@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int | None = None):
    _require_coordinator(request.user)
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else RoutingRule()
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.routing_rule_save(rule=form.instance, saved_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Routing rule saved")
            return redirect("hateincidents:rules")
    return render(
        request,
        "hateincidents/rule_form.html",
        {"form": form, "rule": rule},
        status=400 if form.errors else 200,
    )


@require_POST
def rule_deactivate(request, pk: int):
    _require_coordinator(request.user)
    rule = get_object_or_404(RoutingRule, pk=pk)
    rule.is_active = not rule.is_active
    services.routing_rule_save(rule=rule, saved_by=request.user)
    messages.success(request, "Routing rule " + ("turned on" if rule.is_active else "turned off"))
    return redirect("hateincidents:rules")
