"""Public pages (no sign-in, in the visitor's language): the crime map, crime statistics,
partnership news and the community screen with its JSON.

Crimes are police.uk's, already public; reports to the partnership reach these pages only as
`statistics.report_table` publishes them (suppressed counts, totals as ranges). No page or
answer here names a case, a person, an address or a report's point."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from safer.intel.charts import bar_chart
from safer.neighbourhoods import geometry
from safer.neighbourhoods.selectors import neighbourhood_published, priorities_current
from safer.opendata import places, selectors, statistics
from safer.opendata.statistics import CRIME_LABELS, DISTRICT, ELSEWHERE, REPORT_LABELS

STATISTICS_MONTHS = 12
SCREEN_MESSAGES = 6
SCREEN_PRIORITIES = 4


def month_label(month: str) -> str:
    """The month (YYYY-MM) as "March 2026", in the page's language."""
    return date_format(date(int(month[:4]), int(month[5:7]), 1), "F Y")


def _choice(value: str, allowed, default: str) -> str:
    return value if value in allowed else default


def _place_choices() -> list[statistics.Place]:
    return [statistics.district(), *statistics.neighbourhood_places()]


def _report_rows(table, keys_names: list[tuple[str, str]]) -> list[dict]:
    return [
        {"name": name, "cells": table.row(key), "total": table.row_total(key)}
        for key, name in keys_names
    ]


@login_not_required
@require_GET
def crime_map(request):
    """The district's crimes for a month on a map (street points, neighbourhood outlines, town
    names, a legend), with the same figures in tables beside it."""
    months = statistics.crime_months()
    month = _choice(request.GET.get("month", ""), months, months[0] if months else "")
    category = _choice(request.GET.get("type", ""), CRIME_LABELS, "")
    district = statistics.district()
    neighbourhoods = statistics.neighbourhood_places()
    figures = statistics.crime_month(month) if month else None

    def count(counts: dict) -> int:
        return counts.get(category, 0) if category else sum(counts.values())

    rows = [
        {
            "name": p.name,
            "key": p.key,
            "crimes": figures.place_total(p.key, category) if figures else 0,
        }
        for p in neighbourhoods
    ]
    points = [p for p in (figures.points if figures else []) if count(p["counts"])]
    report_table = statistics.report_table(month or statistics.report_months()[0])
    for row in rows:
        row["reports"] = report_table.row_total(row["key"])
    map_data = {
        "district": {"name": district.name, "outline": geometry.as_geojson(district.boundary)},
        "neighbourhoods": [
            {
                "name": p.name,
                "outline": geometry.as_geojson(p.boundary),
                "centre": p.centre,
                # An en dash between the name and the count, as the map's point tooltips have.
                "label": _("%(name)s – crimes: %(count)s")  # noqa: RUF001
                % {"name": p.name, "count": r["crimes"]},
            }
            for p, r in zip(neighbourhoods, rows, strict=True)
        ],
        "places": places.map_places(),
        "points": [
            [p["lat"], p["lng"], count(p["counts"]), p["street"] or _("Location not given")]
            for p in points
        ],
        "legend": {
            "title": _("Key"),
            "district": _("District boundary"),
            "neighbourhood": _("Neighbourhood boundary"),
            "point": _("Crimes at a street point (bigger circle, more crimes)"),
            "crimes": _("Crimes"),
        },
        "tile_url": settings.INTEL_TILE_URL,
        "tile_attribution": settings.INTEL_TILE_ATTRIBUTION,
    }
    return render(
        request,
        "opendata/public/crime_map.html",
        {
            "months": [(m, month_label(m)) for m in months],
            "month": month,
            "month_name": month_label(month) if month else "",
            "categories": list(CRIME_LABELS.items()),
            "category": category,
            "category_name": CRIME_LABELS.get(category, _("All crime")),
            "district": district,
            "district_crimes": figures.place_total(DISTRICT, category) if figures else 0,
            "rows": rows,
            "points": sorted(
                ({"street": p["street"], "total": count(p["counts"])} for p in points),
                key=lambda p: (-p["total"], p["street"] or ""),
            ),
            "reports_elsewhere": report_table.row_total(ELSEWHERE),
            "reports_total": report_table.total,
            "map_data": map_data,
            "minimum": settings.OPENDATA_MINIMUM_COUNT,
        },
    )


@login_not_required
@require_GET
def crime_statistics(request):
    """Crimes by month and type for the district or a neighbourhood, and reports to the
    partnership by type for a month (small counts suppressed)."""
    choices = _place_choices()
    keys = {p.key: p for p in choices}
    place = keys[_choice(request.GET.get("area", ""), keys, DISTRICT)]
    months = statistics.crime_months()
    month = _choice(request.GET.get("month", ""), months, months[0] if months else "")
    recent = sorted(months[:STATISTICS_MONTHS])
    trend = statistics.crime_trend(place.key, recent)
    if not month:
        by_type = {}
    elif month in trend:
        by_type = trend[month]
    else:  # a month older than the trend's: read it on its own
        by_type = statistics.crime_month(month).by_place.get(place.key, {})
    report_months = statistics.report_months()
    report_month = _choice(request.GET.get("reports_month", ""), report_months, report_months[0])
    table = statistics.report_table(report_month)
    report_key = place.key if place.key != DISTRICT else None
    return render(
        request,
        "opendata/public/crime_statistics.html",
        {
            "places": choices,
            "place": place,
            "months": [(m, month_label(m)) for m in months],
            "month": month,
            "month_name": month_label(month) if month else "",
            "trend": [{"label": month_label(m), "total": sum(trend[m].values())} for m in recent],
            "trend_chart": bar_chart(
                title=_("Crimes by month in %(place)s") % {"place": place.name},
                items=[(_short_month(m), sum(trend[m].values())) for m in recent],
            ),
            "by_type": [(label, by_type.get(slug, 0)) for slug, label in CRIME_LABELS.items()],
            "by_type_total": sum(by_type.values()),
            "report_months": [(m, month_label(m)) for m in report_months],
            "report_month": report_month,
            "report_month_name": month_label(report_month),
            "report_types": list(REPORT_LABELS.values()),
            "report_rows": _report_rows(
                table,
                [(p.key, p.name) for p in choices[1:]]
                + [(ELSEWHERE, _("Elsewhere, or location not given"))],
            )
            if report_key is None
            else _report_rows(table, [(report_key, place.name)]),
            "report_column_totals": table.column_totals if report_key is None else None,
            "report_total": table.total,
            "minimum": settings.OPENDATA_MINIMUM_COUNT,
        },
    )


def _short_month(month: str) -> str:
    """A short month such as "Jan 26" in the visitor's language, for a chart's bar labels."""
    return date_format(date(int(month[:4]), int(month[5:7]), 1), "M y")


@login_not_required
@require_GET
def news_list(request):
    return render(
        request, "opendata/public/news_list.html", {"items": selectors.news_published()[:50]}
    )


@login_not_required
@require_GET
def news_detail(request, slug: str):
    item = selectors.news_published_item(slug)
    if item is None:
        raise Http404("No such news")
    paragraphs = [p.strip() for p in item.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return render(
        request, "opendata/public/news_detail.html", {"item": item, "paragraphs": paragraphs}
    )


def _screen_neighbourhood(slug: str | None):
    if slug is None:
        return None
    neighbourhood = neighbourhood_published(slug)
    if neighbourhood is None:
        raise Http404("No such neighbourhood")
    return neighbourhood


@login_not_required
@require_GET
def screen(request, slug: str | None = None):
    """The full-screen page for public TV screens; its script fetches `screen_json`."""
    neighbourhood = _screen_neighbourhood(slug)
    return render(
        request,
        "opendata/public/screen.html",
        {"neighbourhood": neighbourhood, "initial": screen_content(neighbourhood)},
    )


def screen_content(neighbourhood) -> dict:
    """What a screen shows: messages, priorities and headline figures, nothing personal."""
    place_key = neighbourhood.slug if neighbourhood else DISTRICT
    place_name = neighbourhood.name if neighbourhood else statistics.district_name()
    months = statistics.crime_months()
    headline = None
    if months:
        counts = statistics.crime_month(months[0]).by_place.get(place_key, {})
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        headline = {
            "month": month_label(months[0]),
            "crimes": sum(counts.values()),
            "top": [{"type": str(CRIME_LABELS.get(k, k)), "count": n} for k, n in top],
        }
    report_month = statistics.report_months()[0]
    table = statistics.report_table(report_month)
    if neighbourhood is None:
        reports = table.total.as_json()
    elif place_key in table.row_keys:
        reports = table.row_total(place_key).as_json()
    else:
        reports = None  # a neighbourhood with no boundary: its reports cannot be placed
    priorities = priorities_current(neighbourhood)[:SCREEN_PRIORITIES] if neighbourhood else []
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "refresh_seconds": settings.OPENDATA_SCREEN_REFRESH_SECONDS,
        "place": place_name,
        "messages": [
            {"text": m.text, "from": m.organisation.name}
            for m in selectors.safety_messages_current(neighbourhood)[:SCREEN_MESSAGES]
        ],
        "priorities": [{"issue": p.issue, "action": p.action} for p in priorities],
        "crimes": headline,
        "reports": {"month": month_label(report_month), "count": reports},
        "labels": {
            "messages": _("Safety messages from the partnership"),
            "priorities": _("Local priorities"),
            "action": _("What is being done"),
            "crimes": _("Crimes recorded in %(place)s, %(month)s")
            % {
                "place": place_name,
                "month": headline["month"] if headline else "",
            },
            "most_common": _("Most common"),
            "reports": _("Anti-social behaviour reported to the partnership, %(month)s")
            % {"month": month_label(report_month)},
            "fewer_than": _("fewer than %(n)s") % {"n": settings.OPENDATA_MINIMUM_COUNT},
            "between": _("between %(low)s and %(high)s"),
            "offline": _("Showing the last information received; trying again soon"),
            "updated": _("Updated"),
            "emergency": _("In an emergency call 999. To report a crime call 101."),
        },
    }


@login_not_required
@require_GET
@cache_control(max_age=60, private=True)  # labels follow the language cookie
def screen_json(request, slug: str | None = None):
    return JsonResponse(screen_content(_screen_neighbourhood(slug)))


@login_not_required
@require_GET
def screen_worker(request):
    """The screens' service worker, served from the site root so that it may control the
    /screen pages (a worker only controls pages under its own folder)."""
    path = finders.find("opendata/screen-worker.js")
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
