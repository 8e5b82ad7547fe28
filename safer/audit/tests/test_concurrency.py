import threading

import pytest
from django.db import connection, connections

from safer.audit.selectors import chain_verify
from safer.audit.services import record

WRITERS = 4
EVENTS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain(caseworker):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with IMMEDIATE transactions; no race to test")
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(EVENTS_EACH):
                record(actor=caseworker, action=f"test.writer{n}", changes={"i": i})
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
    report = chain_verify()
    assert report.ok, report.reason
    assert report.checked == WRITERS * EVENTS_EACH
