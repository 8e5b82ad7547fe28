"""Response headers that keep pages safe in the browser (issue 17, finding 11).

A Content-Security-Policy without inline script or style on every page; no copy of a page or
API answer for a signed-in user left in a browser or proxy cache; the API docs page served from
our own static files, to signed-in users only.
"""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("path", ["/account/sign-in", "/"])
def test_every_page_has_a_strict_content_security_policy(client, caseworker, path):
    client.force_login(caseworker)
    if path == "/account/sign-in":
        client.logout()
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-" not in response["Content-Security-Policy"]


def test_pages_carry_no_inline_script_or_style(client, caseworker):
    client.force_login(caseworker)
    html = client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("http://tiles.internal:8080/{z}/{x}/{y}.png", "http://tiles.internal:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_map_tiles_from_the_configured_server_are_allowed_as_images(url, source):
    from config.settings import csp_tile_source

    assert csp_tile_source(url) == source


def test_a_tile_server_the_policy_cannot_name_is_refused():
    from config.settings import csp_tile_source

    with pytest.raises(ImproperlyConfigured, match="INTEL_TILE_URL"):
        csp_tile_source("https://tiles.{s}.example.org/{z}/{x}/{y}.png")


def test_signed_in_pages_api_answers_and_downloads_are_not_stored(client, caseworker):
    client.force_login(caseworker)
    for url in ["/", "/api/v1/me", reverse("plans:export") + "?format=csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_api_answers_are_not_stored_even_when_refused(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


def test_a_response_keeps_caching_it_set_itself(rf, caseworker):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from safer.core.middleware import NoStoreMiddleware

    def own_caching(request):
        response = HttpResponse("figures")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/intel/figures")
    request.user = caseworker
    assert NoStoreMiddleware(own_caching)(request)["Cache-Control"] == "private, max-age=60"
    request = rf.get("/account/sign-in")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(lambda request: HttpResponse("hello"))(request)
    assert not response.has_header("Cache-Control")


def test_static_files_keep_their_own_caching(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/static/css/application.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_api_docs_refuse_anonymous_callers(client):
    response = client.get(DOCS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_api_description_stays_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Safer Communities API"


def test_api_docs_load_only_our_own_assets(client, caseworker):
    client.force_login(caseworker)
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assets = re.findall(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)""", html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    assert " style=" not in html
