"""Every staff page passes axe (WCAG 2.0, 2.1 and 2.2, A and AA) for every demo role (issue 11).

The demo is seeded, then each role's pages are found the way a person finds them: by following
the links of the pages they can reach from the home page. Each kind of page (its path with the
ids taken out) is checked once per role, in Chromium with its scripts run, and every violation
found is reported together at the end.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from safer.accounts.models import User
from safer.demo.seeding import USERS
from tests.browser.conftest import AXE_SCRIPT, AXE_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links a person would not follow to read a page: downloads, sign-out, the API, printouts.
SKIP = re.compile(
    r"\.(csv|xlsx|docx|pdf|txt|json|zip)$|/download|/export|/documents/\d+$|/account/sign-out"
    r"|^/api/|^/static/|/publicity$|^/admin/"
)
PAGES_PER_ROLE = 60


def _kind(path: str) -> str:
    """The kind of page: its path with references and ids replaced, so one of each is checked."""
    path = re.sub(r"/[A-Z]+-\d{4}-\d+", "/REF", path)
    return re.sub(r"/\d+", "/N", path)


def _sign_in(page: Page, live_server, user: User) -> None:
    """A session made server-side (with the second factor passed for the roles that need it),
    handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    cookie = client.cookies["safer_session"]
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies(
        [{"name": "safer_session", "value": cookie.value, "domain": host, "path": "/"}]
    )


def _axe(page: Page) -> list[str]:
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        AXE_TAGS,
    )
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} at {node['target']}"
        for v in results["violations"]
        for node in v["nodes"][:3]
    ]


def test_every_staff_page_passes_axe_for_every_role(page: Page, live_server, settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    call_command("seed_demo")
    problems: list[str] = []
    checked = 0
    # One account per role: the housing officer has the police officer's role.
    roles = {spec.role: spec for spec in USERS}
    for spec in roles.values():
        page.context.clear_cookies()
        _sign_in(page, live_server, User.objects.get(username=spec.username))
        seen_kinds: set[str] = set()
        queue = ["/"]
        while queue and len(seen_kinds) < PAGES_PER_ROLE:
            path = queue.pop(0)
            kind = _kind(path.split("?")[0])
            if kind in seen_kinds or SKIP.search(path.split("?")[0]):
                continue
            seen_kinds.add(kind)
            response = page.goto(live_server.url + path)
            if response is None or response.status != 200:
                problems.append(f"{spec.username} {path}: {response and response.status}")
                continue
            page.wait_for_load_state("load")
            checked += 1
            problems += [f"{spec.username} {path} {v}" for v in _axe(page)]
            for href in page.eval_on_selector_all(
                "main a[href^='/'], header a[href^='/']",
                "els => els.map(e => e.getAttribute('href'))",
            ):
                href = href.split("#")[0]
                if href and _kind(href.split("?")[0]) not in seen_kinds:
                    queue.append(href)
    assert checked > 50
    assert problems == [], f"{len(problems)} problems on {checked} pages:\n" + "\n".join(problems)
