"""The scoring ranking as a server-rendered SVG bar chart (the geometry here, the SVG in the ranking page's
template): no script, no external library, allowed by the CSP."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Bar:
    label: str
    value: Decimal
    x: float
    y: float
    width: float
    height: float
    label_y: float
    text_x: float
    leading: bool


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    axis_x: int
    max_value: Decimal


def ranking_chart(rows, *, bar_height: int = 26, gap: int = 8, label_width: int = 220, width: int = 760) -> Chart:
    """Horizontal bars, one per unit in ranking order, length proportional to the total."""
    max_value = max((Decimal(row.total) for row in rows), default=Decimal("0"))
    scale_width = width - label_width - 70
    bars = []
    for index, row in enumerate(rows):
        value = Decimal(row.total)
        length = float(value / max_value) * scale_width if max_value > 0 and value > 0 else 0.0
        y = gap + index * (bar_height + gap)
        bars.append(
            Bar(
                label=f"{row.position}. {row.unit.short_name or row.unit.name}",
                value=value,
                x=label_width,
                y=y,
                width=round(length, 1),
                height=bar_height,
                label_y=y + bar_height * 0.68,
                text_x=round(label_width + length + 6, 1),
                leading=row.position == 1,
            )
        )
    return Chart(
        width=width,
        height=gap + len(rows) * (bar_height + gap) + gap,
        bars=bars,
        axis_x=label_width,
        max_value=max_value,
    )
