"""Report anti-social behaviour or a nuisance (/report-asb), and Check a report you made
(/check-a-report): no account needed, one question a page, in the visitor's language."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from safer.cases.services import report_receive_public
from safer.core.context_processors import html_lang
from safer.core.tagged_pdf import PDF_TYPE, html_to_tagged_pdf
from safer.public import journey
from safer.public.forms import (
    AFFECTED_CHOICES,
    PUBLIC_TYPES,
    TIMES_OF_DAY,
    YES_NO,
    CheckReportForm,
    SubmitForm,
    occurred_at,
)
from safer.public.photos import photo_hold, photos_discard, photos_read
from safer.public.protection import (
    TOO_MANY_PHOTOS,
    submission_allowed,
    too_many_submissions,
)
from safer.public.services import status_link_for_token, status_link_send, status_link_use

JOURNEY = "report_asb"
PHOTOS = "photos"
CHECK_JOURNEY = "check_report"


def _answers(request) -> dict:
    return request.session.get(journey.SESSION_KEY, {})


@login_not_required
@require_GET
def start(request):
    return render(request, "public/report_asb/start.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def question(request, slug: str):
    """One page of the journey: its answer goes into the session, then on to the next page, or
    back to Check your answers when changing an answer."""
    step = journey.BY_SLUG.get(slug)
    if step is None:
        raise Http404
    answers = _answers(request)
    if not journey.applies(step, answers):
        return redirect("public:report_asb_check")
    changing = request.GET.get("change") == "1"
    if slug == PHOTOS:
        return _photos(request, step, answers, changing)
    if request.method == "POST":
        form = step.form(request.POST)
        if getattr(form, "finding", False):  # the address finder: show what the postcode holds
            form = step.form(initial=request.POST.dict())
        elif form.is_valid():
            answers = {**answers, slug: _plain(form.cleaned_data)}
            request.session[journey.SESSION_KEY] = answers
            return _onwards(slug, answers, changing)
    else:
        form = step.form(initial=answers.get(slug))
    return render(
        request,
        f"public/report_asb/{slug}.html",
        {"form": form, "step": step, "back": _back(slug, answers, changing)},
    )


def _onwards(slug: str, answers: dict, changing: bool):
    following = journey.next_slug(slug, answers)
    if changing or following is None or journey.first_missing(answers) is None:
        return redirect(_next_after_change(answers))
    return redirect("public:report_asb_question", slug=following)


def _back(slug: str, answers: dict, changing: bool) -> str:
    previous = journey.previous_slug(slug, answers)
    if changing:
        return reverse("public:report_asb_check")
    if previous:
        return reverse("public:report_asb_question", args=[previous])
    return reverse("public:report_asb")


def _held_photos(answers: dict) -> list[dict]:
    return answers.get(PHOTOS, {}).get("photos", [])


def _photos(request, step, answers: dict, changing: bool):
    """Add photos one at a time ("Add photo" stays on the page for another), remove one, or
    continue; each is cleaned and held by photos.photo_hold, its name kept in the session."""
    held = _held_photos(answers)
    limit = settings.PUBLIC_PHOTOS_PER_REPORT
    form = step.form()
    if request.method == "POST":
        form = step.form(request.POST, request.FILES)
        form.is_valid()
        if "remove" in request.POST:
            index = request.POST["remove"]
            if index.isdigit() and int(index) < len(held):
                photos_discard([held[int(index)]])
                held = [photo for i, photo in enumerate(held) if i != int(index)]
            request.session[journey.SESSION_KEY] = {**answers, PHOTOS: {"photos": held}}
            return redirect(request.get_full_path())
        upload = request.FILES.get("photo")
        if upload is not None and len(held) >= limit:
            form.add_error("photo", TOO_MANY_PHOTOS % {"count": limit})
        elif upload is not None:
            try:
                held = [*held, photo_hold(upload)]
            except ValidationError as error:
                form.add_error("photo", error)
        if not form.errors:
            answers = {**answers, PHOTOS: {"photos": held}}
            request.session[journey.SESSION_KEY] = answers
            if "add" in request.POST:
                return redirect(request.get_full_path())
            return _onwards(PHOTOS, answers, changing)
    return render(
        request,
        "public/report_asb/photos.html",
        {
            "form": form,
            "step": step,
            "held": held,
            "limit": limit,
            "full": len(held) >= limit,
            "back": _back(PHOTOS, answers, changing),
        },
    )


def _next_after_change(answers: dict) -> str:
    """Check your answers, unless a change made another page apply that has no answer yet."""
    missing = journey.first_missing(answers)
    if missing:
        return reverse("public:report_asb_question", args=[missing])
    return reverse("public:report_asb_check")


def _plain(data: dict) -> dict:
    """Cleaned data the session can hold (JSON): no honeypot, strings and numbers only."""
    return {key: value for key, value in data.items() if key != "website"}


def _label(choices, value) -> str:
    return str(dict(choices).get(value, ""))


def answer_rows(answers: dict) -> list[dict]:
    """Check your answers: each page that applies, its answer in words, and where to change it."""
    rows = []
    for step in journey.STEPS:
        if not journey.applies(step, answers):
            continue
        given = answers.get(step.slug, {})
        if step.slug == "happening-now":
            lines = [_label(YES_NO, given.get("happening_now"))]
        elif step.slug == "where":
            lines = [
                given.get(name, "")
                for name in ("address_line_1", "address_line_2", "town", "postcode")
            ]
            if given.get("accuracy") is not None:
                lines.append(
                    gettext("Your location when you reported, accurate to about %(metres)s metres")
                    % {"metres": round(given["accuracy"])}
                )
        elif step.slug == "what-happened":
            lines = [_label(PUBLIC_TYPES, given.get("type")), given.get("description", "")]
        elif step.slug == PHOTOS:
            count = len(given.get("photos", []))
            lines = [
                ngettext("%(count)s photo", "%(count)s photos", count) % {"count": count}
                if count
                else gettext("No photos")
            ]
        elif step.slug == "when":
            on = given.get("occurred_on")
            lines = [
                datetime.fromisoformat(on).date() if on else "",
                _label(TIMES_OF_DAY, given.get("time_of_day")),
            ]
        elif step.slug == "who-is-affected":
            lines = [_label(AFFECTED_CHOICES, given.get("affected"))]
        elif step.slug == "contact-details":
            lines = [given.get(name, "") for name in ("name", "email", "phone")]
            if not any(lines):
                lines = [gettext("You chose to stay anonymous")]
        else:
            lines = [_label(YES_NO, given.get("consent"))]
        rows.append(
            {
                "slug": step.slug,
                "question": step.title,
                "lines": [line for line in lines if line],
                "change": reverse("public:report_asb_question", args=[step.slug]) + "?change=1",
            }
        )
    return rows


@login_not_required
@require_http_methods(["GET", "POST"])
def check_answers(request):
    """Check your answers, then send: the only moment anything is stored."""
    answers = _answers(request)
    missing = journey.first_missing(answers)
    if missing:
        return redirect("public:report_asb_question", slug=missing)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.honeypot_filled():
            photos_discard(_held_photos(answers))
            request.session.pop(journey.SESSION_KEY, None)
            request.session[journey.DONE_KEY] = {"reference": "", "reported_at": ""}
            return redirect("public:report_asb_done")
        if not submission_allowed(request, JOURNEY):
            return too_many_submissions(request)  # the answers stay in the session
        report = _submit(answers)
        photos_discard(_held_photos(answers))  # filed with the report now
        request.session.pop(journey.SESSION_KEY, None)
        request.session[journey.DONE_KEY] = {
            "reference": report.reference,
            "reported_at": report.reported_at.isoformat(),
        }
        return redirect("public:report_asb_done")
    previous = [step.slug for step in journey.STEPS if journey.applies(step, answers)][-1]
    return render(
        request,
        "public/report_asb/check_answers.html",
        {
            "rows": answer_rows(answers),
            "happening_now": answers["happening-now"].get("happening_now") == "yes",
            "form": form,
            "back": reverse("public:report_asb_question", args=[previous]),
        },
    )


def _submit(answers: dict):
    where, what, when = answers["where"], answers["what-happened"], answers["when"]
    contact = answers.get("contact-details", {})
    address = ", ".join(
        part for part in (where["address_line_1"], where["address_line_2"], where["town"]) if part
    )
    return report_receive_public(
        occurred_at=occurred_at(when["occurred_on"], when["time_of_day"]),
        type=what["type"],
        description=what["description"],
        address=address,
        postcode=where.get("postcode", ""),
        uprn=where.get("uprn") or "",
        latitude=where.get("latitude"),
        longitude=where.get("longitude"),
        language=get_language(),
        happening_now=answers["happening-now"]["happening_now"] == "yes",
        affected=answers["who-is-affected"]["affected"],
        reporter_name=contact.get("name", ""),
        reporter_email=contact.get("email", ""),
        reporter_phone=contact.get("phone", ""),
        consents_to_contact=answers.get("consent", {}).get("consent") == "yes",
        photos=photos_read(_held_photos(answers)),
    )


def _confirmation(request) -> dict:
    done = request.session.get(journey.DONE_KEY)
    if done is None:
        raise Http404
    return {
        "reference": done["reference"],
        "reported_at": parse_datetime(done["reported_at"]) if done["reported_at"] else None,
    }


@login_not_required
@require_GET
def done(request):
    """The confirmation panel with the reference, what happens next, print and save as PDF."""
    return render(request, "public/report_asb/done.html", _confirmation(request))


@login_not_required
@require_GET
def done_pdf(request):
    """The confirmation as a tagged PDF, in the visitor's language."""
    context = _confirmation(request)
    if not context["reference"]:
        raise Http404
    lang = get_language()
    html = render_to_string(
        "public/report_asb/confirmation_pdf.html",
        {**context, "lang": html_lang(lang), "rtl": lang == "ur"},
        request=request,
    )
    response = HttpResponse(html_to_tagged_pdf(html), content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{context["reference"]}.pdf"'
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def check_report(request):
    """Ask for a link to a report's status: the same answer whether or not anything matches."""
    form = CheckReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.honeypot_filled():
            if not submission_allowed(request, CHECK_JOURNEY):
                return too_many_submissions(request)
            status_link_send(
                reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
            )
        return redirect("public:check_report_sent")
    return render(request, "public/check_report/start.html", {"form": form})


@login_not_required
@require_GET
def check_report_sent(request):
    return render(request, "public/check_report/sent.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def check_report_status(request, token: str):
    """A status link: GET asks to continue (so a mail scanner opening it does not spend it), POST
    spends it and shows the reference, the date received and a plain status, nothing more."""
    if request.method == "GET":
        found = status_link_for_token(token)
        if found is None or not found.usable:
            return render(request, "public/check_report/expired.html", status=410)
        return render(request, "public/check_report/continue.html")
    status = status_link_use(token=token)
    if status is None:
        return render(request, "public/check_report/expired.html", status=410)
    return render(request, "public/check_report/status.html", {"status": status})
