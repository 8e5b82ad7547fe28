"""API authentication (session or personal bearer token) and the caller's own profile."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from safer.accounts.services import api_token_authenticate
from safer.core.api_schema import errors
from safer.partners.access import membership_of


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer sc_...` with a personal token from `manage.py create_api_token`."""

    openapi_description = "Personal API token from `manage.py create_api_token USERNAME`"

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(secret=token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for unsafe methods)."""


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    username: str
    name: str
    role: str | None
    organisation: OrganisationOut | None
    approval: str | None = Field(
        description="approved, or pending / refused while the role grants nothing"
    )


router = Router(tags=["accounts"])


@router.get(
    "/me",
    response={200: MeOut, **errors()},
    summary="The signed-in user, their role and organisation",
)
def me(request):
    membership = membership_of(request.user)
    return {
        "username": request.user.username,
        "name": request.user.display_name,
        "role": membership.role if membership else None,
        "organisation": membership.organisation if membership else None,
        "approval": membership.approval if membership else None,
    }
