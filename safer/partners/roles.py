"""The one catalogue of roles and what each may do. Views ask capabilities, never role names."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    COORDINATOR = "coordinator", "ASB co-ordinator"
    CASEWORKER = "caseworker", "Caseworker"
    PARTNER_OFFICER = "partner_officer", "Partner officer"
    ANALYST = "analyst", "Analyst"
    VIEWER = "viewer", "Viewer"


class Capability(StrEnum):
    VIEW_RECORDS = "view_records"  # see person-related records of own or sharing organisations
    VIEW_SENSITIVE = "view_sensitive"  # dates of birth, vulnerability notes
    EDIT_RECORDS = "edit_records"
    SHARE_RECORDS = "share_records"
    DELETE_RECORDS = "delete_records"
    EXPORT_RECORDS = "export_records"
    SUPERVISE = "supervise"  # raise risk bands, manage questionnaires, reassign work
    VIEW_ANALYTICS = "view_analytics"  # aggregated and pseudonymised data only
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    # Subject access exports, rectification, restriction and erasure (docs/data-protection.md)
    DATA_PROTECTION = "data_protection"


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset({C.MANAGE_USERS, C.VIEW_AUDIT, C.EXPORT_AUDIT, C.DATA_PROTECTION}),
    Role.COORDINATOR: frozenset(
        {
            C.VIEW_RECORDS,
            C.VIEW_SENSITIVE,
            C.EDIT_RECORDS,
            C.SHARE_RECORDS,
            C.DELETE_RECORDS,
            C.EXPORT_RECORDS,
            C.SUPERVISE,
            C.VIEW_ANALYTICS,
        }
    ),
    Role.CASEWORKER: frozenset({C.VIEW_RECORDS, C.VIEW_SENSITIVE, C.EDIT_RECORDS, C.SHARE_RECORDS}),
    Role.PARTNER_OFFICER: frozenset({C.VIEW_RECORDS, C.VIEW_SENSITIVE, C.EDIT_RECORDS}),
    Role.ANALYST: frozenset({C.VIEW_ANALYTICS}),
    Role.VIEWER: frozenset({C.VIEW_RECORDS}),
}

# Roles whose members must pass a second factor before they see anything.
TWO_FACTOR_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.COORDINATOR})


def capabilities_of(role: str | None) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(role, frozenset()) if role else frozenset()
