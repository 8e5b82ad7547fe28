"""Merge fields: a fixed list, filled by plain substitution.

A template's text is written by co-ordinators, so it is never rendered as a Django or Jinja
template (that would let whoever edits a letter run template code against the server's data).
Each `{{ name }}` is replaced, in one pass, by a plain string from a dictionary built here; the
substituted text is never searched again, so a value that itself contains `{{ ... }}` (a
person's name typed that way) stays as typed. Escaping for HTML and Word happens later, when
the letter is laid out.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

UNKNOWN_FIELD = "{where} uses {{{{ {name} }}}}, which is not a merge field: use one from the list"
UNKNOWN_FIELDS = "{where} uses fields that are not merge fields ({names}): use ones from the list"
UNCLOSED_FIELD = (
    "{where} has a merge field that is not closed: write each one as {{{{ name }}}}, "
    "with two braces on each side"
)


@dataclass(frozen=True)
class MergeField:
    name: str
    meaning: str
    example: str


MERGE_FIELDS: tuple[MergeField, ...] = (
    MergeField("today", "The date the letter is produced", "3 March 2026"),
    MergeField("case.reference", "The case reference", "ASB-2026-000123"),
    MergeField("case.title", "The case title", "Noise from a neighbouring flat"),
    MergeField("case.opened_on", "The date the case was opened", "12 January 2026"),
    MergeField(
        "case.outcome",
        "How the case ended (empty while it is open)",
        "Resolved: the behaviour stopped",
    ),
    MergeField("case.organisation", "The organisation that leads the case", "Example Council"),
    MergeField("recipient.full_name", "The recipient's first and last name", "Robin Example"),
    MergeField("recipient.first_name", "The recipient's first name", "Robin"),
    MergeField("recipient.last_name", "The recipient's last name", "Example"),
    MergeField(
        "recipient.address",
        "The recipient's address, one part a line, with the postcode",
        "1 Imaginary Road\nBanbury\nOX16 1ZZ",
    ),
    MergeField("officer.name", "The name of the officer producing the letter", "Sam Officer"),
    MergeField("officer.organisation", "The officer's organisation", "Example Council"),
    MergeField("officer.email", "The officer's email address", "sam.officer@example.org"),
    MergeField(
        "letter.details",
        "What the officer writes for this letter when producing it: for example the conduct "
        "a warning is about and what must stop, or the date and place of a meeting",
        "Stop playing amplified music that can be heard outside your flat after 11pm.",
    ),
)
FIELD_NAMES: frozenset[str] = frozenset(f.name for f in MERGE_FIELDS)
DETAILS = "letter.details"


def fields_in(text: str) -> list[str]:
    """The merge field names the text uses, in order of first use."""
    return list(dict.fromkeys(match.group(1) for match in FIELD.finditer(text)))


def problems(text: str, where: str) -> list[str]:
    """Why the text cannot be saved as a template: unknown or unclosed merge fields."""
    unknown = [name for name in fields_in(text) if name not in FIELD_NAMES]
    found = []
    if len(unknown) == 1:
        found.append(UNKNOWN_FIELD.format(where=where, name=unknown[0]))
    elif unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        found.append(UNKNOWN_FIELDS.format(where=where, names=names))
    rest = FIELD.sub("", text)
    if "{{" in rest or "}}" in rest:
        found.append(UNCLOSED_FIELD.format(where=where))
    return found


def merge(text: str, values: dict[str, str]) -> str:
    """The text with every merge field replaced by its value, in one pass.

    Raises KeyError for a field missing from `values`; templates are checked when saved, so this
    only happens to a template written some other way, and is refused rather than guessed at.
    """
    return FIELD.sub(lambda match: values[match.group(1)], text)


def address_lines(address: str, postcode: str) -> str:
    """An address as a letter shows it: one part a line, the postcode last."""
    parts = [p.strip() for p in re.split(r"[,\n]", address) if p.strip()]
    if postcode.strip():
        parts.append(postcode.strip().upper())
    return "\n".join(parts)


def merge_values(*, case, recipient, officer, officer_organisation, details: str, today: date):
    """The value of every merge field for one letter, as plain strings."""

    def long_date(day) -> str:
        return date_format(day, "j F Y") if day else ""

    return {
        "today": long_date(today),
        "case.reference": case.reference,
        "case.title": case.title,
        "case.opened_on": long_date(timezone.localtime(case.opened_at).date()),
        "case.outcome": case.get_outcome_display() if case.outcome else "",
        "case.organisation": case.organisation.name,
        "recipient.full_name": recipient.full_name,
        "recipient.first_name": recipient.first_name,
        "recipient.last_name": recipient.last_name,
        "recipient.address": address_lines(recipient.address, recipient.postcode),
        "officer.name": officer.display_name,
        "officer.organisation": officer_organisation.name if officer_organisation else "",
        "officer.email": officer.email,
        DETAILS: details.strip(),
    }


def paragraphs(text: str) -> list[list[str]]:
    """Text as paragraphs (split at blank lines), each a list of its lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text.strip())
    return [[line.rstrip() for line in block.split("\n")] for block in blocks if block.strip()]
