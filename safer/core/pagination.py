"""Paging for lists that can grow past what is worth counting exactly."""

from functools import cached_property

from django.core.paginator import Paginator
from pydantic import Field

from safer.core.api_schema import InputSchema

LIST_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows, so a list of a million reports costs a bounded count.

    Past the cap, `capped` is true and the pages stop there: the list says "more than" and
    asks the user to narrow it, since nobody pages through ten thousand rows.
    """

    def __init__(self, object_list, per_page, *, cap: int = LIST_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return min(self.object_list[: self.cap + 1].count(), self.cap)

    @cached_property
    def capped(self) -> bool:
        return self.object_list[self.cap : self.cap + 1].exists()


PAGE_SIZE_MAX = 200


class PageQuery(InputSchema):
    """`limit` and `offset` of an API list; out of range is a 422 naming them, never a clamp
    or a number too big for the database."""

    limit: int = Field(50, ge=1, le=PAGE_SIZE_MAX, description="Rows per page")
    offset: int = Field(0, ge=0, le=LIST_CAP, description="Rows to skip")
