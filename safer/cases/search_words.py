"""The words a case is found by, shared by the writes that store them (services/search.py) and
the case search that asks for them (selectors.py), so both cut text into words the same way."""

import re

# A full postcode, with or without its space.
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)
APOSTROPHES = str.maketrans("", "", "'\u2019")
# Must match models.SEARCH_WORD, which checks what reaches the database.
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower case, apostrophes dropped ("O'Brien" -> "obrien"), hyphenated words kept whole
    ("asb-2026-000123")."""
    return WORD.findall((text or "").lower().translate(APOSTROPHES))


def index_words(text: str) -> set[str]:
    """Words to store for a text: each word, and the parts of a hyphenated one."""
    found = set()
    for word in words(text):
        found.add(word)
        if "-" in word:
            found.update(word.split("-"))
    return found


def postcode_words(postcode: str) -> set[str]:
    """A postcode's words, and the postcode without its space ("ox165az")."""
    found = index_words(postcode)
    compact = "".join(words(postcode))
    if compact:
        found.add(compact)
    return found


def query_words(q: str) -> list[str]:
    """The words a search asks for (all must match); a full postcode is one word, without its
    space, so "OX16 5AZ" finds that postcode and not every OX16 with a 5AZ elsewhere."""
    postcodes = ["".join(words(outward + inward)) for outward, inward in POSTCODE.findall(q)]
    return postcodes + words(POSTCODE.sub(" ", q))
