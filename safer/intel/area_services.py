"""Writes of the partnership's own areas: custom areas drawn or uploaded (a council's wards),
and LSOA outlines kept in the store for maps and grids; each audited."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from safer import audit
from safer.intel.models import CustomArea

GEOMETRY_INVALID = "The file must be GeoJSON with Polygon or MultiPolygon features in lon/lat"


@transaction.atomic
def custom_area_create(*, name: str, kind: str, geometry: dict, created_by) -> CustomArea:
    """Record a custom area drawn by the partnership; audited."""
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(GEOMETRY_INVALID)
    area = CustomArea(name=name, kind=kind, geometry=geometry, created_by=created_by)
    area.full_clean()
    area.save()
    audit.record(actor=created_by, action="intel.area_created", target=area, changes={"name": name})
    return area


@transaction.atomic
def custom_areas_create(
    *, areas: list[tuple[str, dict]], kind: str, created_by
) -> list[CustomArea]:
    """Record several custom areas from one file (a council's wards) together, or none of
    them; each audited."""
    return [
        custom_area_create(name=name, kind=kind, geometry=geometry, created_by=created_by)
        for name, geometry in areas
    ]


OUTLINES_INVALID = "The file must be GeoJSON features with an LSOA code and a polygon"


def outlines_import(*, path: Path, name: str, imported_by=None) -> int:
    """Keep LSOA outlines from a GeoJSON file in the store for maps and grids; audited."""
    from safer.intel.areas import outlines_load

    try:
        count = outlines_load(path=path, name=_safe_name(name))
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(OUTLINES_INVALID) from error
    if not count:
        raise ValueError(OUTLINES_INVALID)
    with transaction.atomic():
        audit.record(
            actor=imported_by,
            action="intel.outlines_imported",
            changes={"file": path.name, "outlines": count},
        )
    return count


def _safe_name(name: str) -> str:
    """A file name made of letters, digits, dots, dashes and underscores only."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")
    return cleaned or "outlines"
