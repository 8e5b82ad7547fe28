"""Staff pages work on a phone: at 375 px nothing makes the page wider than the screen (tables
scroll sideways inside their own box), and axe finds nothing (issue 11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from safer.plans.tests.conftest import partnership, seed_plans  # noqa: F401 (fixtures)
from tests.browser.conftest import assert_no_axe_violations, save_screenshot
from tests.browser.test_content_security_policy import _sign_in, staff  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _fits(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        save_screenshot(page, "too-wide-" + url.rsplit("/", 2)[-2])
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 5).map((e) => e.tagName + "." + e.className)""",
            widths[1],
        )
        pytest.fail(f"{url} is {widths[0]} px wide on a {widths[1]} px screen: {wide}")
    assert_no_axe_violations(page)


def test_staff_pages_fit_a_phone_screen(page: Page, live_server, staff):  # noqa: F811
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server.url, "casey")
    case = staff["case"]
    report = case.reports.first()
    for path in [
        "/",
        "/cases/",
        f"/cases/{case.reference}/",
        "/reports/",
        f"/reports/{report.reference}/",
        "/cases/queues",
        "/cases/repeats",
        "/plans/",
        f"/plans/{staff['plan'].pk}",
        "/plans/performance",
    ]:
        _fits(page, live_server.url + path)
    page.context.clear_cookies()
    _sign_in(page, live_server.url, "ari")
    for path in ["/intel/", "/intel/map", "/intel/asb"]:
        _fits(page, live_server.url + path)


LARGE_PRINT = {"width": 320, "height": 640}  # 1280 px at 400% zoom (WCAG 1.4.10 reflow)


@pytest.mark.parametrize("language", ["en-gb", "pl", "pa", "zh-hant", "ur"])
def test_public_pages_reflow_at_400_percent_in_every_language(page: Page, live_server, language):
    """The public home page and every public service's start page, at 320 px wide (what 400%
    zoom leaves of a 1280 px screen), in each language: nothing wider than the screen, and axe
    finds nothing."""
    from safer.public.views import public_services

    page.set_viewport_size(LARGE_PRINT)
    page.context.add_cookies(
        [{"name": "safer_language", "value": language, "url": live_server.url}]
    )
    for path in ["/public/", *(service["url"] for service in public_services())]:
        _fits(page, live_server.url + path)
        assert page.evaluate("document.documentElement.dir") == (
            "rtl" if language == "ur" else "ltr"
        )
