"""What every hub page shares: the capability check, the measures filters, the targets, and
the CSV answer (through the one CSV writer)."""

from django.http import HttpResponse

from safer.core import csv_export
from safer.intel import selectors, storage
from safer.intel.areas import area_resolve
from safer.intel.forms import MeasuresForm
from safer.partners.access import require_capability
from safer.partners.roles import Capability

# Targets from seed 000: serious acquisitive crime -5%, violence against the person -12%.
PARTNERSHIP_TARGETS = (
    (selectors.ALL_CRIME, None),
    (selectors.SERIOUS_ACQUISITIVE, -5.0),
    ("violent-crime", -12.0),
    ("anti-social-behaviour", None),
)
KDE_BANDWIDTH_M = 300.0
GI_DISTANCE_M = 400.0
DOWNLOADS = ("counts", "rolling", "comparison", "outcomes", "lsoa", "repeats", "backtest")
NO_DATA = "No crime data have been imported yet."


def _analyst(request) -> None:
    require_capability(request.user, Capability.VIEW_ANALYTICS)


def _filters(request, form_class=MeasuresForm) -> tuple[MeasuresForm, dict | None]:
    form = form_class(request.GET)
    if not storage.stored_months() or not form.is_valid():
        return form, None
    data = form.cleaned_data
    target = data.get("target")
    return form, {
        "area": area_resolve(data["area"]),
        "crime_type": data["crime_type"],
        "month_from": data["month_from"],
        "month_to": data["month_to"],
        "target": float(target) if target is not None else None,
        "cell_size": data.get("cell_size"),
        "shade_by": data.get("shade_by") or "",
    }


def _csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intel-{name}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
