"""Charts drawn on the server as inline SVG: bar charts, line charts and a burn-up.

No JavaScript and no request leaves the server, so the charts work on an intranet and print as they show.
Each chart carries a <title> and <desc> for screen readers, prints every value as text beside its mark
(readable in black and white), and comes with the same figures as a table (`Chart.headers`/`Chart.rows`),
which the templates render below the drawing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

WIDTH = 640
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
INK = "#1f2937"
GRID = "#d1d5db"
BAR = "#2563eb"
SECOND = "#9ca3af"

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number
    colour: str = BAR
    href: str = ""


@dataclass(frozen=True)
class Chart:
    """A drawing and the same figures as a table."""

    title: str
    description: str
    svg: SafeString
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return self.svg


def fmt(value: Number | None, unit: str = "") -> str:
    """1, 1.5, 33.3: at most one decimal, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{float(value):.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def _open(height: int, title: str, description: str) -> tuple[str, str]:
    uid = f"chart{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" font-family="{FONT}" font-size="13" '
        f'fill="{INK}" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(description)}</desc>'
    )
    return head, "</svg>"


def _clip(label: str, limit: int) -> str:
    """Chinese characters are about twice as wide as Latin ones; long labels end in an ellipsis."""
    width, out = 0, []
    for char in label:
        width += 2 if ord(char) > 0x2E80 else 1
        if width > limit:
            return "".join(out) + "…"
        out.append(char)
    return label


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    label_header: str,
    value_header: str,
    unit: str = "%",
    max_value: Number | None = 100,
    label_width: int = 190,
) -> Chart:
    """Horizontal bars, one per row, each labelled with its value. Long labels are cut; the table keeps them whole.

    With max_value None the longest bar is the largest value (for counts).
    """
    row_height, top = 26, 8
    label_room = int((label_width - 12) / 6.5)  # in half-width characters at 13px
    plot_width = WIDTH - label_width - 70
    height = top * 2 + row_height * max(len(bars), 1)
    largest = float(max_value) if max_value else max((float(bar.value) for bar in bars), default=0) or 1
    head, tail = _open(height, title, description)
    parts = [head]
    # The axis line, then a bar and its two labels per row.
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" stroke="{GRID}" stroke-width="1"/>'
    )
    for index, bar in enumerate(bars):
        y = top + index * row_height
        length = max(0.0, min(float(bar.value) / largest, 1.0)) * plot_width
        value_text = fmt(bar.value, unit)
        mark = (
            f"<g><title>{escape(bar.label)}: {escape(value_text)}</title>"
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(_clip(bar.label, label_room))}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" fill="{escape(bar.colour)}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}">{escape(value_text)}</text></g>'
        )
        if bar.href:
            mark = f'<a href="{escape(bar.href)}">{mark}</a>'
        parts.append(mark)
    parts.append(tail)
    rows = tuple((bar.label, value_text) for bar, value_text in ((bar, fmt(bar.value, unit)) for bar in bars))
    return Chart(title, description, mark_safe("".join(parts)), (label_header, value_header), rows)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]
    colour: str = BAR
    dashed: bool = False
    filled: bool = False


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    label_header: str,
    unit: str = "%",
    max_value: Number | None = 100,
) -> Chart:
    """Lines over categories (months, dates); a None value leaves a gap. Points carry their values as text.

    With max_value None the scale runs to the largest value (for counts, as in a burn-up).
    """
    left, right, top, bottom = 48, 16, 28, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values if v is not None]
    if max_value:
        largest = float(max_value)
    else:  # counts: a multiple of 4, so that the four grid steps are whole numbers
        largest = float(max(4, math.ceil(max(values, default=0) / 4) * 4))
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(labels) > 1 else plot_w / 2)

    def y(v: Number) -> float:
        return top + plot_h - min(max(float(v) / largest, 0.0), 1.0) * plot_h

    head, tail = _open(height, title, description)
    parts = [head]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        gy = top + plot_h - fraction * plot_h
        parts.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{WIDTH - right}" y2="{gy:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{gy + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(fmt(largest * fraction, unit))}</text>"
        )
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            # The last label ends at its point, so that it is not cut off at the right edge.
            anchor = "end" if i == len(labels) - 1 and len(labels) > 1 else "middle"
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="{anchor}" font-size="11">'
                f"{escape(label)}</text>"
            )
    for s in series:
        points = [(x(i), y(v), v) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        if s.filled:
            base = top + plot_h
            area = f"{points[0][0]:.1f},{base} {path} {points[-1][0]:.1f},{base}"
            parts.append(f'<polygon points="{area}" fill="{escape(s.colour)}" fill-opacity="0.15" stroke="none"/>')
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{escape(s.colour)}" stroke-width="2.5"{dash}>'
            f"<title>{escape(s.name)}</title></polyline>"
        )
        for px, py, v in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{escape(s.colour)}"><title>{escape(s.name)}: '
                f"{escape(fmt(v, unit))}</title></circle>"
            )
        last_x, last_y, last_v = points[-1]
        parts.append(
            f'<text x="{min(last_x, WIDTH - right - 4):.1f}" y="{last_y - 8:.1f}" text-anchor="end" '
            f'font-weight="bold">{escape(fmt(last_v, unit))}</text>'
        )
    # A legend: the series' names, with their line style, along the top.
    legend_x = left
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{legend_x}" y1="12" x2="{legend_x + 22}" y2="12" stroke="{escape(s.colour)}" '
            f'stroke-width="2.5"{dash}/><text x="{legend_x + 28}" y="16" font-size="12">{escape(s.name)}</text>'
        )
        legend_x += 40 + 13 * len(s.name)
    parts.append(tail)
    headers = (label_header, *(s.name for s in series))
    rows = tuple((label, *(fmt(s.values[i], unit) for s in series)) for i, label in enumerate(labels))
    return Chart(title, description, mark_safe("".join(parts)), headers, rows)


def burn_up(
    labels: Sequence[str],
    completed: Sequence[int | None],
    total: Sequence[int | None],
    *,
    title: str,
    description: str,
    label_header: str,
    completed_name: str,
    total_name: str,
) -> Chart:
    """Commitments completed against all commitments over time: the gap between the lines is the work left."""
    return line_chart(
        labels,
        [
            Series(total_name, total, colour=SECOND, dashed=True),
            Series(completed_name, completed, colour="#15803d", filled=True),
        ],
        title=title,
        description=description,
        label_header=label_header,
        unit="",
        max_value=None,
    )
