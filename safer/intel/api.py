"""Intelligence endpoints for analysts' own tools: the same selectors as the pages."""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.intel import predict, selectors
from safer.intel.areas import area_resolve
from safer.intel.grid import CRS
from safer.partners.access import require_capability
from safer.partners.roles import Capability

router = Router(tags=["intel"])

NOTHING_STORED = "No crime data are stored yet"


class CountsFilters(InputSchema):
    area: str = ""
    crime_type: str = selectors.ALL_CRIME
    month_from: str = Field("", alias="from", description="First month, YYYY-MM")
    month_to: str = Field("", alias="to", description="Last month, YYYY-MM")
    group_by: str = "month"


class CountItem(Schema):
    key: str
    count: int


class CountsOut(Schema):
    items: list[CountItem]
    total: int


@router.get(
    "/counts",
    response={200: CountsOut, **errors(403, 404, 422)},
    summary="Crime counts for an area and period",
)
def counts(request, filters: Query[CountsFilters]):
    """Counts by month, crime type or LSOA; area is a local-authority, LSOA or custom area id."""
    require_capability(request.user, Capability.VIEW_ANALYTICS)
    result = selectors.crime_counts(
        area=area_resolve(filters.area),
        crime_type=filters.crime_type,
        month_from=filters.month_from or None,
        month_to=filters.month_to or None,
        group_by=filters.group_by,
    )
    return {
        "items": [{"key": key, "count": count} for key, count in result.items],
        "total": result.total,
    }


class PredictionFilters(InputSchema):
    area: str = ""
    crime_type: str = selectors.ALL_CRIME
    month: str = Field("", description="Month to predict, YYYY-MM; default the one after the last")
    method: str = Field(
        "",
        description="One of " + ", ".join(predict.METHODS) + "; default: the best by backtest",
    )
    cell_size: float | None = Field(
        None, description="Cell side in metres; default: sized to the area (at least 250 cells)"
    )


class CellOut(Schema):
    x: float
    y: float
    score: float


class MethodAccuracyOut(Schema):
    method: str
    months: int
    hit_rate: dict[str, float]
    pai: dict[str, float]


class PredictionOut(Schema):
    method: str
    crs: str
    cell_size_m: float
    month: str
    chosen_by: str
    cells: list[CellOut]
    backtest: list[MethodAccuracyOut]


@router.get(
    "/predictions",
    response={200: PredictionOut, **errors(403, 404, 422)},
    summary="Predicted hotspot surface for a month",
)
def predictions(request, filters: Query[PredictionFilters]):
    """Scores for every cell of the area (zeros included) made only from earlier months; x, y are
    the south-west corners of square cells in British National Grid metres."""
    require_capability(request.user, Capability.VIEW_ANALYTICS)
    month = selectors.month_check(filters.month) or _next_month()
    if filters.method and filters.method not in predict.METHODS:
        raise ValidationError(predict.UNKNOWN_METHOD.format(methods=", ".join(predict.METHODS)))
    selectors.crime_type_types(filters.crime_type)
    try:
        result = predict.prediction_for(
            area=area_resolve(filters.area),
            crime_type=filters.crime_type,
            month=month,
            method=filters.method or None,
            cell=filters.cell_size,
        )
    except ValueError as error:
        raise ValidationError(str(error)) from None
    xs, ys = result.grid.corners()
    scores = result.scores[result.grid.mask]
    return {
        "method": result.method,
        "crs": CRS,
        "cell_size_m": result.grid.cell,
        "month": month,
        "chosen_by": result.chosen_by,
        "cells": [
            {"x": float(x), "y": float(y), "score": round(float(s), 6)}
            for x, y, s in zip(xs, ys, scores, strict=True)
        ],
        "backtest": [_accuracy(row) for row in result.backtest],
    }


def _accuracy(row: predict.BacktestRow) -> dict:
    return {
        "method": row.method,
        "months": row.months,
        "hit_rate": {f"{f:.0%}": round(row.hit_rate[f], 4) for f in predict.FRACTIONS},
        "pai": {f"{f:.0%}": round(row.pai[f], 3) for f in predict.FRACTIONS},
    }


def _next_month() -> str:
    latest = selectors.latest_month()
    if latest is None:
        raise ValidationError(NOTHING_STORED)
    return selectors.month_add(latest, 1)
