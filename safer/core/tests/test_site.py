"""Site-wide rules: deny by default, health check, production hardening."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Every URL that answers without signing in, and why.
PUBLIC_PATHS = {
    "/api/crime-categories": "police.uk-compatible open data API (docs/opendata.md)",
    "/api/crimes-street-dates": "police.uk-compatible open data API",
    "/api/crime-last-updated": "police.uk-compatible open data API",
    "/api/crimes-street/x": "police.uk-compatible open data API",
    "/api/crimes-at-location": "police.uk-compatible open data API",
    "/api/crimes-no-location": "police.uk-compatible open data API",
    "/api/outcomes-for-crime/x": "police.uk-compatible open data API",
    "/api/forces": "police.uk-compatible open data API",
    "/api/forces/x": "police.uk-compatible open data API",
    "/api/locate-neighbourhood": "police.uk-compatible neighbourhood calls (neighbourhoods.md)",
    "/api/x/neighbourhoods": "police.uk-compatible neighbourhood calls: a force's neighbourhoods",
    "/api/x/x": "police.uk-compatible neighbourhood calls: one published neighbourhood",
    "/api/x/x/boundary": "police.uk-compatible neighbourhood calls: its boundary",
    "/api/x/x/people": "police.uk-compatible neighbourhood calls: its team",
    "/api/x/x/events": "police.uk-compatible neighbourhood calls: its events",
    "/api/x/x/priorities": "police.uk-compatible neighbourhood calls: its priorities",
    "/neighbourhoods/x/team/1/photo": "a published neighbourhood's team member's photo",
    "/open311/v2/discovery.x": "Open311 GeoReport v2 (docs/open311.md); x is no format: 404",
    "/open311/v2/services.x": "Open311 GeoReport v2: the service list",
    "/open311/v2/services/x.x": "Open311 GeoReport v2: a service definition",
    "/open311/v2/requests.x": "Open311 GeoReport v2: requests (GET), or a new one (POST, api_key)",
    "/open311/v2/requests/x.x": "Open311 GeoReport v2: one request",
    "/open311/v2/tokens/x.x": "Open311 GeoReport v2: a token's request id",
    "/healthz": "monitoring",
    "/livez": "liveness probe for a proxy; answers ok and nothing else",
    "/survey/x": "single-use satisfaction survey link; the token is the credential",
    "/metrics": "Prometheus scrape; METRICS_TOKEN or loopback only, 404 to anyone else",
    "/account/sign-in": "the way in",
    "/account/set-password/x/x": "one-time set-password link; the token is the credential",
    "/api/v1/openapi.json": "API description for client developers; no data",
    "/public/": "the public home page: how residents report and ask for help",
    "/public/language": "the public pages' language switcher (sets a cookie, then redirects)",
    "/report-asb": "the public start page to report anti-social behaviour",
    "/report-asb/x": "ASB report: one question a page (404 for no such question)",
    "/report-asb/check-your-answers": "ASB report: check your answers, then send",
    "/report-asb/report-sent": "ASB report: the confirmation of the report this session sent",
    "/report-asb/report-sent.pdf": "ASB report: that confirmation as a tagged PDF",
    "/check-a-report": "ask for a single-use link to a report's status, by reference and e-mail",
    "/check-a-report/email-sent": "check a report: the same answer whether or not it matched",
    "/check-a-report/status/x": "single-use status link; the token is the credential",
    "/ask-for-a-case-review": "the public start page to ask for an ASB case review",
    "/report-hate-incident": "the public start page to report a hate incident",
    "/report-hate-incident/x": "hate incident report: one question (404 for no such question)",
    "/report-hate-incident/check-your-answers": "hate incident report: check your answers",
    "/report-hate-incident/confirmation": "hate incident report: the reference and who has it",
    "/ask-for-a-case-review/who": "case review request: who is asking",
    "/ask-for-a-case-review/contact": "case review request: contact details",
    "/ask-for-a-case-review/incidents": "case review request: the incidents added",
    "/ask-for-a-case-review/incidents/add": "case review request: add an incident",
    "/ask-for-a-case-review/incidents/1": "case review request: change an incident",
    "/ask-for-a-case-review/incidents/1/remove": "case review request: remove an incident (POST)",
    "/ask-for-a-case-review/check": "case review request: check your answers and send",
    "/ask-for-a-case-review/sent": "case review request: confirmation with the reference",
    "/crime-map": "public crime map: police.uk crimes, suppressed report counts (opendata.md)",
    "/crime-statistics": "public crime statistics by month and type, suppressed report counts",
    "/news": "partnership news: the published success stories",
    "/news/x": "one published news item (404 for no such item)",
    "/screen": "community screen for public TV screens",
    "/screen/content.json": "community screen's content: messages, priorities, headline figures",
    "/screen-worker.js": "the community screens' service worker (keeps the last content offline)",
    "/screen/x": "a neighbourhood's community screen (404 for no such neighbourhood)",
    "/screen/x/content.json": "a neighbourhood's community screen content (404 for none)",
}
# Public paths that answer something else to the sample arguments: a made-up survey token is
# "no longer available" (410), not a sign-in page.
PUBLIC_STATUS = {
    # Asked with no parameters: police.uk's answers (unknown category, missing parameters,
    # unknown crime or force).
    "/api/crimes-street/x": (404,),
    "/api/crimes-at-location": (400,),
    "/api/crimes-no-location": (400,),
    "/api/outcomes-for-crime/x": (404,),
    "/api/forces/x": (404,),
    # Neighbourhood calls: "x" is no force (404, empty), locate needs q=lat,lng (400).
    "/api/locate-neighbourhood": (400,),
    "/api/x/neighbourhoods": (404,),
    "/api/x/x": (404,),
    "/api/x/x/boundary": (404,),
    "/api/x/x/people": (404,),
    "/api/x/x/events": (404,),
    "/api/x/x/priorities": (404,),
    "/neighbourhoods/x/team/1/photo": (404,),
    # Open311 answers 404 (in its error format) to a format other than .json or .xml.
    "/open311/v2/discovery.x": (404,),
    "/open311/v2/services.x": (404,),
    "/open311/v2/services/x.x": (404,),
    "/open311/v2/requests.x": (404,),
    "/open311/v2/requests/x.x": (404,),
    "/open311/v2/tokens/x.x": (404,),
    "/report-hate-incident/x": (404,),
    "/report-hate-incident/check-your-answers": (302,),
    "/report-hate-incident/confirmation": (302,),
    "/survey/x": (410,),
    "/public/language": (302,),
    "/report-asb/x": (404,),
    "/report-asb/check-your-answers": (302,),
    "/report-asb/report-sent": (404,),
    "/report-asb/report-sent.pdf": (404,),
    "/check-a-report/status/x": (410,),
    # Later steps of the case review request send a visitor with no earlier answers back.
    "/ask-for-a-case-review/contact": (302,),
    "/ask-for-a-case-review/incidents": (302,),
    "/ask-for-a-case-review/incidents/add": (302,),
    "/ask-for-a-case-review/incidents/1": (302,),
    "/ask-for-a-case-review/incidents/1/remove": (405,),
    "/ask-for-a-case-review/check": (302,),
    "/ask-for-a-case-review/sent": (302,),
    "/news/x": (404,),
    "/screen/x": (404,),
    "/screen/x/content.json": (404,),
}
# Pages for people under /api/: they send anyone not signed in to sign in, as other pages do.
API_PAGES = {"/api/v1/docs": "API documentation (Swagger UI)"}
# Routes that answer 404 to everyone: there is nothing behind them.
EMPTY_PATHS = {"/api/v1/": "django-ninja's root route; no handler"}
SAMPLE_ARGS = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def all_paths():
    """Every routable path, with parameters filled by sample values."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                yield prefix + route

    import re

    for route in walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        path = re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route
        )
        yield "/" + path


def test_every_url_requires_sign_in_unless_declared_public(client):
    paths = sorted(set(all_paths()))
    assert len(paths) > 10
    for path in paths:
        response = client.get(path)
        if path in PUBLIC_PATHS:
            assert response.status_code in PUBLIC_STATUS.get(path, (200, 405)), path
            continue
        if path in EMPTY_PATHS:
            assert response.status_code == 404, path
            continue
        if path.startswith("/api/") and path not in API_PAGES:
            assert response.status_code in (401, 405), f"{path} answered {response.status_code}"
        else:
            assert response.status_code in (302, 405), f"{path} answered {response.status_code}"
            if response.status_code == 302:
                assert response.url.startswith(reverse("accounts:login")), path


def test_public_list_is_not_stale():
    paths = set(all_paths())
    assert set(PUBLIC_PATHS) <= paths


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # The worker and analytics store fields: safer/core/tests/test_health.py.
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_healthz_reports_unreachable_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_unknown_page_is_a_govuk_404(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-" + "x9Q!" * 12,
        "ALLOWED_HOSTS": "safer.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false"})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
