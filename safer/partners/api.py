from ninja import Router, Schema

from safer.accounts.api import OrganisationOut
from safer.core.api_schema import errors
from safer.partners.selectors import organisation_list

router = Router(tags=["partners"])


class OrganisationListOut(Schema):
    items: list[OrganisationOut]
    count: int


@router.get(
    "",
    response={200: OrganisationListOut, **errors()},
    summary="Active partner organisations",
)
def organisations(request):
    items = list(organisation_list())
    return {"items": items, "count": len(items)}
