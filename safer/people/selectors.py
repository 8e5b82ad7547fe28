"""Reads of person records, always starting from the need-to-know rule."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.module_loading import import_string

from safer.partners.access import (
    can_change,
    can_share,
    can_view_sensitive,
    has_capability,
    visible_to,
)
from safer.partners.roles import Capability
from safer.people.models import Person, PersonVulnerability


def person_list_visible_to(user, *, q: str = "") -> QuerySet[Person]:
    """People the user may see, optionally matching a name, postcode or phone search."""
    people = visible_to(
        user, Person.objects.filter(merged_into__isnull=True).select_related("organisation")
    )
    for term in q.split():
        people = people.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(postcode__icontains=term.replace(" ", ""))
            | Q(postcode__icontains=term)
            | Q(phone__icontains=term)
        )
    return people.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class PersonView:
    """What one user may see of a person: sensitive fields are None without the capability."""

    person: Person
    date_of_birth: date | None
    age: int | None
    vulnerability_notes: str | None
    # Vulnerabilities found (by risk assessments), with their source; None without the capability.
    vulnerabilities: list[PersonVulnerability] | None
    is_under_18: bool
    can_see_sensitive: bool
    can_change: bool
    can_share: bool
    shared_with: list[str]


def person_view_for(user, person: Person, *, today: date | None = None) -> PersonView:
    """Redact a visible person record for this user."""
    today = today or timezone.localdate()
    sensitive = can_view_sensitive(user, person)
    return PersonView(
        person=person,
        date_of_birth=person.date_of_birth if sensitive else None,
        age=person.age_on(today) if sensitive else None,
        vulnerability_notes=person.vulnerability_notes if sensitive else None,
        vulnerabilities=_vulnerabilities_for(user, person) if sensitive else None,
        is_under_18=person.is_under_18_on(today),
        can_see_sensitive=sensitive,
        can_change=can_change(user, person),
        can_share=can_share(user, person),
        shared_with=[org.name for org in person.shared_with.order_by("name")],
    )


def _vulnerabilities_for(user, person: Person) -> list[PersonVulnerability]:
    """A person's vulnerabilities with their sources; a source report the user may not open is
    not named (its reference becomes empty), as no page names a record the reader cannot open."""
    found = list(person.vulnerabilities.select_related("recorded_by"))
    references = {v.source_reference for v in found}
    visible: set[str] = set()
    for path in settings.REPORT_REFERENCES_VISIBLE:
        visible |= import_string(path)(user, references)
    for vulnerability in found:
        if vulnerability.source_reference not in visible:
            vulnerability.source_reference = ""
    return found


def person_match_candidates(user, candidate, *, limit: int = 5) -> list:
    """Visible people who may be the candidate, best first: a narrow indexed query, then fuzzy
    scoring in Python.

    The query asks for the same name key (the last name's Soundex and the first initial, either
    way round), or the same date of birth (either way round), or the same email: a typo in the
    first letter of a surname is still found through the date of birth. A common name can still
    bring hundreds, so the pool is cut at MATCH_POOL after ordering by the strongest evidence
    (birth date, email, postcode, the exact names), which the scoring would rank first anyway.

    A user who may not see dates of birth is matched as if none had been given: otherwise the
    reasons, scores, order or the people found would tell them whether a guessed date is right.
    """
    from safer.people.matching import (
        is_named,
        name_key,
        normalise_postcode,
        rank_matches,
        search_initials,
        search_keys,
    )

    if not is_named(candidate):
        return []  # someone who cannot be named is never matched
    candidate = _matchable_by(user, candidate)
    keys = search_keys(candidate)
    # Under every initial the first name's short and long forms have ("Bill": b, w, l).
    names = {
        name_key(initial, candidate.last_name) for initial in search_initials(candidate.first_name)
    }
    names.add(name_key(candidate.last_name, candidate.first_name))
    names.discard("")
    prefilter = Q()
    evidence = []
    if names:
        prefilter |= Q(name_key__in=names)
    if keys.dates_of_birth:
        prefilter |= Q(date_of_birth__in=keys.dates_of_birth)
        evidence.append((Q(date_of_birth__in=keys.dates_of_birth), 8))
    if keys.email:
        prefilter |= Q(email__iexact=keys.email)
        evidence.append((Q(email__iexact=keys.email), 8))
    if not prefilter:
        return []
    if postcode := normalise_postcode(candidate.postcode):
        evidence.append((Q(postcode__iexact=postcode) | Q(postcode__iexact=_spaced(postcode)), 4))
    for field in ("last_name", "first_name"):
        if value := (getattr(candidate, field) or "").strip():
            evidence.append((Q(**{f"{field}__iexact": value}), 1))
    strength = sum(
        (Case(When(q, then=Value(weight)), default=Value(0)) for q, weight in evidence), Value(0)
    )
    pool = (
        person_list_visible_to(user)
        .filter(prefilter)
        .exclude(first_name="", last_name="")
        .annotate(_evidence=strength)
        .order_by("-_evidence", "pk")[:MATCH_POOL]
    )
    return rank_matches(candidate, pool, threshold=0.75, limit=limit)


MATCH_POOL = 60  # scored in Python, strongest evidence first

# A resident's own account of who they are is linked to an existing record only on strong,
# checkable evidence: the names agree and so does an e-mail address or phone number.
PUBLIC_MATCH_THRESHOLD = 0.95


def person_for_public_reporter(candidate) -> Person | None:
    """The one existing person a web reporter evidently is, or None.

    Searched across every partner's records, as repeat detection counts across them; nothing
    of the record is shown to the resident, it only links their report to it so a repeat
    caller is recognised. Ambiguity (two records as good) links to neither: a caseworker merges
    duplicates, while a wrong link would put one resident's reports on another's record.
    """
    from safer.people.matching import (
        CONTRADICTIONS,
        SAME_EMAIL,
        SAME_PHONE,
        is_named,
        match_score,
        name_key,
        normalise_email,
    )

    if not is_named(candidate) or not (candidate.email or candidate.phone):
        return None
    prefilter = Q(name_key=name_key(candidate.first_name, candidate.last_name))
    if email := normalise_email(candidate.email):
        prefilter |= Q(email__iexact=email)
    strong = []
    for person in Person.objects.filter(prefilter, merged_into=None).order_by("pk")[:MATCH_POOL]:
        match = match_score(candidate, person)
        reasons = set(match.reasons)
        if (
            match.score >= PUBLIC_MATCH_THRESHOLD
            and reasons & {SAME_EMAIL, SAME_PHONE}
            and not reasons & CONTRADICTIONS
        ):
            strong.append(person)
    return strong[0] if len(strong) == 1 else None


@dataclass(frozen=True)
class MatchDetails:
    """What tells two proposed people apart: where they live, their date of birth (None unless
    the user may see it) and their latest report the user may open."""

    address: str
    postcode: str
    date_of_birth: date | None
    last_report_reference: str | None
    last_report_at: datetime | None


def match_details(user, people: list[Person]) -> dict[int, MatchDetails]:
    """Details of proposed matches for this user, by person id. The latest reports come from the
    apps that hold reports (settings.PERSON_LAST_REPORTS), within the access rule."""
    latest: dict[int, tuple[str, datetime]] = {}
    for path in settings.PERSON_LAST_REPORTS:
        for person_id, found in import_string(path)(user, [p.pk for p in people]).items():
            if person_id not in latest or found[1] > latest[person_id][1]:
                latest[person_id] = found
    details = {}
    for person in people:
        reference, at = latest.get(person.pk, (None, None))
        details[person.pk] = MatchDetails(
            address=person.address,
            postcode=person.postcode,
            date_of_birth=person.date_of_birth if can_view_sensitive(user, person) else None,
            last_report_reference=reference,
            last_report_at=at,
        )
    return details


def _matchable_by(user, candidate):
    """The candidate's details this user's matching may use: without the date of birth unless
    they may see it (of the people in the pool, all visible to them, can_view_sensitive comes
    down to the capability). The matcher uses no other sensitive field."""
    from safer.people.matching import PersonData

    if has_capability(user, Capability.VIEW_SENSITIVE):
        return candidate
    fields = ("first_name", "last_name", "postcode", "address", "phone", "email")
    return PersonData(**{field: getattr(candidate, field) or "" for field in fields})


def _spaced(postcode: str) -> str:
    """A normalised postcode as it is stored: "OX165AZ" -> "OX16 5AZ"."""
    return f"{postcode[:-3]} {postcode[-3:]}" if len(postcode) >= 5 else postcode


def person_possible_duplicates(user, person: Person, *, limit: int = 5) -> list:
    """Other records the user may change that may be the same person, best first."""
    from safer.partners.access import can_change

    return [
        (other, match)
        for other, match in person_match_candidates(user, person, limit=limit + 1)
        if other.pk != person.pk and can_change(user, other)
    ][:limit]
