import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.audit.selectors import chain_verify
from safer.cases import services
from safer.cases.models import Case, CaseDocument, Intervention, Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.people.models import Person
from safer.privacy.retention import retention_apply
from safer.privacy.services import ANONYMISED
from safer.privacy.tasks import retention_apply_daily, retention_enqueue_due

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=366)


@pytest.fixture
def closed(partnership, caseworker):
    services.case_close(
        case=partnership.case, closed_by=caseworker, outcome="resolved", reason="Stopped"
    )
    return partnership


def test_a_dry_run_lists_what_would_go_and_changes_nothing(closed):
    events = AuditEvent.objects.count()
    run = retention_apply(now=timezone.now() + 6 * YEAR, dry_run=True)
    assert run.closed_cases == [closed.case.pk]
    assert run.reports_of_closed_cases == list(closed.case.reports.values_list("pk", flat=True))
    assert run.documents == list(closed.case.documents.values_list("pk", flat=True))
    assert run.reports_without_case == [closed.loose_report.pk]
    assert sorted(run.people_anonymised) == sorted(
        [
            closed.perpetrator.pk,
            closed.victim.pk,
            closed.witness.pk,
            *closed.loose_report.people.values_list("pk", flat=True),
        ]
    )
    assert Case.objects.filter(pk=closed.case.pk).exists()
    assert Person.objects.get(pk=closed.victim.pk).first_name == "Vera"
    assert AuditEvent.objects.count() == events


def test_nothing_goes_before_its_time(closed):
    caller = list(closed.loose_report.people.values_list("pk", flat=True))
    run = retention_apply(now=timezone.now() + 5 * YEAR)
    assert run.closed_cases == [] and run.people_anonymised == caller
    assert run.reports_without_case == [closed.loose_report.pk]  # two years passed
    assert Case.objects.filter(pk=closed.case.pk).exists()
    assert not Report.objects.filter(pk=closed.loose_report.pk).exists()


def test_open_cases_are_kept_however_old(partnership):
    run = retention_apply(now=timezone.now() + 20 * YEAR)
    assert run.closed_cases == []
    assert Case.objects.filter(pk=partnership.case.pk).exists()


def test_a_closed_case_goes_with_its_reports_documents_and_files_and_people_are_anonymised(
    closed, caseworker, django_capture_on_commit_callbacks
):
    document = CaseDocument.objects.get(case=closed.case)
    path = Path(document.file.path)
    assert path.exists()
    # The witness is also in a report of an open case: they stay named.
    recent = report(caseworker, people=[PersonInput(role="witness", person_id=closed.witness.pk)])
    services.case_open(opened_by=caseworker, reports=[recent])
    with django_capture_on_commit_callbacks(execute=True):
        run = retention_apply(now=timezone.now() + 6 * YEAR)

    assert not Case.objects.filter(pk=closed.case.pk).exists()
    assert not Report.objects.filter(pk__in=run.reports_of_closed_cases).exists()
    assert not CaseDocument.objects.exists() and not Intervention.objects.exists()
    assert not path.exists()
    perpetrator = Person.objects.get(pk=closed.perpetrator.pk)
    assert perpetrator.first_name == perpetrator.last_name == ""
    assert perpetrator.date_of_birth is None and perpetrator.description == ANONYMISED
    assert Person.objects.get(pk=closed.witness.pk).first_name == "Will"
    assert closed.witness.pk not in run.people_anonymised
    assert Report.objects.filter(pk=recent.pk).exists()

    event = AuditEvent.objects.get(action="retention.applied")
    assert event.changes["closed_cases"] == [closed.case.pk]
    assert event.changes["people_anonymised"] == run.people_anonymised
    assert "Vera" not in str(event.changes)
    anonymised = AuditEvent.objects.filter(action="person.anonymised")
    assert {int(e.target_id) for e in anonymised} == set(run.people_anonymised)
    report_ = chain_verify()
    assert report_.ok, report_.reason


def test_the_command_reports_counts_and_ids(closed):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Closed cases past retention: 0 (none)" in text
    assert "Rule: Reports never made into a case: 2 years" in text


def test_the_daily_task_applies_the_rules(closed, settings):
    settings.RETENTION_YEARS = {"closed_cases": 0, "reports_without_case": 0}
    result = retention_apply_daily.enqueue()
    assert result.return_value["closed_cases"] == 1
    assert result.return_value["reports_without_case"] == 1
    assert not Case.objects.exists()


def test_the_daily_run_is_queued_once_however_often_asked(settings, partnership):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("apply_retention", "--enqueue", stdout=out)
    call_command("apply_retention", "--enqueue", stdout=out)
    assert "queued for the task worker" in out.getvalue()
    assert "none added" in out.getvalue()
    queued = DBTaskResult.objects.filter(task_path=retention_apply_daily.module_path)
    assert queued.count() == 1
    assert retention_enqueue_due(now=timezone.now() + timedelta(hours=24))
    assert queued.count() == 2
