"""Reads of the gazetteer: the addresses at a postcode, and what a pin map needs around them."""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count

from safer.places.models import GazetteerAddress
from safer.places.postcodes import POSTCODE_EXAMPLE, postcode_normalised, postcode_sector

# A postcode holds at most about a hundred addresses; a block of flats a few hundred.
MAX_AT_POSTCODE = 500
MAX_NEARBY = 300
CENTRE_CACHE_KEY = "places:gazetteer-centre"
_NUMBER = re.compile(r"(\d+)")
NOT_A_POSTCODE = f"Enter a real postcode, like {POSTCODE_EXAMPLE}"
NOT_LISTED = (
    "No addresses at {postcode} are in the partnership's address list: type the address and "
    "drop a pin on the map"
)


@dataclass(frozen=True)
class AddressSearch:
    """A postcode looked up: what was typed, the postcode it is, the addresses there, and what
    to tell the user when there are none."""

    searched: str = ""
    postcode: str | None = None
    addresses: list = field(default_factory=list)
    problem: str = ""

    @property
    def not_found(self) -> bool:
        return bool(self.postcode) and not self.addresses


def _natural(address: str) -> list:
    """ "2 Imaginary Road" before "10 Imaginary Road", as people read a street."""
    return [int(part) if part.isdigit() else part.lower() for part in _NUMBER.split(address)]


def addresses_at(postcode: str) -> list[GazetteerAddress]:
    """Every address at a normalised postcode, in street order."""
    found = GazetteerAddress.objects.filter(postcode=postcode)[:MAX_AT_POSTCODE]
    return sorted(found, key=lambda a: _natural(a.address))


def address_search(text: str) -> AddressSearch:
    """Look a typed postcode up; nothing typed finds nothing and says nothing."""
    searched = (text or "").strip()[:20]
    if not searched:
        return AddressSearch()
    postcode = postcode_normalised(searched)
    if postcode is None:
        return AddressSearch(searched=searched, problem=NOT_A_POSTCODE)
    found = addresses_at(postcode)
    problem = "" if found else NOT_LISTED.format(postcode=postcode)
    return AddressSearch(searched=searched, postcode=postcode, addresses=found, problem=problem)


def addresses_near(postcode: str) -> list[GazetteerAddress]:
    """Addresses in the postcode's sector ("OX16 1"), to find one's way on a map with no tiles."""
    sector = postcode_sector(postcode)
    return list(GazetteerAddress.objects.filter(postcode__startswith=sector)[:MAX_NEARBY])


def gazetteer_centre() -> tuple[float, float] | None:
    """The middle of the gazetteer's addresses (latitude, longitude), where a map opens when
    nothing nearer is known; None if none are loaded. Cached: it reads the whole table."""

    def centre():
        found = GazetteerAddress.objects.aggregate(
            lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id")
        )
        return (round(found["lat"], 6), round(found["lon"], 6)) if found["n"] else None

    return cache.get_or_set(CENTRE_CACHE_KEY, centre, timeout=3600)
