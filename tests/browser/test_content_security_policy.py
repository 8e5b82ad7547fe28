"""The main staff pages work in a real browser under the strict Content-Security-Policy.

Issue 17, finding 11: no inline script or style anywhere, so the policy can leave out
'unsafe-inline'. Chromium reports every blocked script, style or image as a
securitypolicyviolation event; none may fire, and the scripts must still do their work.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.cases.services import case_open
from safer.cases.tests.factories import report
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import street_row, write_street_csv
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import ActionPlan, Indicator
from safer.plans.tests.conftest import partnership, seed_plans  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def staff(settings, tmp_path, seed_plans) -> dict:  # noqa: F811 (fixture)
    """A caseworker with a case, an analyst with crimes on the map, and the seeded plans."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    rows = [street_row(crime_id=f"c{k}", lat=f"{52.06 + k / 1000:.3f}") for k in range(10)]
    crime_paths_import(paths=[write_street_csv(tmp_path / "street.csv", rows)])
    council = Organisation.objects.get(short_name="CDC")
    caseworker = User.objects.create_user(username="casey", password=PASSWORD)
    Membership.objects.create(user=caseworker, organisation=council, role=Role.CASEWORKER)
    analyst = User.objects.create_user(username="ari", password=PASSWORD)
    Membership.objects.create(user=analyst, organisation=council, role=Role.ANALYST)
    case = case_open(opened_by=caseworker, reports=[report(caseworker)], title="Door shouting")
    partnership_indicators_ensure()
    return {
        "case": case,
        "plan": ActionPlan.objects.get(title="Serious Acquisitive Crime Action Plan"),
        "indicator": Indicator.objects.get(measure_key="repeat_callers"),
    }


@pytest.fixture
def violations(page: Page) -> list[str]:
    found: list[str] = []

    def report_violation(text: str) -> None:
        found.append(text)

    page.expose_function("__cspViolation", report_violation)
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _open(page: Page, url: str, violations: list[str]) -> None:
    """Load a page under the policy; its scripts ran and nothing was blocked."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
    page.wait_for_load_state("load")
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    assert violations == [], f"{url}: " + "\n".join(violations)


def test_staff_pages_work_under_the_policy(
    page: Page, live_server, staff, violations, static_failures
):
    _sign_in(page, live_server.url, "casey")
    _open(page, live_server.url + "/", violations)
    _open(page, f"{live_server.url}/cases/{staff['case'].reference}/", violations)
    expect(page.locator("h1")).to_contain_text(staff["case"].reference)
    # GOV.UK Frontend's JavaScript ran: the skip link and components are initialised.
    expect(page.locator("[data-module='govuk-skip-link']")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )
    for path in [
        "/plans/",
        f"/plans/{staff['plan'].pk}",
        "/plans/performance",
        f"/plans/indicators/{staff['indicator'].pk}",
        "/plans/annual-report/2010-11?print=large",
    ]:
        _open(page, live_server.url + path, violations)

    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Safer Communities API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == [], "API docs: " + "\n".join(violations)

    page.context.clear_cookies()  # the docs page has no sign-out button: a fresh session
    _sign_in(page, live_server.url, "ari")
    _open(page, live_server.url + "/intel/map", violations)
    expect(page.locator("#intel-map.leaflet-container")).to_be_visible()
    expect(page.locator("#intel-map .leaflet-overlay-pane canvas")).to_have_count(1)
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Street points")
    assert violations == []
    assert static_failures == []
