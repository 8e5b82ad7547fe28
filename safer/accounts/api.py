"""API authentication (session or personal bearer token) and the caller's own profile."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from safer.accounts.services import TokenRefused, api_token_authenticate, token_limited_message
from safer.core.api_schema import errors
from safer.core.middleware import client_ip
from safer.core.ratelimit import RateLimited
from safer.partners.access import membership_of


class TokenLimited(HttpError):
    """429 with Retry-After: too many failed token authentications (config/api.py answers it)."""

    def __init__(self, refused: RateLimited):
        super().__init__(429, token_limited_message(refused))
        self.retry_after = refused.retry_after


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer sc_...` with a personal token from the account page or
    `manage.py create_api_token`. Expired or revoked tokens answer 401 saying so; too many
    failures from one address or for one key id answer 429 with Retry-After."""

    openapi_description = (
        "Personal API token from the account page or `manage.py create_api_token USERNAME`"
    )

    def authenticate(self, request: HttpRequest, token: str):
        try:
            user = api_token_authenticate(secret=token, client_ip=client_ip(request))
        except TokenRefused as refused:
            raise HttpError(401, str(refused)) from None
        except RateLimited as refused:
            raise TokenLimited(refused) from None
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
