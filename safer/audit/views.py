"""The audit log for administrators: browse with filters, and download as CSV (itself audited)."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from safer import audit
from safer.audit.export import csv_lines
from safer.audit.forms import AuditFilterForm
from safer.audit.models import AuditEvent
from safer.audit.selectors import audit_event_list
from safer.partners.access import has_capability, require_capability
from safer.partners.roles import Capability

PAGE_SIZE = 50


@require_GET
@never_cache
def event_list(request):
    """Audit events, newest first, filtered by the GET form and paginated."""
    require_capability(request.user, Capability.VIEW_AUDIT)
    form = AuditFilterForm(request.GET)
    events = audit_event_list(**form.filters()) if form.is_valid() else AuditEvent.objects.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    can_export = has_capability(request.user, Capability.EXPORT_AUDIT)
    return render(
        request, "audit/event_list.html", {"form": form, "page": page, "can_export": can_export}
    )


@require_GET
@never_cache
def event_export(request):
    """Download the filtered events as CSV, oldest first; the download is itself audited."""
    require_capability(request.user, Capability.EXPORT_AUDIT)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    filters = form.filters()
    audit.record(
        actor=request.user,
        action="audit.exported",
        changes={"filters": {k: v for k, v in filters.items() if v and k != "search"}},
        search=filters["search"],
    )
    events = audit_event_list(**filters).order_by("id").iterator(chunk_size=2000)
    response = StreamingHttpResponse(csv_lines(events), content_type="text/csv; charset=utf-8")
    filename = f"audit-log-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
