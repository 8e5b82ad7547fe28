from safer.partners.access import has_capability, membership_of, requires_two_factor
from safer.partners.navigation import nav_items
from safer.partners.roles import Capability


def membership(request) -> dict:
    """The signed-in user's organisation and the navigation their role allows."""
    user = getattr(request, "user", None)
    member = membership_of(user)
    if member is None:
        return {"membership": None, "nav_items": []}
    if requires_two_factor(user) and not user.is_verified():
        return {"membership": member, "nav_items": []}
    return {
        "membership": member,
        # Whether to offer "Record a report" and "Record a person": never a link to a 403.
        "can_record_reports": has_capability(user, Capability.EDIT_RECORDS),
        # Whether to offer "Download CSV" and "Download XLSX" on the case and report lists.
        "can_export_records": has_capability(user, Capability.EXPORT_RECORDS),
        "nav_items": nav_items(user, request.path),
    }
