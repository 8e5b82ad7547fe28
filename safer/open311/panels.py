"""On a report's page (settings.REPORT_PANELS): which Open311 app sent it, and the media link
the app gave, so the caseworker knows where it came from and what else there is."""

from safer.open311.models import Open311Request


def report_open311_panel(request, report) -> dict | None:
    """Shown on reports that came through Open311 only; the report view has already decided
    that the user may open the report."""
    received = Open311Request.objects.select_related("key").filter(report_id=report.pk).first()
    if received is None:
        return None
    return {"template": "open311/report_panel.html", "received": received}
