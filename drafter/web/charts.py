"""A small line chart as SVG, drawn on the server: one line per combination of a series' dimensions.

Why by hand: a dozen lines of SVG do what the page needs (the trend of a count over
its peildata) without a plotting library and without any script in the browser.
The output is built from numbers and escaped labels only.
"""
from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = ("#154273", "#ca005d", "#39870c", "#e17000", "#8fcae7", "#673327", "#f9e11e", "#a90061")


def line_chart(lines: dict[str, list[tuple[str, int]]], width: int = 560, height: int = 220,
               max_lines: int = 8) -> Markup:
    """``{label: [(x label, value), …]}`` -> an inline SVG (same x labels for every line, in order)."""
    lines = dict(list(lines.items())[:max_lines])
    xs = sorted({x for points in lines.values() for x, _ in points})
    values = [v for points in lines.values() for _, v in points]
    if not xs or not values:
        return Markup("")
    left, right, top, bottom = 56, 150, 12, 28
    top_value = max(values) or 1
    span_x = max(1, len(xs) - 1)

    def px(x: str) -> float:
        return left + (width - left - right) * xs.index(x) / span_x

    def py(v: int) -> float:
        return top + (height - top - bottom) * (1 - v / top_value)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{py(top_value) + 4:.1f}" text-anchor="end" font-size="10">'
             f'{top_value:,}</text>'.replace(",", "."),
             f'<text x="{left - 6}" y="{py(0) + 4:.1f}" text-anchor="end" font-size="10">0</text>']
    for x in xs:
        parts.append(f'<text x="{px(x):.1f}" y="{height - 8}" text-anchor="middle" font-size="10">{escape(x)}</text>')
    for i, (label, points) in enumerate(lines.items()):
        colour = COLOURS[i % len(COLOURS)]
        coords = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in sorted(points))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for x, v in points:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="2.5" fill="{colour}"><title>'
                         f'{escape(label)}: {v}</title></circle>')
        parts.append(f'<text x="{width - right + 8}" y="{top + 12 + 14 * i}" font-size="10" fill="{colour}">'
                     f'{escape(label[:24])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
