"""Shared pieces of the case models: risk bands, reference counters, versioning, and the
word search field and lookup."""

import re

from django.conf import settings
from django.db import models


class RiskBand(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


BAND_ORDER = {RiskBand.STANDARD: 0, RiskBand.MEDIUM: 1, RiskBand.HIGH: 2}


# What a stored or searched word may hold (search_words.WORD); anything else is dropped.
SEARCH_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class SearchTerms(models.TextField):
    """Lower-case words separated by single spaces (kept by services/search.py)."""


@SearchTerms.register_lookup
class WordsStartWith(models.Lookup):
    """`search_terms__words_start="ash ox16"`: every given word starts one of the stored words.

    On PostgreSQL the words become a tsvector with a prefix query, which the GIN index of
    migration 0006 answers; elsewhere a LIKE per word (the words hold only a-z, 0-9 and "-",
    so none needs escaping).
    """

    lookup_name = "words_start"

    def _parts(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        wanted = [w for w in str(self.rhs).split() if SEARCH_WORD.fullmatch(w)]
        return lhs, list(lhs_params), wanted

    def as_sql(self, compiler, connection):
        lhs, params, wanted = self._parts(compiler, connection)
        if not wanted:
            return "1 = 1", params
        clauses = " AND ".join(f"(' ' || {lhs} LIKE %s)" for _ in wanted)
        return f"({clauses})", params * len(wanted) + [f"% {w}%" for w in wanted]

    def as_postgresql(self, compiler, connection):
        lhs, params, wanted = self._parts(compiler, connection)
        if not wanted:
            return "1 = 1", params
        query = " & ".join(f"'{w}':*" for w in wanted)
        return f"{CASE_TERMS_VECTOR.format(column=lhs)} @@ %s::tsquery", [*params, query]


# The expression PostgreSQL indexes (migrations 0006, 0009) and WordsStartWith queries.
CASE_TERMS_VECTOR = "array_to_tsvector(string_to_array(btrim({column}), ' '))"


class ReferenceCounter(models.Model):
    """The last number issued for a reference prefix and year (ASB-2026-000123)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Versioned(models.Model):
    """Optimistic locking: a save must name the version it read, or it is refused."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
