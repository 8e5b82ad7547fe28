"""The public home page and the language switcher: no account needed."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from safer.core.middleware import is_public_language_path

# The public services, in the order the home page lists them; each appears once its pages are
# installed (its URL name resolves).
SERVICES = [
    (
        "public:report_asb",
        _("Report anti-social behaviour or a nuisance"),
        _("Noise, harassment, vandalism, drug dealing, rubbish and other problems where you live."),
    ),
    (
        "hateincidents:start",
        _("Report a hate incident"),
        _(
            "As a victim, a witness or for someone else, anonymously if you want. We pass it to "
            "the support organisation best placed to help."
        ),
    ),
    (
        "casereviews:public_start",
        _("Ask for an anti-social behaviour case review"),
        _(
            "If you have reported anti-social behaviour three times in six months and feel "
            "nothing has been done (the Community Trigger)."
        ),
    ),
    (
        "opendata:crime_map",
        _("Crime map and statistics"),
        _("Crimes by neighbourhood, month and type, and anti-social behaviour reported to us."),
    ),
    (
        "opendata:news",
        _("Partnership news"),
        _("What the partners have done together to make the area safer."),
    ),
    (
        "public:check_report",
        _("Check a report you made"),
        _("See where your report has got to, with its reference and your e-mail address."),
    ),
]


def public_services() -> list[dict]:
    found = []
    for name, title, description in SERVICES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        found.append({"url": url, "title": title, "description": description})
    return found


@login_not_required
@require_GET
def home(request):
    return render(request, "public/home.html", {"services": public_services()})


@login_not_required
@require_GET
def language(request):
    """Set the visitor's language from a plain link (no form, no script) and go back to the
    public page they came from; anything but a public page of this site goes to the home page."""
    code = request.GET.get("lang", "")
    back = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and back.startswith("/") and is_public_language_path(back)):
        back = reverse("public:home")
    response = HttpResponseRedirect(back)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response
