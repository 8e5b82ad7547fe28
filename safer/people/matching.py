"""Typo-tolerant person matching, so one person is not recorded five times.

Pure Python on purpose: the caller narrows candidates in the database with search_keys() and scores
the few that come back with match_score(). Scoring adds evidence for and against, as record linkage
does (Fellegi-Sunter style weights), and turns the total into 0..1: agreeing names alone give about
0.7, names with the same date of birth or phone number well over 0.9. A clearly different date of
birth or first name caps the score below 0.5 whatever else agrees, because a household shares its
address and landline: a father and son of the same name, or twins, are different people. Reasons
never repeat the personal data, so they are safe to show and to log; but they and the score do
depend on it, so a caller leaves out what the user may not see (person_match_candidates drops the
date of birth for users without view_sensitive), or guesses could be checked against them.
"""

import heapq
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar


class PersonLike(Protocol):
    """Anything with these attributes: a Person row, a form's cleaned data in PersonData."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    postcode: str
    address: str
    phone: str
    email: str


@dataclass(frozen=True)
class PersonData:
    """A person typed in at intake, before it is saved or matched."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Match:
    """How alike two records are (0..1) and why, in words a caseworker can check."""

    score: float
    reasons: list[str]


P = TypeVar("P", bound=PersonLike)

# Reasons, as module constants the tests and templates reuse.
SAME_LAST_NAME = "Same last name"
LAST_NAME_TYPO = "Last name differs by a small typo"
LAST_NAME_DIFFERENT = "Different last name"
SAME_FIRST_NAME = "Same first name"
FIRST_NAME_NICKNAME = "First name is a common short form of the other"
FIRST_NAME_TYPO = "First name differs by a small typo"
FIRST_NAME_INITIAL = "First name matches an initial"
FIRST_NAME_PART = "First name shares a name with the other (a middle name?)"
LAST_NAME_PART = "Last name shares a name with the other (double-barrelled?)"
FIRST_NAME_DIFFERENT = "Different first name"
NAMES_SWAPPED = "First and last names swapped"
SAME_DOB = "Same date of birth"
DOB_DAY_MONTH_SWAPPED = "Date of birth with day and month swapped"
DOB_CLOSE = "Date of birth differs in one part"
DOB_DIFFERENT = "Different date of birth"
SAME_PHONE = "Same phone number"
SAME_EMAIL = "Same email address"
SAME_POSTCODE = "Same postcode"
SAME_POSTCODE_AREA = "Same postcode district"
SAME_ADDRESS = "Same address"
SIMILAR_ADDRESS = "Similar address"

# Evidence weights (log-odds): positive for agreement, negative for disagreement, 0 when missing.
WEIGHTS = {
    SAME_LAST_NAME: 4.0,
    LAST_NAME_TYPO: 3.0,
    LAST_NAME_PART: 2.5,
    LAST_NAME_DIFFERENT: -3.0,
    SAME_FIRST_NAME: 2.5,
    FIRST_NAME_NICKNAME: 2.0,
    FIRST_NAME_TYPO: 1.5,
    FIRST_NAME_INITIAL: 0.5,
    FIRST_NAME_PART: 1.5,
    FIRST_NAME_DIFFERENT: -3.0,
    NAMES_SWAPPED: -0.5,
    SAME_DOB: 4.0,
    DOB_DAY_MONTH_SWAPPED: 2.5,
    DOB_CLOSE: 0.5,
    DOB_DIFFERENT: -5.0,
    SAME_PHONE: 3.5,
    SAME_EMAIL: 3.5,
    SAME_POSTCODE: 1.5,
    SAME_POSTCODE_AREA: 0.5,
    SAME_ADDRESS: 2.0,
    SIMILAR_ADDRESS: 1.0,
}
# Total evidence at which the score is 0.5: a little under an exact name match.
SCORE_MIDPOINT = 5.5
# Evidence that two records are different people, whatever else they share.
CONTRADICTIONS = {DOB_DIFFERENT, FIRST_NAME_DIFFERENT}
CONTRADICTION_CAP = 0.45

# Common English short forms; each group is one name. Spelling variants count the same way
# ("Charly" is a spelling of "Charlie"). A name may sit in several groups ("Chris", "Sam", "Jon"):
# two names match when they share any group. Matching also looks people up under every initial
# of a first name's groups (search_initials), so "Bill" finds "William" whatever the key says.
# Keep a group to forms in common use: a wrong one proposes strangers as the same person.
NICKNAMES = [
    "alexander alex alec sandy xander",
    "alexandra alex alexa sandra sasha lexi",
    "andrew andy drew",
    "anthony antony tony ant",
    "benjamin ben benny",
    "catherine katherine kathryn cathy kathy kate katie kath cath kitty",
    "charles charlie charly charley chas chuck",
    "charlotte charlie charly lottie lotty",
    "christopher chris kit",
    "christine christina chris chrissie tina",
    "daniel dan danny",
    "david dave davey davie",
    "deborah debora debbie deb",
    "edward ed eddie ted teddy ned",
    "elizabeth liz lizzie beth betty bethany eliza elisabeth libby",
    "frederick fred freddie",
    "gerald gerard gerry jerry",
    "henry harry hal hank",
    "jacqueline jackie jacky",
    "james jim jimmy jamie",
    "jennifer jen jenny",
    "john jon jonny johnny jack",
    "jonathan jon jonny",
    "joseph joe joey",
    "katherine kate katie",
    "margaret maggie meg peggy maisie",
    "matthew matt matty",
    "michael mike mick mickey micky",
    "mohammed muhammad mohammad mohamed muhammed",
    "nicholas nick nicky",
    "patricia pat patty trish tricia",
    "peter pete",
    "rebecca becky becca",
    "richard rich richie rick ricky dick",
    "robert rob robbie bob bobby bert",
    "samuel sam sammy",
    "samantha sam sammie",
    "stephen steven steve stevie",
    "susan sue susie suzanne",
    "thomas tom tommy",
    "victoria vicky vikki tori",
    "william will bill billy liam",
    "mary molly polly",
    "sarah sally sara",
    "ann anne anna annie nan",
    "helen ellen nell",
    "alfred alf alfie fred",
]
_NICKNAME_GROUPS: dict[str, set[int]] = {}
for _index, _group in enumerate(NICKNAMES):
    for _name in _group.split():
        _NICKNAME_GROUPS.setdefault(_name, set()).add(_index)

ADDRESS_WORDS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "cresc": "crescent",
    "dr": "drive",
    "gdns": "gardens",
    "gr": "grove",
    "ln": "lane",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "apartment": "flat",
    "apt": "flat",
}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


# ---------------------------------------------------------------------------------------------
# Normalisation


# The pure string functions below are cached: a pool of candidates repeats the same names and
# postcodes many times over, and scoring it is on the intake path.
_CACHE = 8192


@lru_cache(maxsize=_CACHE)
def _fold(text: str | None) -> str:
    """Lower case without accents: "Zoë" -> "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=_CACHE)
def normalise_name(name: str | None) -> str:
    """Letters and digits only, lower case, accents dropped: "O'Brien-Smith " -> "obriensmith"."""
    return _NOT_ALNUM.sub("", _fold(name))


@lru_cache(maxsize=_CACHE)
def normalise_postcode(postcode: str | None) -> str:
    """Upper case without spaces or punctuation: "ox16 5az" -> "OX165AZ"."""
    return re.sub(r"[^A-Z0-9]", "", (postcode or "").upper())


def postcode_district(postcode: str | None) -> str:
    """The outward code (before the space): "OX16 5AZ" -> "OX16"; "" if too short to tell."""
    normalised = normalise_postcode(postcode)
    return normalised[:-3] if len(normalised) >= 5 else ""


def normalise_phone(phone: str | None) -> str:
    """UK numbers in national form (+44 7700 900123 -> 07700900123); others keep their + prefix."""
    raw = (phone or "").strip()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if digits.startswith("44"):
            return "0" + digits[2:].removeprefix("0")  # "+44 (0)1295" is common
        return "+" + digits if digits else ""
    if digits.startswith("44") and len(digits) == 12:
        return "0" + digits[2:]
    return digits


def normalise_email(email: str | None) -> str:
    """Trimmed and lower case; mailbox rules beyond that differ by provider, so stop there."""
    return (email or "").strip().lower()


@lru_cache(maxsize=_CACHE)
def normalise_address(address: str | None) -> str:
    """Lower-case words, punctuation dropped, common abbreviations spelt out ("Rd" -> "road")."""
    words = _NOT_ALNUM.sub(" ", _fold(address)).split()
    return " ".join(ADDRESS_WORDS.get(word, word) for word in words)


# ---------------------------------------------------------------------------------------------
# String similarity, small enough to keep here rather than add a dependency


def damerau_levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) between two strings (OSA variant)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def jaro_winkler(a: str, b: str, *, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity (0..1): it favours strings that agree at the start, as names do."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_matched = [False] * len(a)
    b_matched = [False] * len(b)
    matches = 0
    for i, ca in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_matched[j] and b[j] == ca:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_chars = [c for c, m in zip(a, a_matched, strict=True) if m]
    b_chars = [c for c, m in zip(b, b_matched, strict=True) if m]
    transpositions = sum(x != y for x, y in zip(a_chars, b_chars, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


@lru_cache(maxsize=_CACHE)
def is_small_typo(a: str, b: str) -> bool:
    """One edit in a short name, two in a longer one (8+ letters), or Jaro-Winkler of 0.93+."""
    if not a or not b:
        return False
    allowed = 1 if min(len(a), len(b)) < 8 else 2
    if min(len(a), len(b)) < 3:
        allowed = 0  # "Al" and "Ed" are one edit from far too much
    return damerau_levenshtein(a, b) <= allowed or (
        min(len(a), len(b)) >= 4 and jaro_winkler(a, b) >= 0.93
    )


_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def soundex(name: str) -> str:
    """American Soundex of a normalised name ("ashvale" -> "A214"); "" for no letters.

    Typos after the first letter and spelling variants mostly keep the code ("Smith", "Smyth"),
    so it blocks candidates for matching much more tightly than a prefix does.
    """
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return ""
    code, previous = [letters[0].upper()], _SOUNDEX_CODES.get(letters[0], "")
    for c in letters[1:]:
        digit = _SOUNDEX_CODES.get(c, "")
        if digit and digit != previous:
            code.append(digit)
        if c not in "hw":  # h and w do not separate letters with the same code
            previous = digit
    return "".join(code)[:4].ljust(4, "0")


@lru_cache(maxsize=_CACHE)
def name_key(first_name: str | None, last_name: str | None) -> str:
    """The key people are stored and looked up under for matching: the last name's Soundex and
    the first name's initial ("Sam Ashvale" -> "A214s"); "" without a last name."""
    last, first = normalise_name(last_name), normalise_name(first_name)
    code = soundex(last)
    return f"{code}{first[:1]}" if code else ""


def are_nicknames(a: str, b: str) -> bool:
    """Whether two normalised first names are listed as forms of the same name."""
    return bool(_NICKNAME_GROUPS.get(a, set()) & _NICKNAME_GROUPS.get(b, set()))


def search_initials(first_name: str | None) -> set[str]:
    """The first-name initials to look a person up under: their own, and those of every form of
    their name in NICKNAMES ("Bill" -> b, w, l), so a short form finds the full name."""
    first = normalise_name(first_name)
    if not first:
        return {""}
    initials = {first[0]}
    for index in _NICKNAME_GROUPS.get(first, set()):
        initials.update(name[0] for name in NICKNAMES[index].split())
    return initials


def is_named(person: PersonLike) -> bool:
    """Whether a record has a name to match on: someone who cannot be named never matches."""
    return bool(normalise_name(person.first_name) or normalise_name(person.last_name))


def same_people_within(
    people: list[PersonLike], threshold: float = 0.75
) -> list[tuple[int, int, Match]]:
    """Pairs (i, j) of the people entered together (one form) that look like the same person,
    as indexes into `people`: the same person typed twice is caught before anything is saved.
    People without a name are left out."""
    pairs = []
    for i, first in enumerate(people):
        for j in range(i + 1, len(people)):
            if not (is_named(first) and is_named(people[j])):
                continue
            match = match_score(first, people[j])
            if match.score >= threshold:
                pairs.append((i, j, match))
    return pairs


# ---------------------------------------------------------------------------------------------
# Scoring


@lru_cache(maxsize=_CACHE)
def _parts(raw: str) -> frozenset[str]:
    """The separate names in a field: "Smith-Jones" -> {"smith", "jones"}."""
    return frozenset(word for word in _NOT_ALNUM.split(_fold(raw)) if len(word) >= 2)


def _last_name_evidence(a: str, b: str, raw_a: str, raw_b: str) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return SAME_LAST_NAME
    if is_small_typo(a, b):
        return LAST_NAME_TYPO
    return LAST_NAME_PART if _parts(raw_a) & _parts(raw_b) else LAST_NAME_DIFFERENT


def _first_name_evidence(a: str, b: str, raw_a: str, raw_b: str) -> str | None:
    if not a or not b:
        return None
    if a == b:
        # "J" against "J." is an initial on both sides, not the same name.
        return FIRST_NAME_INITIAL if len(a) == 1 else SAME_FIRST_NAME
    if are_nicknames(a, b):
        return FIRST_NAME_NICKNAME
    if is_small_typo(a, b):
        return FIRST_NAME_TYPO
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return FIRST_NAME_INITIAL
    # Middle names typed into the first-name box: "Mary Jane" against "Mary".
    return FIRST_NAME_PART if _parts(raw_a) & _parts(raw_b) else FIRST_NAME_DIFFERENT


def _name_evidence(candidate: PersonLike, existing: PersonLike) -> list[str]:
    first_a, last_a = normalise_name(candidate.first_name), normalise_name(candidate.last_name)
    first_b, last_b = normalise_name(existing.first_name), normalise_name(existing.last_name)
    straight = [
        _last_name_evidence(last_a, last_b, candidate.last_name, existing.last_name),
        _first_name_evidence(first_a, first_b, candidate.first_name, existing.first_name),
    ]
    swapped = [
        _last_name_evidence(last_a, first_b, candidate.last_name, existing.first_name),
        _first_name_evidence(first_a, last_b, candidate.first_name, existing.last_name),
        NAMES_SWAPPED,
    ]
    straight_reasons = [r for r in straight if r]
    swapped_reasons = [r for r in swapped if r]
    if _total(swapped_reasons) > _total(straight_reasons) and all(
        r not in (LAST_NAME_DIFFERENT, *CONTRADICTIONS) for r in swapped_reasons
    ):
        return swapped_reasons
    return straight_reasons


def _dob_evidence(a: date | None, b: date | None) -> str | None:
    if a is None or b is None:
        return None
    if a == b:
        return SAME_DOB
    if a.year == b.year and (a.day, a.month) == (b.month, b.day):
        return DOB_DAY_MONTH_SWAPPED
    same_parts = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    return DOB_CLOSE if same_parts == 2 else DOB_DIFFERENT


def _contact_evidence(candidate: PersonLike, existing: PersonLike) -> list[str]:
    reasons = []
    phone = normalise_phone(candidate.phone)
    if len(phone) >= 10 and phone == normalise_phone(existing.phone):
        reasons.append(SAME_PHONE)
    email = normalise_email(candidate.email)
    if "@" in email and email == normalise_email(existing.email):
        reasons.append(SAME_EMAIL)
    return reasons


def _place_evidence(candidate: PersonLike, existing: PersonLike) -> list[str]:
    reasons = []
    postcode = normalise_postcode(candidate.postcode)
    other_postcode = normalise_postcode(existing.postcode)
    if postcode and postcode == other_postcode:
        reasons.append(SAME_POSTCODE)
    elif postcode_district(postcode) and postcode_district(postcode) == postcode_district(
        other_postcode
    ):
        reasons.append(SAME_POSTCODE_AREA)
    address = normalise_address(candidate.address)
    other_address = normalise_address(existing.address)
    if address and other_address:
        if address == other_address:
            reasons.append(SAME_ADDRESS)
        elif _addresses_similar(address, other_address):
            reasons.append(SIMILAR_ADDRESS)
    return reasons


def _addresses_similar(a: str, b: str) -> bool:
    """Same house numbers and most words in common: "12 High St" and "12, High Street, Banbury"."""
    words_a, words_b = set(a.split()), set(b.split())
    numbers_a = {w for w in words_a if any(c.isdigit() for c in w)}
    numbers_b = {w for w in words_b if any(c.isdigit() for c in w)}
    if numbers_a != numbers_b:
        return False
    overlap = len(words_a & words_b) / min(len(words_a), len(words_b))
    return overlap >= 0.75


def _total(reasons: Iterable[str]) -> float:
    return sum(WEIGHTS[r] for r in reasons)


def match_score(candidate: PersonLike, existing: PersonLike) -> Match:
    """How likely two records are the same person (0..1), with the evidence for and against."""
    reasons = _name_evidence(candidate, existing)
    dob = _dob_evidence(candidate.date_of_birth, existing.date_of_birth)
    if dob:
        reasons.append(dob)
    reasons += _contact_evidence(candidate, existing)
    reasons += _place_evidence(candidate, existing)
    score = 1 / (1 + math.exp(-(_total(reasons) - SCORE_MIDPOINT)))
    if CONTRADICTIONS.intersection(reasons):
        score = min(score, CONTRADICTION_CAP)
    return Match(score=round(score, 3), reasons=reasons)


def rank_matches(
    candidate: PersonLike, existing: Iterable[P], threshold: float = 0.6, limit: int = 10
) -> list[tuple[P, Match]]:
    """The existing records scoring at least threshold, best first, at most limit of them."""
    scored = (
        (index, person, match_score(candidate, person)) for index, person in enumerate(existing)
    )
    kept = (item for item in scored if item[2].score >= threshold)
    best = heapq.nsmallest(limit, kept, key=lambda item: (-item[2].score, item[0]))
    return [(person, match) for _, person, match in best]


# ---------------------------------------------------------------------------------------------
# Database prefilter


@dataclass(frozen=True)
class SearchKeys:
    """Cheap keys to find possible matches in the database before scoring them here.

    OR these together in the query: last names starting with last_name_prefix, first names
    starting with first_name_prefix (catches a typo in the last name's first letters), either date
    of birth, the phone number, the email address, the postcode. Phone and postcode compare
    normalised values, so store them normalised (normalise_phone, normalise_postcode).
    """

    last_name_prefix: str
    first_name_prefix: str
    dates_of_birth: tuple[date, ...]
    phone: str
    email: str
    postcode: str


def search_keys(candidate: PersonLike) -> SearchKeys:
    """The prefilter keys for a candidate; an empty string or tuple means "no key here"."""
    dates: tuple[date, ...] = ()
    dob = candidate.date_of_birth
    if dob is not None:
        dates = (dob,)
        if dob.day <= 12 and dob.day != dob.month:
            dates += (date(dob.year, dob.day, dob.month),)
    phone = normalise_phone(candidate.phone)
    email = normalise_email(candidate.email)
    return SearchKeys(
        last_name_prefix=normalise_name(candidate.last_name)[:2],
        first_name_prefix=normalise_name(candidate.first_name)[:2],
        dates_of_birth=dates,
        phone=phone if len(phone) >= 10 else "",
        email=email if "@" in email else "",
        postcode=normalise_postcode(candidate.postcode),
    )
