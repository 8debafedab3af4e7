"""Server-side SVG charts that read without colour: every value is written as text on the chart.

Bars carry a different fill pattern each (hatching, dots, cross-hatching...) beside their
label and value; grid cells print their number and shade by value, with the text
switching to white on dark cells for contrast. Every chart is an ``<svg role="img">``
with a title and a description that states the figures, and the pages put a data
table behind each one. No script: the markup is the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

BAR_ROW = 30
LABEL_WIDTH = 170
BAR_WIDTH = 380
VALUE_WIDTH = 90
_PATTERNS = (
    '<path d="M0,8 L8,0" stroke="#1d3557" stroke-width="2"/>',
    '<circle cx="4" cy="4" r="1.8" fill="#1d3557"/>',
    '<path d="M0,0 L8,8 M0,8 L8,0" stroke="#1d3557" stroke-width="1.2"/>',
    '<path d="M0,4 L8,4" stroke="#1d3557" stroke-width="2"/>',
    '<path d="M4,0 L4,8" stroke="#1d3557" stroke-width="2"/>',
    '<rect width="8" height="8" fill="#1d3557"/>',
    '<path d="M0,0 L8,8" stroke="#1d3557" stroke-width="2"/>',
    '<rect x="1" y="1" width="3" height="3" fill="#1d3557"/>',
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, bars: Sequence[tuple[str, float]], unit: str = "", patterned: bool = True
) -> Markup:
    """Horizontal bars, the label on the left and the value written at the bar's end.

    ``patterned`` gives each bar its own fill pattern (for categories); a series over time
    uses one pattern throughout.
    """
    top = max((v for _, v in bars), default=0.0) or 1.0
    height = max(len(bars), 1) * BAR_ROW + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    desc = "; ".join(f"{label}: {_number(v)}{unit}" for label, v in bars) or "no data"
    out = _open(chart_id, width, height, title, desc)
    out.append("<defs>")
    for k, shape in enumerate(_PATTERNS):
        out.append(
            f'<pattern id="{escape(chart_id)}-p{k}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="#f1f5fa"/>{shape}</pattern>'
        )
    out.append("</defs>")
    for k, (label, value) in enumerate(bars):
        y = 5 + k * BAR_ROW
        w = 0 if value <= 0 else max(2.0, BAR_WIDTH * value / top)
        out.append(
            f'<g class="bar"><text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{w:.1f}" height="{BAR_ROW - 8}" '
            f'fill="url(#{escape(chart_id)}-p{k % len(_PATTERNS) if patterned else 0})" stroke="#1d3557"/>'
            f'<text class="value" x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 19}">{_number(value)}{escape(unit)}</text></g>'
        )
    if not bars:
        out.append(f'<text x="{LABEL_WIDTH}" y="22">no data yet</text>')
    out.append("</svg>")
    return Markup("".join(out))


def heat_grid(
    chart_id: str,
    title: str,
    rows: Sequence[str],
    cols: Sequence[str],
    values: Mapping[tuple[str, str], float],
    row_axis: str = "",
    col_axis: str = "",
    cell: int = 44,
) -> Markup:
    """A grid of cells, one per (row, column), each printing its number and shaded by it."""
    left = 120
    slanted = any(len(c) * 7 > cell - 4 for c in cols)  # long column names are written at a slant
    head = 30 + (max((len(c) for c in cols), default=0) * 6 if slanted else 18)
    width, height = left + cell * max(len(cols), 1) + 60, head + cell * max(len(rows), 1) + 10
    top = max(values.values(), default=0) or 1
    cells = [f"{r} / {c}: {_number(values.get((r, c), 0))}" for r in rows for c in cols if values.get((r, c))]
    desc = f"{row_axis or 'rows'} by {col_axis or 'columns'}; " + ("; ".join(cells) or "all cells are zero")
    out = _open(chart_id, width, height, title, desc)
    if col_axis:
        out.append(f'<text class="axis" x="{left}" y="14">{escape(col_axis)} →</text>')
    if row_axis:
        out.append(f'<text class="axis" x="4" y="{head - 6}">{escape(row_axis)} ↓</text>')
    for j, col in enumerate(cols):
        x = left + j * cell + cell / 2
        if slanted:
            out.append(
                f'<text class="col" x="{x:.1f}" y="{head - 8}" transform="rotate(-40 {x:.1f} {head - 8})">'
                f"{escape(col)}</text>"
            )
        else:
            out.append(
                f'<text class="col" x="{x:.1f}" y="{head - 8}" text-anchor="middle">{escape(col)}</text>'
            )
    for i, row in enumerate(rows):
        y = head + i * cell
        out.append(
            f'<text class="row" x="{left - 6}" y="{y + cell / 2 + 5:.1f}" text-anchor="end">{escape(row)}</text>'
        )
        for j, col in enumerate(cols):
            value = values.get((row, col), 0)
            share = value / top
            shade = int(245 - 200 * share)
            fill = f"rgb({shade},{min(255, shade + 8)},{min(255, shade + 20)})"
            ink = "#ffffff" if share > 0.55 else "#111111"
            x = left + j * cell
            out.append(
                f'<g class="cell"><rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}" '
                f'stroke="#8a99ad"/><text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2 + 4:.1f}" '
                f'text-anchor="middle" fill="{ink}">{_number(value)}</text></g>'
            )
    out.append("</svg>")
    return Markup("".join(out))
