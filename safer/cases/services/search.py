"""Search words: what a caseworker may look a case or a report up by, kept on each record.

Case search used to look through every report and everyone involved at query time; a common
surname then meant thousands of people, their involvements and their cases (13x the framework's
floor at 100,000 cases). Keeping the words on the case turns a search into one indexed lookup on
one table (a GIN index on PostgreSQL, migration 0006), at the price of refreshing the words
whenever one of their sources changes: the case opens or is retitled, a report is recorded,
attached or corrected, or someone involved is renamed or merged. Reports keep their own words
the same way (migration 0009), for the reports list.

A term matches a word that starts with it, so "Ash" finds Ashvale, "OX16" finds every OX16
postcode and a full postcode or reference finds just that one.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from safer.cases.models import Case, Report, ReportPerson
from safer.cases.search_words import index_words, postcode_words

REFRESH_BATCH = 2000


def report_words(*, reference: str, address: str, postcode: str, names) -> str:
    """A report's search words: its reference, address, postcode and the names of its people."""
    found = index_words(reference) | index_words(address) | postcode_words(postcode)
    for first, last in names:
        found |= index_words(first) | index_words(last)
    return " ".join(sorted(found))


def case_search_refresh(case_ids: Iterable[int], *, models=(Case, Report, ReportPerson)) -> None:
    """Work out the search terms of these cases again from their reports and people.

    `models` lets migration 0006 fill the terms in with its historical models.
    """
    _in_batches(case_ids, _refresh_cases, models)


def report_search_refresh(
    report_ids: Iterable[int], *, models=(Case, Report, ReportPerson)
) -> None:
    """Work out the search words of these reports again (migration 0009 passes its models)."""
    _in_batches(report_ids, _refresh_reports, models)


def case_search_rebuild(*, models=(Case, Report, ReportPerson)) -> int:
    """Refresh every case; returns how many (migration 0006 passes its models)."""
    cases = list(models[0].objects.order_by("pk").values_list("pk", flat=True))
    case_search_refresh(cases, models=models)
    return len(cases)


def search_rebuild() -> tuple[int, int]:
    """Refresh every report and case (after a bulk load or restore): how many of each."""
    reports = list(Report.objects.order_by("pk").values_list("pk", flat=True))
    report_search_refresh(reports)
    return len(reports), case_search_rebuild()


def _in_batches(ids: Iterable[int], refresh, models) -> None:
    ids = sorted(set(ids))
    for start in range(0, len(ids), REFRESH_BATCH):
        with transaction.atomic():
            refresh(ids[start : start + REFRESH_BATCH], *models)


def _names(involvement_model, key: str, ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    """The names of the people involved, by report or case id (`key`)."""
    names: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for owner, first, last in (
        involvement_model.objects.filter(**{f"{key}__in": ids})
        .values_list(key, "person__first_name", "person__last_name")
        .distinct()
    ):
        names[owner].add((first, last))
    return names


def _refresh_reports(report_ids: list[int], case_model, report_model, involvement_model) -> None:
    names = _names(involvement_model, "report_id", report_ids)
    reports = [
        report_model(
            pk=pk,
            search_terms=report_words(
                reference=reference, address=address, postcode=postcode, names=names[pk]
            ),
        )
        for pk, reference, address, postcode in report_model.objects.filter(
            pk__in=report_ids
        ).values_list("pk", "reference", "address", "postcode")
    ]
    report_model.objects.bulk_update(reports, ["search_terms"], batch_size=500)


def _refresh_cases(case_ids: list[int], case_model, report_model, involvement_model) -> None:
    terms: dict[int, set[str]] = defaultdict(set)
    for pk, reference, title in case_model.objects.filter(pk__in=case_ids).values_list(
        "pk", "reference", "title"
    ):
        terms[pk] |= index_words(reference) | index_words(title)
    for case_id, reference, address, postcode in report_model.objects.filter(
        case_id__in=case_ids
    ).values_list("case_id", "reference", "address", "postcode"):
        terms[case_id] |= index_words(reference) | index_words(address)
        terms[case_id] |= postcode_words(postcode)
    for case_id, people in _names(involvement_model, "case_id", case_ids).items():
        for first, last in people:
            terms[case_id] |= index_words(first) | index_words(last)
    cases = [case_model(pk=pk, search_terms=" ".join(sorted(found))) for pk, found in terms.items()]
    case_model.objects.bulk_update(cases, ["search_terms"], batch_size=500)


def person_search_refresh(person) -> None:
    """Someone involved was renamed or merged: their reports and cases search by new words."""
    involvements = ReportPerson.objects.filter(person=person)
    report_search_refresh(involvements.values_list("report_id", flat=True))
    case_search_refresh(
        involvements.filter(case__isnull=False).values_list("case_id", flat=True).distinct()
    )
