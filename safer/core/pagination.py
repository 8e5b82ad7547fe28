"""Paging for lists that can grow past what is worth counting exactly."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so a list of a million reports costs a bounded count.

    Past the cap, `capped` is true and the pages stop there: the list says "more than" and
    asks the user to narrow it, since nobody pages through ten thousand rows.
    """

    def __init__(self, object_list, per_page, *, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return min(self.object_list[: self.cap + 1].count(), self.cap)

    @cached_property
    def capped(self) -> bool:
        return self.object_list[self.cap : self.cap + 1].exists()
