"""The audit log. Everyone records through `audit.record(...)`; nothing else writes audit rows.

    from safer import audit
    audit.record(actor=request.user, action="person.viewed", target=person)

Models are imported lazily so that importing this package never loads the app registry.
"""


def record(**kwargs):
    """Append one audit event (see safer.audit.services.record); returns the AuditEvent."""
    from safer.audit.services import record as _record

    return _record(**kwargs)
