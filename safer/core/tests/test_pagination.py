import pytest

from safer.core.pagination import CappedPaginator
from safer.partners.models import Organisation
from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_counts_stop_at_the_cap_and_say_so():
    for n in range(5):
        OrganisationFactory(name=f"Org {n}")
    everything = Organisation.objects.order_by("pk")

    capped = CappedPaginator(everything, 2, cap=3)
    assert (capped.count, capped.num_pages, capped.capped) == (3, 2, True)
    assert len(capped.page(2).object_list) == 1

    exact = CappedPaginator(everything, 2, cap=5)
    assert (exact.count, exact.capped) == (5, False)
