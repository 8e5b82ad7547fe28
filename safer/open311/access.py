"""Who may manage the Open311 keys: administrators (the capability to manage users), since a
key lets an outside app put reports into the intake queue."""

from safer.partners.access import has_capability, require_capability
from safer.partners.roles import Capability


def can_manage_keys(user) -> bool:
    return has_capability(user, Capability.MANAGE_USERS)


def require_manage_keys(user) -> None:
    """Refuse with 403 unless the user may issue, list and revoke Open311 keys."""
    require_capability(user, Capability.MANAGE_USERS)
