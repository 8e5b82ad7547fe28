"""Trend charts drawn on the server as inline SVG; every chart is shown with its table."""

from dataclasses import dataclass

WIDTH, HEIGHT, LABEL_SPACE, GAP = 480, 160, 20, 6
RAG_FILL = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "grey": "#b1b4b6"}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float | None
    fill: str


@dataclass(frozen=True)
class TrendChart:
    title: str
    bars: list[Bar]
    target_y: float | None
    width: int = WIDTH
    height: int = HEIGHT


def trend_chart(*, title: str, readings, target: float | None = None) -> TrendChart:
    """Bars for each quarter's figure, coloured by RAG, with the target as a line if absolute."""
    values = [r.value for r in readings if r.value is not None]
    top = max([*values, target or 0, 0]) or 1
    usable = HEIGHT - LABEL_SPACE
    slot = WIDTH / max(len(readings), 1)
    bars = []
    for index, reading in enumerate(readings):
        height = usable * (reading.value or 0) / top
        bars.append(
            Bar(
                x=index * slot + GAP / 2,
                y=usable - height,
                width=max(slot - GAP, 1),
                height=height,
                label=reading.period,
                value=reading.value,
                fill=RAG_FILL.get(reading.rag, RAG_FILL["grey"]),
            )
        )
    target_y = usable - usable * target / top if target is not None else None
    return TrendChart(title=title, bars=bars, target_y=target_y)
