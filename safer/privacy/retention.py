"""How long records are kept, and the job that removes what is past it (settings.RETENTION_YEARS).

- Closed cases: deleted with their reports, documents (files too), notes, tasks, interventions
  and letters once closed longer than `closed_cases` years.
- Reports never made into a case: deleted once older than `reports_without_case` years.
- People who then appear in no record at all are anonymised (person_anonymise), not deleted:
  their row stays so audit entries that name "Person 42" still resolve.

The audit log is never touched: one `retention.applied` event lists, by id, what was done.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safer.audit import services as audit
from safer.cases.models import Case, CaseDocument, Intervention, Report, ReportPerson
from safer.people.models import Person, PersonVulnerability
from safer.privacy.services import is_anonymised, person_anonymise

logger = logging.getLogger("safer.privacy")

RETENTION_REASON = "Retention period passed"


@dataclass
class RetentionRun:
    """What a run removes (or, in a dry run, would remove), by record type, as ids."""

    closed_cases: list[int] = field(default_factory=list)
    reports_without_case: list[int] = field(default_factory=list)
    reports_of_closed_cases: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    people_anonymised: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return asdict(self)


def years_before(moment: datetime, years: int) -> datetime:
    """The same day and time `years` earlier (28 February for 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def retention_rules() -> list[dict]:
    """The rules as the records-of-processing page and the dry run describe them."""
    years = settings.RETENTION_YEARS
    return [
        {
            "key": "closed_cases",
            "record": "Cases (anti-social behaviour and nuisance), with their reports, documents, "
            "notes, tasks, interventions and letters",
            "years": years["closed_cases"],
            "from": "the case's closure",
            "action": "Deleted; people in no other record anonymised",
        },
        {
            "key": "reports_without_case",
            "record": "Reports never made into a case",
            "years": years["reports_without_case"],
            "from": "the report",
            "action": "Deleted; people in no other record anonymised",
        },
    ]


def _referenced(person_ids: set[int]) -> set[int]:
    """Those of the people still named by a record (an involvement, an intervention, a risk
    assessment, a letter): every protected link to a person, whatever app holds it."""
    found: set[int] = set()
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if (
            relation.many_to_many
            or model is Person
            or model is PersonVulnerability
            or model._meta.app_label == "privacy"
        ):
            continue
        column = relation.field.name
        found |= set(
            model._base_manager.filter(**{f"{column}__in": person_ids}).values_list(
                column, flat=True
            )
        )
    return found


def retention_due(*, now: datetime | None = None) -> RetentionRun:
    """The records past their retention period (people are worked out by applying)."""
    now = now or timezone.now()
    years = settings.RETENTION_YEARS
    cases = list(
        Case.objects.filter(
            status=Case.Status.CLOSED,
            closed_at__lt=years_before(now, years["closed_cases"]),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    loose = Report.objects.filter(
        case__isnull=True, reported_at__lt=years_before(now, years["reports_without_case"])
    )
    return RetentionRun(
        closed_cases=cases,
        reports_without_case=list(loose.order_by("pk").values_list("pk", flat=True)),
        reports_of_closed_cases=list(
            Report.objects.filter(case__in=cases).order_by("pk").values_list("pk", flat=True)
        ),
        documents=list(
            CaseDocument.objects.filter(case__in=cases).order_by("pk").values_list("pk", flat=True)
        ),
    )


class _DryRun(Exception):
    def __init__(self, run: RetentionRun):
        self.run = run


def retention_apply(*, now: datetime | None = None, dry_run: bool = False) -> RetentionRun:
    """Delete and anonymise what the retention rules say has been kept long enough; one audit
    event lists the ids. A dry run does the same in a transaction it then rolls back, so its
    report (people included) is exactly what a run would do."""
    try:
        with transaction.atomic():
            run = retention_due(now=now)
            if any(run.as_dict().values()):
                _remove(run)
            if dry_run:
                raise _DryRun(run)
    except _DryRun as stopped:
        return stopped.run
    logger.info("Retention applied: %s", {name: len(ids) for name, ids in run.as_dict().items()})
    return run


def _remove(run: RetentionRun) -> None:
    reports = run.reports_without_case + run.reports_of_closed_cases
    files = list(CaseDocument.objects.filter(pk__in=run.documents).values_list("file", flat=True))
    named = set(
        ReportPerson.objects.filter(report__in=reports).values_list("person_id", flat=True)
    ) | set(Intervention.objects.filter(case__in=run.closed_cases).values_list("person", flat=True))
    PersonVulnerability.objects.filter(
        source_reference__in=Report.objects.filter(pk__in=reports).values("reference")
    ).delete()
    Report.objects.filter(pk__in=reports).delete()
    Case.objects.filter(pk__in=run.closed_cases).delete()
    # Only people now named in no record at all are anonymised.
    for person in Person.objects.filter(pk__in=named - _referenced(named)).order_by("pk"):
        if not is_anonymised(person):
            run.people_anonymised += person_anonymise(
                person=person, by=None, reason=RETENTION_REASON
            )
    audit.record(
        actor=None,
        action="retention.applied",
        changes={"rules": settings.RETENTION_YEARS, **run.as_dict()},
    )
    transaction.on_commit(lambda: _files_delete(files))


def _files_delete(names: list[str]) -> None:
    """Remove deleted documents' files, once the deletion has committed."""
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)
