"""Concurrent intake on PostgreSQL: no deadlock between references and the audit chain."""

import threading

import pytest
from django.db import connection, connections

from safer.audit.selectors import chain_verify
from safer.cases.models import Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.people.tests.factories import PersonFactory

WRITERS = 4
REPORTS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_with_new_and_known_people_all_succeed(caseworker, council):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with IMMEDIATE transactions; no race to test")
    known = PersonFactory(organisation=council)
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(REPORTS_EACH):
                # Half the writers name a new person (audited before the report), half a known
                # one: the mix that deadlocked when the reference was taken after the person.
                if n % 2:
                    person = PersonInput(role="victim", person_id=known.pk)
                else:
                    person = PersonInput(role="victim", first_name=f"W{n}", last_name=f"Ex{i}")
                report(caseworker, people=[person], address=f"{n} Thread Road")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == WRITERS * REPORTS_EACH
    assert chain_verify().ok
