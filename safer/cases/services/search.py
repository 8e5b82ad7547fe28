"""Each case's search terms: the words a caseworker may look a case up by, kept on the case.

Case search used to look through every report and everyone involved at query time; a common
surname then meant thousands of people, their involvements and their cases (13x the framework's
floor at 100,000 cases). Keeping the words on the case turns a search into one indexed lookup on
one table (a GIN index on PostgreSQL, migration 0006), at the price of refreshing the words
whenever one of their sources changes: the case opens or is retitled, a report is attached or
corrected, or someone involved is renamed or merged.

A term matches a word that starts with it, so "Ash" finds Ashvale, "OX16" finds every OX16
postcode and a full postcode or reference finds just that one.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from safer.cases.models import Case, Report, ReportPerson
from safer.cases.search_words import index_words, postcode_words

REFRESH_BATCH = 2000


def case_search_refresh(case_ids: Iterable[int], *, models=(Case, Report, ReportPerson)) -> None:
    """Work out the search terms of these cases again from their reports and people.

    `models` lets migration 0006 fill the terms in with its historical models.
    """
    case_ids = sorted(set(case_ids))
    for start in range(0, len(case_ids), REFRESH_BATCH):
        with transaction.atomic():
            _refresh_batch(case_ids[start : start + REFRESH_BATCH], *models)


def case_search_rebuild(*, models=(Case, Report, ReportPerson)) -> int:
    """Refresh every case (after a bulk load or restore); returns how many."""
    ids = list(models[0].objects.order_by("pk").values_list("pk", flat=True))
    case_search_refresh(ids, models=models)
    return len(ids)


def _refresh_batch(case_ids: list[int], case_model, report_model, involvement_model) -> None:
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
    for case_id, first, last in (
        involvement_model.objects.filter(case_id__in=case_ids)
        .values_list("case_id", "person__first_name", "person__last_name")
        .distinct()
    ):
        terms[case_id] |= index_words(first) | index_words(last)
    cases = [case_model(pk=pk, search_terms=" ".join(sorted(found))) for pk, found in terms.items()]
    case_model.objects.bulk_update(cases, ["search_terms"], batch_size=500)


def person_cases_refresh(person) -> None:
    """Someone involved was renamed or merged: the cases they appear in search by new words."""
    case_search_refresh(
        ReportPerson.objects.filter(person=person, case__isnull=False)
        .values_list("case_id", flat=True)
        .distinct()
    )
