"""GET /api/v1/addresses: the gazetteer's addresses at a postcode, for signed-in staff."""

from ninja import Field, Query, Router, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from safer.core.api_schema import InputSchema, errors
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.places.postcodes import POSTCODE_EXAMPLE, postcode_normalised
from safer.places.selectors import NOT_A_POSTCODE, addresses_at

router = Router(tags=["addresses"])


class AddressQuery(InputSchema):
    postcode: str = Field(
        ..., max_length=20, description=f"A UK postcode, spaced or not: {POSTCODE_EXAMPLE}"
    )

    @field_validator("postcode")
    @classmethod
    def _shaped(cls, value: str) -> str:
        postcode = postcode_normalised(value)
        if postcode is None:
            raise PydanticCustomError("postcode", NOT_A_POSTCODE)
        return postcode


class AddressOut(Schema):
    uprn: str
    address: str
    postcode: str
    latitude: float = Field(description="WGS84, computed from the gazetteer's easting")
    longitude: float = Field(description="WGS84, computed from the gazetteer's northing")


@router.get(
    "/addresses",
    response={200: list[AddressOut], **errors(403, 422)},
    summary="Addresses at a postcode",
    description="The partnership's gazetteer (loaded with `manage.py import_addresses`), in "
    "street order; an empty list where the postcode is not in it.",
)
def address_list(request, query: Query[AddressQuery]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    return addresses_at(query.postcode)
