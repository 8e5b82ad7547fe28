"""Predicted hot spots for a month: the flagged cells on the map and in a table, by name, what
share of recent crime they held, and the backtest that measured the method."""

import numpy as np
from django.http import Http404
from django.views.decorators.http import require_http_methods

from safer.intel import conclusions, places, predict, selectors, storage
from safer.intel.areas import area_outlines, area_resolve
from safer.intel.forms import PredictionForm
from safer.intel.grid import area_events
from safer.intel.views.common import NO_DATA, _analyst
from safer.intel.views.maps import (
    FLAGGED_SHARE,
    _map_data,
    _map_page,
    cell_rings,
    top_cells,
)

CONTEXT_MONTHS = 12  # the months whose crimes name the flagged cells and fill their table


def _prediction_inputs(request):
    form = PredictionForm(request.GET)
    if not storage.stored_months() or not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, {
        "area": area_resolve(data["area"]),
        "crime_type": data["crime_type"],
        "month": data["month"],
        "method": None if data["method"] == "best" else data["method"],
        "cell_size": data.get("cell_size"),
    }


def _prediction(p: dict):
    return predict.prediction_for(
        area=p["area"],
        crime_type=p["crime_type"],
        month=p["month"],
        method=p["method"],
        cell=p["cell_size"],
    )


def _prediction_context(p: dict) -> dict:
    """The chosen method's flagged cells, named, with the crimes they held; ValueError if the
    area has no crime."""
    result = _prediction(p)
    grid, scores = result.grid, result.scores
    keep = top_cells(scores, grid.mask)
    flagged = sorted(zip(*np.nonzero(keep), strict=True), key=lambda rc: -scores[rc])
    flagged = [(int(r), int(c)) for r, c in flagged]
    types = selectors.crime_type_types(p["crime_type"])
    first = selectors.month_add(p["month"], -CONTEXT_MONTHS)
    last = selectors.month_add(p["month"], -1)
    events = area_events(area=p["area"], types=types, cell=grid.cell)
    before = (events.months >= first) & (events.months <= last)
    year = grid.counts(events.x[before], events.y[before])
    stored = [m for m in storage.stored_months() if first <= m <= last]
    latest = stored[-1] if stored else None
    month_counts = (
        grid.counts(events.x[events.months == latest], events.y[events.months == latest])
        if latest
        else np.zeros((grid.ny, grid.nx))
    )
    names = places.cell_names(
        area=p["area"], grid=grid, cells=flagged, types=types, month_from=first, month_to=last
    )
    label = selectors.crime_type_label(p["crime_type"]).lower()
    rows = [
        {
            "name": names[rc],
            "x": grid.x0 + rc[1] * grid.cell,
            "y": grid.y0 + rc[0] * grid.cell,
            "score": round(float(scores[rc]), 3),
            "year": int(year[rc]),
            "latest": int(month_counts[rc]),
        }
        for rc in flagged
    ]
    sentences = []
    if latest:
        sentences.append(
            conclusions.flagged_sentence(
                flagged=len(flagged),
                cells=grid.n_cells,
                month=latest,
                held=int(month_counts[keep].sum()),
                total=int(month_counts[grid.mask].sum()),
                noun=label,
            )
        )
    if p["month"] in storage.stored_months():
        actual = grid.counts(
            events.x[events.months == p["month"]], events.y[events.months == p["month"]]
        )
        sentences.append(
            conclusions.flagged_sentence(
                flagged=len(flagged),
                cells=grid.n_cells,
                month=p["month"],
                held=int(actual[keep].sum()),
                total=int(actual[grid.mask].sum()),
                noun=label,
                lead="Checked against the month predicted, the same",
            )
        )
    chosen = next((r for r in result.backtest if r.method == result.method), None)
    return dict(
        area=p["area"],
        crime_type_label=selectors.crime_type_label(p["crime_type"]),
        result=result,
        method_label=predict.METHOD_LABELS.get(result.method, result.method),
        chosen=chosen,
        backtest=result.backtest,
        fractions=predict.FRACTIONS,
        cell_chosen=p["cell_size"] is not None,
        flagged_target=max(1, round(FLAGGED_SHARE * grid.n_cells)) if grid.n_cells else 0,
        cells_shown=len(flagged),
        flagged=rows,
        latest_month=latest,
        context_from=first,
        context_to=last,
        flagged_sentences=sentences,
        backtest_sentence=conclusions.backtest_sentence(
            result.backtest,
            result.method,
            ceiling=predict.CEILING,
            baselines=getattr(predict, "BASELINES", ()),
        ),
        map_data=_map_data(
            area=p["area"],
            outlines=area_outlines(p["area"]),
            cells=[
                [ring, row["score"], _lines(row, grid.cell, latest)]
                for ring, row in zip(cell_rings(grid, flagged), rows, strict=True)
            ],
            cell_label="predicted score",
        ),
    )


def _lines(row: dict, size: float, latest: str | None) -> list[str]:
    lines = [
        row["name"],
        f"Cell of {size:.0f} m at {row['x']:.0f}, {row['y']:.0f} (south-west corner)",
        f"Score: {row['score']}",
        f"Crimes of this type in the 12 months before: {row['year']:,}",
    ]
    if latest:
        lines.append(f"In {conclusions.month_words(latest)}: {row['latest']:,}")
    return lines


@require_http_methods(["GET"])
@storage.reads_one_connection
def prediction_map(request):
    _analyst(request)
    form, p = _prediction_inputs(request)
    return _map_page(request, form, p, _prediction_context, "intel/predictions.html")


def _backtest_rows(request) -> tuple[list[str], list[list]]:
    _, p = _prediction_inputs(request)
    if p is None:
        raise Http404(NO_DATA)
    try:
        result = _prediction(p)
    except ValueError as error:
        raise Http404(str(error)) from None
    header = [
        "method",
        "months",
        *(f"hit_rate_{f:.0%}" for f in predict.FRACTIONS),
        *(f"pai_{f:.0%}" for f in predict.FRACTIONS),
    ]
    rows = [
        [
            r.method,
            r.months,
            *(round(r.hit_rate[f], 4) for f in predict.FRACTIONS),
            *(round(r.pai[f], 3) for f in predict.FRACTIONS),
        ]
        for r in result.backtest
    ]
    return header, rows
