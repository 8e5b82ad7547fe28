from django.urls import reverse

from safer.partners.access import has_capability, membership_of, requires_two_factor
from safer.partners.roles import Capability


def membership(request) -> dict:
    """The signed-in user's organisation and the navigation their role allows."""
    user = getattr(request, "user", None)
    member = membership_of(user)
    if member is None:
        return {"membership": None, "nav_items": []}
    if requires_two_factor(user) and not user.is_verified():
        return {"membership": member, "nav_items": []}
    items = [("Home", reverse("core:home"), None)]
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Caseload", reverse("cases:list"), "/cases/"))
        items.append(("Reports", reverse("cases:report_list"), "/reports/"))
        items.append(("People", reverse("people:list"), "/people/"))
    if has_capability(user, Capability.VIEW_ANALYTICS):
        items.append(("Intelligence", reverse("intel:dashboard"), "/intel/"))
        items.append(("Surveys", reverse("surveys:results"), "/surveys/"))
    if has_capability(user, Capability.VIEW_RECORDS) or has_capability(
        user, Capability.VIEW_ANALYTICS
    ):
        items.append(("Action plans", reverse("plans:list"), "/plans/"))
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Referrals", reverse("referrals:list"), "/referrals/"))
    if has_capability(user, Capability.VIEW_RECORDS) or has_capability(
        user, Capability.VIEW_ANALYTICS
    ):
        items.append(("Cohorts", reverse("cohorts:list"), "/cohorts/"))
        items.append(("Neighbourhoods", reverse("neighbourhoods:list"), "/neighbourhoods/"))
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Meetings", reverse("tasking:series_list"), "/meetings/"))
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Case reviews", reverse("casereviews:list"), "/case-reviews/"))
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Hate incidents", reverse("hateincidents:list"), "/hate-incidents/"))
    if has_capability(user, Capability.VIEW_RECORDS):
        items.append(("Business crime", reverse("schemes:home"), "/schemes/"))
    if has_capability(user, Capability.SUPERVISE):
        items.append(("News and screens", reverse("opendata:news_staff"), "/partnership-news/"))
    elif has_capability(user, Capability.EDIT_RECORDS):
        items.append(
            ("Screen messages", reverse("opendata:safety_messages"), "/community-screen-messages/")
        )
    if has_capability(user, Capability.SUPERVISE):
        items.append(("Access requests", reverse("partners:access_requests"), "/manage/access"))
    if has_capability(user, Capability.MANAGE_USERS):
        items.append(("Users", reverse("partners:member_list"), "/manage/"))
        items.append(("Open311 apps", reverse("open311:key_list"), "/open311/keys/"))
    if has_capability(user, Capability.VIEW_AUDIT):
        items.append(("Audit log", reverse("audit:list"), "/audit/"))
    path = request.path
    return {
        "membership": member,
        # Whether to offer "Record a report" and "Record a person": never a link to a 403.
        "can_record_reports": has_capability(user, Capability.EDIT_RECORDS),
        # Whether to offer "Download CSV" and "Download XLSX" on the case and report lists.
        "can_export_records": has_capability(user, Capability.EXPORT_RECORDS),
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": path.startswith(prefix) if prefix else path == url,
            }
            for label, url, prefix in items
        ],
    }
