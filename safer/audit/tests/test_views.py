import csv
import io

import pytest
from django.urls import reverse

from safer.audit.export import CSV_COLUMNS
from safer.audit.forms import DATE_FROM_INVALID, DATE_TO_BEFORE_FROM
from safer.audit.models import AuditEvent
from safer.audit.services import record
from safer.audit.views import PAGE_SIZE
from safer.core import request_context

pytestmark = pytest.mark.django_db

LIST_URL = reverse("audit:list")
EXPORT_URL = reverse("audit:export")


@pytest.fixture
def events(caseworker):
    return [
        record(actor=caseworker, action="person.viewed", target=caseworker),
        record(actor=caseworker, action="person.changed", target=caseworker),
        record(actor=None, action="import.finished"),
    ]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_admin_sees_the_audit_log(signed_in, admin, events, caseworker):
    response = signed_in(admin).get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Audit log</h1>' in html
    assert "person.viewed" in html
    assert "person.changed" in html
    assert f"User {caseworker.pk}" in html
    assert "Download CSV" in html


def test_admin_sees_only_filtered_events(signed_in, admin, events):
    response = signed_in(admin).get(LIST_URL, {"action": "person.", "username": "caseworker"})

    shown = list(response.context["page"].object_list)
    assert shown == [events[1], events[0]]
    export_link = f'href="{EXPORT_URL}?action=person.&amp;username=caseworker"'
    assert export_link in response.content.decode()


def test_invalid_dates_show_the_error_summary(signed_in, admin, events):
    response = signed_in(admin).get(LIST_URL, {"date_from": "31/2/2026", "date_to": "1/1/2026"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert DATE_FROM_INVALID in html
    assert list(response.context["page"].object_list) == []


def test_date_to_before_date_from_is_an_error(signed_in, admin):
    response = signed_in(admin).get(LIST_URL, {"date_from": "2/1/2026", "date_to": "1/1/2026"})

    assert DATE_TO_BEFORE_FROM in response.content.decode()


def test_list_is_paginated_with_a_bounded_number_of_queries(
    signed_in, admin, caseworker, django_assert_max_num_queries
):
    for n in range(PAGE_SIZE + 1):
        record(actor=caseworker, action=f"test.page{n}")
    client = signed_in(admin)

    with django_assert_max_num_queries(12):
        first = client.get(LIST_URL, {"action": "test."})
    second = client.get(LIST_URL, {"action": "test.", "page": 2})

    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert [event.action for event in second.context["page"].object_list] == ["test.page0"]
    assert "?action=test.&amp;page=2" in first.content.decode()


def test_caseworker_gets_403(signed_in, caseworker):
    assert signed_in(caseworker).get(LIST_URL).status_code == 403
    assert signed_in(caseworker).get(EXPORT_URL).status_code == 403


def test_export_by_caseworker_is_not_audited(signed_in, caseworker):
    signed_in(caseworker).get(EXPORT_URL)

    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_anonymous_user_is_sent_to_sign_in(client):
    for url in (LIST_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_post_answers_405(signed_in, admin):
    client = signed_in(admin)

    assert client.post(LIST_URL).status_code == 405
    assert client.post(EXPORT_URL).status_code == 405


def test_export_streams_the_filtered_events_as_csv(signed_in, admin, events, caseworker):
    response = signed_in(admin).get(EXPORT_URL, {"action": "person."})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = _csv(response)
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[4] for row in rows[1:]] == ["person.viewed", "person.changed"]
    assert rows[1][2] == "caseworker"
    assert rows[1][6] == str(caseworker.pk)
    assert rows[1][-1] == events[0].hash


def test_export_is_itself_audited_with_its_filters(signed_in, admin, council):
    response = signed_in(admin).get(EXPORT_URL, {"action": "person.", "date_from": "1/3/2026"})
    _csv(response)

    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == admin
    assert exported.organisation == council
    assert exported.ip_address == "127.0.0.1"
    assert exported.changes == {"filters": {"action": "person.", "date_from": "2026-03-01"}}


def test_export_defuses_spreadsheet_formulas(signed_in, admin, caseworker):
    token = request_context.set_current(request_context.RequestContext(user_agent="=HYPERLINK(1)"))
    try:
        record(actor=caseworker, action="user.signed_in")
    finally:
        request_context.reset(token)

    rows = _csv(signed_in(admin).get(EXPORT_URL, {"action": "user.signed_in"}))

    assert rows[1][10] == "'=HYPERLINK(1)"


def test_export_with_invalid_filters_goes_back_to_the_list(signed_in, admin):
    response = signed_in(admin).get(EXPORT_URL, {"date_from": "nonsense"})

    assert response.status_code == 302
    assert response.url == f"{LIST_URL}?date_from=nonsense"
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


# Words planted by a caseworker that an administrator, who sees no case records, must not read.
PLANTED_SEARCH = "Zebedee Quillfeather"
PLANTED_TITLE = "Marigold Terrace feud"


@pytest.fixture
def searched_and_retitled(signed_in, caseworker):
    """A caseworker searches people, cases and reports and renames a case, as they would."""
    from safer.cases import services as case_services
    from safer.cases.models import Case
    from safer.cases.tests.factories import report

    client = signed_in(caseworker)
    for url in ("people:list", "cases:list", "cases:report_list"):
        assert client.get(reverse(url), {"q": PLANTED_SEARCH}).status_code == 200
    case = case_services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    case = Case.objects.get(pk=case.pk)
    case_services.case_update(
        case=case, changed_by=caseworker, expected_version=case.version, title=PLANTED_TITLE
    )
    client.logout()
    return case


def test_admin_sees_no_search_words_nor_case_titles(signed_in, admin, searched_and_retitled):
    client = signed_in(admin)
    html = client.get(LIST_URL).content.decode()
    exported = b"".join(client.get(EXPORT_URL).streaming_content).decode()

    for shown in (html, exported):
        assert "people.listed" in shown and "case.changed" in shown
        for planted in (PLANTED_SEARCH, PLANTED_TITLE, "Zebedee", "Marigold"):
            assert planted not in shown
    assert not AuditEvent.objects.filter(changes__icontains="Zebedee").exists()


def test_searches_are_found_by_their_words_without_the_log_keeping_them(
    signed_in, admin, searched_and_retitled
):
    client = signed_in(admin)
    response = client.get(LIST_URL, {"search": "  zebedee   QUILLFEATHER "})

    listed = {event.action for event in response.context["page"].object_list}
    assert listed == {"people.listed", "cases.listed", "reports.listed"}
    assert PLANTED_SEARCH not in response.content.decode()
    assert not client.get(LIST_URL, {"search": "Zebedee"}).context["page"].object_list

    client.get(EXPORT_URL, {"search": PLANTED_SEARCH})
    exported = AuditEvent.objects.get(action="audit.exported")
    assert "Zebedee" not in str(exported.changes)
    assert exported.changes["search"] == response.context["page"].object_list[0].changes["search"]
