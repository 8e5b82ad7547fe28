"""The staff navigation, in one place: the main sections, the partnership's shared work (grouped
on one page, /partnership/, so the menu stays short enough to scan), and administration. Each
entry names who sees it, so the menu and the Partnership page never offer a link to a 403."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from safer.partners.access import has_capability
from safer.partners.roles import Capability as C


def _can(*capabilities):
    return lambda user: any(has_capability(user, c) for c in capabilities)


def _screen_messages_only(user) -> bool:
    """Partners who may propose screen messages but do not run the news (co-ordinators do)."""
    return has_capability(user, C.EDIT_RECORDS) and not has_capability(user, C.SUPERVISE)


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    prefix: str | None  # the paths it is "active" for; None: its own URL only
    shown_to: Callable
    summary: str = ""  # one line on the Partnership page

    def url(self) -> str:
        return reverse(self.url_name)


MAIN = [
    Section("Home", "core:home", None, lambda user: True),
    Section("Caseload", "cases:list", "/cases/", _can(C.VIEW_RECORDS)),
    Section("Reports", "cases:report_list", "/reports/", _can(C.VIEW_RECORDS)),
    Section("People", "people:list", "/people/", _can(C.VIEW_RECORDS)),
    Section("Intelligence", "intel:dashboard", "/intel/", _can(C.VIEW_ANALYTICS)),
    Section("Action plans", "plans:list", "/plans/", _can(C.VIEW_RECORDS, C.VIEW_ANALYTICS)),
]
PARTNERSHIP = [
    Section(
        "Meetings",
        "tasking:series_list",
        "/meetings/",
        _can(C.VIEW_RECORDS),
        "Tasking meetings: agendas drawn from every partner's cases, decisions, actions, minutes.",
    ),
    Section(
        "Case reviews",
        "casereviews:list",
        "/case-reviews/",
        _can(C.VIEW_RECORDS),
        "Community Trigger applications, their decisions, reviews and recommendations.",
    ),
    Section(
        "Referrals",
        "referrals:list",
        "/referrals/",
        _can(C.VIEW_RECORDS),
        "Referrals to partner schemes: victim support, mediation, target hardening, MARAC.",
    ),
    Section(
        "Hate incidents",
        "hateincidents:list",
        "/hate-incidents/",
        _can(C.VIEW_RECORDS),
        "Third-party hate incident reports routed to support organisations, and first contact.",
    ),
    Section(
        "Business crime",
        "schemes:home",
        "/schemes/",
        _can(C.VIEW_RECORDS),
        "Pubwatch, Shopwatch and Nightsafe schemes: members, incidents, exclusions, alerts.",
    ),
    Section(
        "Cohorts",
        "cohorts:list",
        "/cohorts/",
        _can(C.VIEW_RECORDS, C.VIEW_ANALYTICS),
        "Offender cohorts and their before-and-after measures.",
    ),
    Section(
        "Neighbourhoods",
        "neighbourhoods:list",
        "/neighbourhoods/",
        _can(C.VIEW_RECORDS, C.VIEW_ANALYTICS),
        "Neighbourhood boundaries, teams, events and the Action Groups' priorities.",
    ),
    Section(
        "Surveys",
        "surveys:results",
        "/surveys/",
        _can(C.VIEW_ANALYTICS),
        "Satisfaction survey results.",
    ),
    Section(
        "News and screens",
        "opendata:news_staff",
        "/partnership-news/",
        _can(C.SUPERVISE),
        "Partnership news for the public pages, and messages for the community screens.",
    ),
    Section(
        "Screen messages",
        "opendata:safety_messages",
        "/community-screen-messages/",
        _screen_messages_only,
        "Safety messages to propose for the community screens.",
    ),
]
ADMINISTRATION = [
    Section("Access requests", "partners:access_requests", "/manage/access", _can(C.SUPERVISE)),
    Section("Users", "partners:member_list", "/manage/", _can(C.MANAGE_USERS)),
    Section("Open311 apps", "open311:key_list", "/open311/keys/", _can(C.MANAGE_USERS)),
    Section("Audit log", "audit:list", "/audit/", _can(C.VIEW_AUDIT)),
]
PARTNERSHIP_PAGE = Section("Partnership", "partnership:hub", "/partnership/", lambda user: True)


def partnership_sections(user) -> list[Section]:
    return [section for section in PARTNERSHIP if section.shown_to(user)]


def nav_items(user, path: str) -> list[dict]:
    """The menu for this user: main sections, "Partnership" when any of its sections is theirs
    (active on any of their paths), then administration."""
    entries = [(s, _active(s, path)) for s in MAIN if s.shown_to(user)]
    shared = partnership_sections(user)
    if shared:
        active = path.startswith(PARTNERSHIP_PAGE.prefix) or any(_active(s, path) for s in shared)
        entries.append((PARTNERSHIP_PAGE, active))
    entries += [(s, _active(s, path)) for s in ADMINISTRATION if s.shown_to(user)]
    return [{"label": s.label, "url": s.url(), "active": active} for s, active in entries]


def _active(section: Section, path: str) -> bool:
    return path.startswith(section.prefix) if section.prefix else path == section.url()
