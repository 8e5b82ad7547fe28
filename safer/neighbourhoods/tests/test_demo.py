import pytest

from safer.neighbourhoods import selectors
from safer.neighbourhoods.demo import AREAS, seed_neighbourhoods
from safer.neighbourhoods.models import Neighbourhood

pytestmark = pytest.mark.django_db


def test_demo_neighbourhoods_cover_cherwell_once_and_locate_their_towns():
    assert seed_neighbourhoods() == len(AREAS)
    assert seed_neighbourhoods() == 0
    codes = [c for n in Neighbourhood.objects.all() for c in n.lsoa_codes]
    assert len(codes) == len(set(codes)) == 93  # every committed Cherwell LSOA, once
    assert selectors.neighbourhood_containing(52.0695, -1.3443).slug == "banbury-north-west"
    assert selectors.neighbourhood_containing(51.9040, -1.1530).slug == "bicester"
    for n in Neighbourhood.objects.all():
        assert all(m.name.endswith("-Demo") for m in n.team.all())
        assert selectors.events_upcoming(n).count() == 2
        assert selectors.priorities_current(n).exists()
