"""Server-drawn bar charts (inline SVG) for the pages; every chart is shown with its table."""

from dataclasses import dataclass

WIDTH, HEIGHT, GAP = 640, 200, 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    maximum: int = 0


def bar_chart(*, title: str, items: list[tuple[str, int]]) -> BarChart:
    """Bars scaled to the largest value, with labels kept for the SVG's text alternative."""
    if not items:
        return BarChart(title=title, bars=[])
    top = max(v for _, v in items) or 1
    slot = WIDTH / len(items)
    bars = []
    for index, (label, value) in enumerate(items):
        height = (HEIGHT - 20) * value / top
        bars.append(
            Bar(
                x=index * slot + GAP / 2,
                y=HEIGHT - 20 - height,
                width=max(slot - GAP, 1),
                height=height,
                label=label,
                value=value,
            )
        )
    return BarChart(title=title, bars=bars, maximum=top)
