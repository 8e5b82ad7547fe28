"""Two app servers behind nginx on one PostgreSQL database: what a user does on one holds on the
other. Sessions, sign-in lock-outs and optimistic locks all live in the database, so a session
started on one server is good on the other, failures counted on both lock the account on both,
and an edit made through one server is refused as a conflict on the other.
"""

import re

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from tests.ops.cluster import Cluster, database_url, nginx_path

PASSWORD = "two-servers-correct-horse"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        nginx_path() is None, reason="nginx is not installed (apt-get install nginx)"
    ),
]


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip(
            "several app servers share one PostgreSQL database (DATABASE_URL=postgres://...)"
        )
    with Cluster(database_url(connection.settings_dict), servers=2, workers=1) as running:
        yield running


@pytest.fixture
def officer():
    """A caseworker whose password the production hasher (Argon2) stored."""
    user = member(Role.CASEWORKER, OrganisationFactory(name="Two Servers Council"), username="two")
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def _sign_in(base: str, session: requests.Session, password: str = PASSWORD) -> requests.Response:
    page = session.get(f"{base}/account/sign-in", timeout=10)
    token = CSRF.search(page.text).group(1)
    return session.post(
        f"{base}/account/sign-in",
        data={"username": "two", "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=20,
    )


def test_a_session_started_on_one_server_holds_on_the_other(cluster, officer):
    browser = requests.Session()
    signed_in = _sign_in(cluster.server_url(0), browser)
    assert signed_in.status_code == 302, cluster.logs()

    on_other = browser.get(f"{cluster.server_url(1)}/cases/", allow_redirects=False, timeout=10)
    assert on_other.status_code == 200
    assert "Caseload" in on_other.text
    through_nginx = [
        browser.get(f"{cluster.url}/cases/", allow_redirects=False, timeout=10) for _ in range(4)
    ]
    assert [r.status_code for r in through_nginx] == [200] * 4
    # nginx gives each request an id; the app answers with it and its audit rows keep it.
    ids = [r.headers.get("X-Request-ID", "") for r in through_nginx]
    assert all(len(i) == 32 for i in ids) and len(set(ids)) == 4
    listed = AuditEvent.objects.filter(action="cases.listed", request_id__in=ids)
    assert listed.count() == 4

    browser.post(
        f"{cluster.server_url(1)}/account/sign-out",
        data={"csrfmiddlewaretoken": CSRF.search(on_other.text).group(1)},
        timeout=10,
    )
    after = browser.get(f"{cluster.server_url(0)}/cases/", allow_redirects=False, timeout=10)
    assert after.status_code == 302  # signed out on one server is signed out on both
    assert "/account/sign-in" in after.headers["Location"]


def test_failed_sign_ins_on_both_servers_lock_the_account_on_both(cluster, officer, settings):
    attacker = requests.Session()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        refused = _sign_in(cluster.server_url(attempt % 2), attacker, password="wrong-guess")
        assert refused.status_code != 302

    for index in (0, 1):
        owner = requests.Session()
        locked = _sign_in(cluster.server_url(index), owner)
        assert locked.status_code != 302, f"server {index} let a locked account in"
        assert "locked" in locked.text.lower()


def test_an_edit_through_one_server_is_a_conflict_on_the_other(cluster, officer):
    case = services.case_open(
        reports=[report(officer, people=[victim()])],
        opened_by=officer,
        title="Two servers",
        lead_officer=officer,
    )
    first, second = requests.Session(), requests.Session()
    _sign_in(cluster.server_url(0), first)
    _sign_in(cluster.server_url(1), second)
    url = f"/cases/{case.reference}/"
    pages = [first.get(cluster.server_url(0) + url, timeout=10)]
    pages.append(second.get(cluster.server_url(1) + url, timeout=10))
    assert [p.status_code for p in pages] == [200, 200]

    def change(session, base, page, status):
        return session.post(
            f"{base}/cases/{case.reference}/status",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "status": status,
                "lead_officer": officer.pk,
                "version": case.version,  # what both pages were read at
            },
            allow_redirects=False,
            timeout=10,
        )

    saved = change(first, cluster.server_url(0), pages[0], "investigating")
    assert saved.status_code == 302, saved.text[:2000]
    refused = change(second, cluster.server_url(1), pages[1], "action")
    assert refused.status_code == 400
    assert "while you were editing it" in refused.text
    case.refresh_from_db()
    assert case.status == "investigating"
