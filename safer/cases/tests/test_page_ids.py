"""Staff pages give each element its own id and every label a field (issue 11: the case page had
two `id_description` and two `id_version`)."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from safer.cases import services
from safer.cases.tests.factories import report, victim

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])


def _check(html: str) -> None:
    parser = _Ids()
    parser.feed(html)
    duplicated = sorted(i for i, n in parser.ids.items() if n > 1)
    assert duplicated == []
    unlabelled = sorted(set(parser.label_targets) - set(parser.ids))
    assert unlabelled == []


def test_case_page_ids_are_unique_with_and_without_errors(client, caseworker):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    client.force_login(caseworker)
    page = client.get(f"/cases/{case.reference}/")
    _check(page.content.decode())
    # A form sent back with errors keeps its own ids, and its error links point at them.
    failed = client.post(f"/cases/{case.reference}/tasks", {"description": ""})
    assert failed.status_code == 400
    html = failed.content.decode()
    _check(html)
    assert 'href="#task-description"' in html


def test_report_and_intake_pages_ids_are_unique(client, caseworker):
    made = report(caseworker, people=[victim()])
    client.force_login(caseworker)
    for url in ["/", f"/reports/{made.reference}/", "/reports/new", "/reports/", "/cases/"]:
        _check(client.get(url).content.decode())
