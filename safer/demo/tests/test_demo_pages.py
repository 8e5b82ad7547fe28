"""`./run demo` leaves every page its navigation links to showing real figures on first visit,
for every demo role, and pages that open on a default period say which one."""

import re

import pytest
from django.core.management import call_command
from django.db.models import F

from safer.accounts.models import User
from safer.cases.models import Case
from safer.demo.seeding import USERS

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(
    r'class="(?:govuk-service-navigation__link|moj-sub-navigation__link|govuk-link)" '
    r'href="(/(?:cases|reports|people|intel|plans|manage|audit)[^"?#]*)"'
)
# What each page says when it has nothing to show; none may appear on a demo page.
NO_DATA = [
    "No crime data have been imported yet",
    "No case reports, imported incident logs or police data yet",
    "No case reports or imported incident logs yet",
    "no police.uk data are imported for these months",
    "Fewer than 10",
    "You have no open tasks",
    "No reviews due in the next 2 weeks",
    "You do not lead any open cases",
    "No grants recorded",
    "No allocations yet",
    "No action plans yet",
    "No indicators with a target",
]
# Pages that open on a period of their own choosing, and must say which one.
PERIOD_PAGES = {
    "/intel/",
    "/intel/map",
    "/intel/hotspots",
    "/intel/asb",
    "/intel/near-repeats",
    "/intel/predictions",
    "/plans/performance",
}
SHOWING = re.compile(r"Showing [A-Z][a-z]+ (?:to [A-Z][a-z]+ )?\d{4}.{0,40}the latest")


def _text(html: str) -> str:
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _summary_cells(html: str) -> str:
    """The performance report's summary table: every indicator must have a figure there."""
    match = re.search(r"(?s)<caption[^>]*>Summary</caption>(.*?)</table>", html)
    return _text(match.group(1)) if match else ""


def test_every_demo_page_shows_figures_for_every_role(signed_in, settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    call_command("seed_demo")
    # No case's review fell due before the case was opened.
    early = Case.objects.filter(next_review_due__lt=F("opened_at__date"))
    problems = [
        f"{c.reference}: review due {c.next_review_due}, opened {c.opened_at}" for c in early
    ]

    for spec in USERS:
        client = signed_in(User.objects.get(username=spec.username))
        home = client.get("/")
        seen, queue = set(), ["/", *NAV_LINK.findall(home.content.decode())]
        while queue:
            url = queue.pop(0)
            if url in seen or url.endswith((".csv", ".pdf", ".txt")) or "/new" in url:
                continue
            seen.add(url)
            response = home if url == "/" else client.get(url)
            if response.status_code != 200:
                problems.append(f"{spec.username} {url}: {response.status_code}")
                continue
            html = response.content.decode()
            text = _text(html)
            problems += [f"{spec.username} {url}: says {w!r}" for w in NO_DATA if w in text]
            if url in PERIOD_PAGES and not SHOWING.search(text):
                problems.append(f"{spec.username} {url}: does not say which period it shows")
            if url == "/plans/performance" and "No data" in _summary_cells(html):
                problems.append(f"{spec.username} {url}: an indicator has no figure")
            # The hub's and the plans' own navigation: the pages they link to for periods too.
            if url.startswith(("/intel", "/plans")):
                for nav in re.findall(r"(?s)<nav\b.*?</nav>", html):
                    queue += [u for u in NAV_LINK.findall(nav) if u.startswith(url[:6])]
        assert len(seen) > 1 or spec.username == "admin"
        client.logout()
    assert not problems, "\n".join(problems)
