"""Reads: which template version is in force for an organisation, its history, recipients."""

import importlib

from django.apps import apps
from django.db.models import Q

from safer.cases.models import Case
from safer.cases.selectors import case_people
from safer.letters.models import Letter, LetterTemplate
from safer.partners.models import Organisation
from safer.people.models import Person


def _latest(queryset) -> LetterTemplate | None:
    return queryset.select_related("edited_by", "organisation").order_by("-version").first()


def _scope(organisation: Organisation | None) -> Q:
    """The organisation's own templates and the partnership defaults."""
    defaults = Q(organisation=None)
    return defaults | Q(organisation=organisation) if organisation is not None else defaults


def defaults_ensure() -> None:
    """The partnership's default letters are always there. Migration 0002 adds them; a
    database that lost them (data restored from before letters existed, a test database emptied
    between tests) gets them back here, from that migration's own text, the first time a letter
    is asked for."""
    if LetterTemplate.objects.filter(organisation=None).exists():
        return
    migration = importlib.import_module("safer.letters.migrations.0002_default_templates")
    migration.add_defaults(apps, None)


def template_current(organisation: Organisation | None, kind: str) -> LetterTemplate | None:
    """The version of a kind of letter the organisation's staff produce: its own latest edit,
    or the partnership default while it has made none."""
    defaults_ensure()
    if organisation is not None:
        own = _latest(LetterTemplate.objects.filter(organisation=organisation, kind=kind))
        if own is not None:
            return own
    return _latest(LetterTemplate.objects.filter(organisation=None, kind=kind))


def templates_in_force(organisation: Organisation | None) -> list[LetterTemplate]:
    """The version in force of every kind of letter for the organisation, in the list's order
    (kinds with no template at all are left out)."""
    defaults_ensure()
    rows = LetterTemplate.objects.filter(_scope(organisation)).values_list(
        "pk", "kind", "organisation_id", "version"
    )
    best: dict[str, tuple[bool, int, int]] = {}
    for pk, kind, organisation_id, version in rows:
        key = (organisation_id is not None, version, pk)
        if kind not in best or key > best[kind]:
            best[kind] = key
    chosen = LetterTemplate.objects.select_related("edited_by", "organisation").in_bulk(
        [key[2] for key in best.values()]
    )
    order = list(LetterTemplate.Kind.values)
    return sorted(chosen.values(), key=lambda t: order.index(t.kind))


def template_history(organisation: Organisation | None, kind: str) -> list[LetterTemplate]:
    """Every version of a kind the organisation may have used, newest first: its own edits and
    the partnership defaults."""
    defaults_ensure()
    return list(
        LetterTemplate.objects.filter(_scope(organisation), kind=kind)
        .select_related("edited_by", "organisation")
        .order_by("-version", "-organisation_id")
    )


def letter_recipients(user, case: Case) -> list[tuple[Person, list[str]]]:
    """Who a letter on the case may go to: the people in its reports the user may open."""
    return case_people(user, case)


def case_letters(case: Case):
    """The letters produced on a case, newest first."""
    return Letter.objects.filter(case=case).select_related("template", "produced_by")
