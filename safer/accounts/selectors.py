"""Reads for accounts: a user's own API tokens."""

from safer.accounts.models import ApiToken, User


def api_tokens_of(user: User):
    """The user's tokens, newest first, for their account page."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_of(user: User, key_id: str) -> ApiToken | None:
    """One of the user's own tokens by key id; another's is None, as if it did not exist."""
    return ApiToken.objects.filter(user=user, key_id=key_id).first()
