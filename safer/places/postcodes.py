"""UK postcodes as the gazetteer stores them: upper case, one space before the inward code."""

import re

from safer.people.matching import normalise_postcode

# The shapes Royal Mail uses (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA), without
# the space; checked for shape only, so a well-formed postcode that does not exist passes.
_SHAPE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
POSTCODE_EXAMPLE = "OX16 1AA"


def postcode_normalised(text: str | None) -> str | None:
    """ "ox161aa" or " OX16  1AA " -> "OX16 1AA"; None if it is not shaped like a postcode."""
    bare = normalise_postcode((text or "")[:20])
    if not _SHAPE.fullmatch(bare):
        return None
    return f"{bare[:-3]} {bare[-3:]}"


def postcode_sector(postcode: str) -> str:
    """ "OX16 1AA" -> "OX16 1": the neighbouring postcodes, a few hundred addresses."""
    return postcode[:-2]
