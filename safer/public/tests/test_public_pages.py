"""The public home page and the language switcher: no account, the visitor's language, and
staff pages that stay in English whatever the browser prefers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME = "/public/"


@pytest.mark.parametrize(
    "accept, lang, direction, words",
    [
        ("en-GB,en;q=0.9", "en", "ltr", "Report a problem or ask for help"),
        ("pl-PL,pl;q=0.9", "pl", "ltr", "Zgłoś problem lub poproś o pomoc"),
        ("pa-IN", "pa", "ltr", "ਮਦਦ ਮੰਗੋ"),
        ("zh-TW,zh;q=0.9", "zh-Hant", "ltr", "報告問題或尋求協助"),
        ("ur-PK,ur;q=0.9,en;q=0.5", "ur", "rtl", "مدد طلب کریں"),
    ],
)
def test_the_home_page_follows_the_browsers_language(client, accept, lang, direction, words):
    response = client.get(HOME, headers={"accept-language": accept})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in page
    assert words in page
    assert "Accept-Language" in response["Vary"]


def test_the_switcher_sets_the_language_and_returns_to_the_same_public_page(client):
    response = client.get(reverse("public:language"), {"lang": "ur", "next": HOME})
    assert response.status_code == 302 and response.url == HOME
    assert response.cookies["safer_language"].value == "ur"
    page = client.get(HOME, headers={"accept-language": "pl"}).content.decode()
    assert '<html lang="ur" dir="rtl"' in page  # the choice wins over the browser
    # Each language is offered by its own name, marked with its language.
    assert '<span class="app-language-switcher__current" lang="ur" aria-current="true">اردو' in page
    assert 'lang="pl" hreflang="pl">Polski</a>' in page


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/cases/", "javascript:alert(1)"]
)
def test_the_switcher_never_sends_anyone_off_the_public_pages(client, next_url):
    response = client.get(reverse("public:language"), {"lang": "pl", "next": next_url})
    assert response.url == HOME


def test_an_unknown_language_changes_nothing(client):
    response = client.get(reverse("public:language"), {"lang": "xx", "next": HOME})
    assert "safer_language" not in response.cookies


def test_staff_pages_stay_in_english_whatever_the_browser_prefers(client, caseworker):
    client.force_login(caseworker)
    client.cookies["safer_language"] = "pl"
    page = client.get("/", headers={"accept-language": "pl"}).content.decode()
    assert '<html lang="en-GB" dir="ltr"' in page
    assert "Skip to main content" in page
    client.logout()
    sign_in = client.get(reverse("accounts:login"), headers={"accept-language": "ur"})
    assert '<html lang="en-GB"' in sign_in.content.decode()
