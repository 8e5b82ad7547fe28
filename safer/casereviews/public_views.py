"""The public journey to ask for an anti-social behaviour case review (the Community Trigger):
start, who is asking, contact details, the incidents one at a time, check your answers,
confirmation. No account needed. The answers live in the session until the final submit;
nothing is written before it."""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.casereviews import public_forms, services
from safer.casereviews.threshold import Rules
from safer.partners.models import Organisation
from safer.public.protection import submission_allowed, too_many_submissions

SESSION_KEY = "casereview_public"
DONE_KEY = "casereview_public_done"
JOURNEY = "casereview"
MAX_INCIDENTS = 20


def _answers(request) -> dict:
    return request.session.get(SESSION_KEY) or {}


def _save(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers


def _posted(request):
    """The POST data on a POST (an empty form is still an answer to check), else None."""
    return request.POST if request.method == "POST" else None


def _render(request, template: str, context: dict, *, form=None):
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, f"casereviews/public/{template}", context, status=status)


@login_not_required
@require_GET
def start(request):
    return _render(request, "start.html", {"rules": Rules.from_settings()})


@login_not_required
@require_http_methods(["GET", "POST"])
def who(request):
    answers = _answers(request)
    form = public_forms.WhoForm(_posted(request), initial=answers)
    if request.method == "POST" and form.is_valid():
        behalf = form.cleaned_data["who"] == public_forms.BEHALF
        answers.update(
            who=form.cleaned_data["who"],
            behalf_name=form.cleaned_data["behalf_name"] if behalf else "",
            behalf_relationship=form.cleaned_data["behalf_relationship"] if behalf else "",
        )
        _save(request, answers)
        return redirect(_next_after(answers, "casereviews:public_contact"))
    return _render(request, "who.html", {"form": form}, form=form)


def _next_after(answers: dict, default: str) -> str:
    """Back to check your answers once every part is given, else on through the journey."""
    if answers.get("first_name") and answers.get("incidents"):
        return "casereviews:public_check"
    return default


@login_not_required
@require_http_methods(["GET", "POST"])
def contact(request):
    answers = _answers(request)
    if not answers.get("who"):
        return redirect("casereviews:public_who")
    form = public_forms.ContactForm(_posted(request), initial=answers)
    if request.method == "POST" and form.is_valid():
        answers.update(
            {k: form.cleaned_data[k] for k in ("first_name", "last_name", "email", "phone")}
        )
        _save(request, answers)
        return redirect(_next_after(answers, "casereviews:public_incident_add"))
    return _render(request, "contact.html", {"form": form}, form=form)


@login_not_required
@require_http_methods(["GET", "POST"])
def incident(request, number: int | None = None):
    """Add an incident (number None) or change incident `number` (counted from 1)."""
    answers = _answers(request)
    if not answers.get("first_name"):
        return redirect("casereviews:public_contact")
    incidents = answers.get("incidents", [])
    if number is not None and not 1 <= number <= len(incidents):
        return redirect("casereviews:public_incidents")
    if number is None and len(incidents) >= MAX_INCIDENTS:
        return redirect("casereviews:public_incidents")
    initial = public_forms.IncidentForm.initial_from(incidents[number - 1]) if number else None
    form = public_forms.IncidentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if number:
            incidents[number - 1] = form.answers()
        else:
            incidents.append(form.answers())
        answers["incidents"] = incidents
        _save(request, answers)
        return redirect("casereviews:public_incidents")
    return _render(
        request,
        "incident.html",
        {"form": form, "number": number or len(incidents) + 1, "changing": bool(number)},
        form=form,
    )


def _incident_rows(incidents: list[dict]) -> list[dict]:
    """The applicant's incidents with who they reported each to, named for the page."""
    names = dict(
        Organisation.objects.filter(
            pk__in=[i["organisation_id"] for i in incidents if i["organisation_id"]]
        ).values_list("pk", "name")
    )
    return [
        {
            **i,
            "number": n,
            "occurred": date.fromisoformat(i["occurred_on"]),
            "reported": date.fromisoformat(i["reported_on"]),
            "reported_to": names.get(i["organisation_id"], "")
            if i["organisation_id"]
            else i["reported_to_other"],
        }
        for n, i in enumerate(incidents, start=1)
    ]


@login_not_required
@require_GET
def incidents(request):
    answers = _answers(request)
    if not answers.get("incidents"):
        return redirect("casereviews:public_incident_add")
    return _render(
        request,
        "incidents.html",
        {
            "incidents": _incident_rows(answers["incidents"]),
            "can_add": len(answers["incidents"]) < MAX_INCIDENTS,
        },
    )


@login_not_required
@require_POST
def incident_remove(request, number: int):
    answers = _answers(request)
    incidents = answers.get("incidents", [])
    if 1 <= number <= len(incidents):
        del incidents[number - 1]
        answers["incidents"] = incidents
        _save(request, answers)
    return redirect("casereviews:public_incidents")


def _complete(answers: dict) -> bool:
    return bool(answers.get("who") and answers.get("first_name") and answers.get("incidents"))


@login_not_required
@require_http_methods(["GET", "POST"])
def check(request):
    answers = _answers(request)
    if not _complete(answers):
        return redirect("casereviews:public_who")
    form = public_forms.SubmitForm(_posted(request))
    errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        if form.honeypot_filled():
            # A bot: answer as if all went well, store nothing.
            request.session.pop(SESSION_KEY, None)
            request.session[DONE_KEY] = {}
            return redirect("casereviews:public_done")
        if not submission_allowed(request, JOURNEY):
            return too_many_submissions(request)  # the answers stay in the session
        try:
            application = services.public_application_submit(
                answers=answers, language=get_language() or ""
            )
        except ValidationError as error:
            errors = _answers_to_check(error)
        else:
            request.session.pop(SESSION_KEY, None)
            request.session[DONE_KEY] = {
                "reference": application.reference,
                "decision_due": application.decision_due.isoformat(),
                "email": application.applicant_email,
            }
            return redirect("casereviews:public_done")
    return render(
        request,
        "casereviews/public/check.html",
        {
            "answers": answers,
            "incidents": _incident_rows(answers["incidents"]),
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _answers_to_check(error: ValidationError) -> list[dict]:
    """What the service refused (say, an organisation withdrawn from the partnership since the
    incident was added), as links to the page that asks it, in the visitor's language."""
    fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    items: dict[str, str] = {}
    for key in fields:
        if key.startswith("complaints."):
            number = int(key.split(".")[1]) + 1
            url = reverse("casereviews:public_incident_change", args=[number])
            items[url] = gettext("Check the answers about incident %(number)s") % {"number": number}
        elif key.startswith("on_behalf_of"):
            items[reverse("casereviews:public_who")] = gettext("Check who is asking")
        else:
            items[reverse("casereviews:public_contact")] = gettext("Check your contact details")
    return [{"href": href, "text": text} for href, text in items.items()]


@login_not_required
@require_GET
def done(request):
    done = request.session.get(DONE_KEY)
    if done is None:
        return redirect("casereviews:public_start")
    decision_due = date.fromisoformat(done["decision_due"]) if done.get("decision_due") else None
    return _render(
        request,
        "done.html",
        {
            "reference": done.get("reference"),
            "decision_due": decision_due,
            "email": done.get("email", ""),
        },
    )
