"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright cannot download its own browsers here, so tests launch the system chromium. They are
skipped where chromium (or the built front end) is missing, except in CI, where that fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = ROOT / "frontend" / "dist" / "css" / "application.css"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    """Skip on a developer machine without the prerequisite; fail in CI, where it must be."""
    if _in_ci():
        pytest.fail(f"{reason} (CI=true, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless chromium for one test module.

    Playwright's sync API keeps an event loop running in the main thread while it is open, and
    Django refuses ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set. So the
    browser lives only as long as a browser test module (pytest-randomly keeps modules together),
    and the variable is set only meanwhile: set for the whole session, it would also reach
    other tests, and the subprocesses they start (`manage.py check --deploy` warns about it).
    """
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("chromium is not installed (apt-get install -y chromium)")
    if not BUILT_CSS.exists() or not AXE_SCRIPT.exists():
        _unavailable("front end not built (run: npm ci && npm run build)")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, failing on JavaScript errors."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        # HTTP errors are checked where they matter (static_failures, response statuses);
        # an error page's own 404 or 403 is not a JavaScript fault.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console error: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()
    assert not errors, "JavaScript errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def static_failures(page: Page) -> list[str]:
    """Every /static/ response that failed on this page, to catch a broken asset pipeline."""
    failures: list[str] = []

    def check(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    page.on("response", check)

    def failed(request) -> None:
        # A request the browser itself abandoned (a navigation began, as a favicon fetch can be
        # under load) is not a missing asset; a 4xx or 5xx is caught by check() above.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            failures.append(f"failed {request.url}")

    page.on("requestfailed", failed)
    return failures


@pytest.fixture(autouse=True)
def _empty_audit_log_after_test(transactional_db: None) -> Iterator[None]:
    """Remove the audit rows a journey wrote, so the live server's database flush can run.

    Browser tests need real transactions (the live server is another thread), so the database
    is flushed afterwards, and SQLite's append-only audit triggers refuse that DELETE. Emptying
    the table first, round the triggers, leaves the flush nothing to refuse.
    """
    yield
    from django.db import connection

    from safer.audit.tests.helpers import triggers_disabled

    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page for WCAG 2.0, 2.1 and 2.2 A and AA, failing with what it found."""
    # Evaluated through DevTools, not added as an inline <script>: the page's CSP refuses those.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        AXE_TAGS,
    )
    violations = results["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['failureSummary']}")
    pytest.fail("\n".join(lines), pytrace=False)


def static_urls_in_css(css: str) -> list[str]:
    """The /static/ files a stylesheet refers to (fonts, images)."""
    urls = re.findall(r"url\(\s*['\"]?(/static/[^'\")?#]+)", css)
    return sorted(set(urls))


def save_screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot when BROWSER_SCREENSHOTS names a folder, for a human look."""
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def tab_to(page: Page, selector: str, *, limit: int = 80, backwards: bool = False) -> None:
    """Move the keyboard focus with Tab (or Shift+Tab) until the element matching `selector` has
    it, as a keyboard user would; fails if it is never reached. Journeys "by keyboard alone"
    use this, then type, press Space on radios and checkboxes, and Enter on buttons and links."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} was not reached with {limit} presses of {key}")
