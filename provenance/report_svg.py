"""Helpers of the HTML report (`provenance.report`): reading the scraped date strings, and
the small inline SVG that puts a wire group's members on a date line.

Everything drawn here is plain inline SVG: no script, no ``url(...)`` reference (arrowheads
are drawn as polygons, not markers), no external resource; every label is escaped.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Optional

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YMD = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MON + r",?\s+(\d{4})", re.I)
_CJK = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _day(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day if 1900 <= y <= 2100 else None


def parse_date(value: Any) -> Optional[dt.date]:
    """The calendar day of a scraped date string (``2025-08-23``, ``Saturday, August 23,
    2025``, ``23.08.2025``, ``08/23/2025``, ``19 Dec, 2025``...), None when none is found.

    For display only: ``a/b/yyyy`` with both parts ≤ 12 is read month first (dots: day first).
    """
    if not isinstance(value, str) or not value:
        return None
    text = value[:200]
    m = _YMD.search(text) or _CJK.search(text)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MDY.search(text)
    if m:
        return _day(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _DMY.search(text)
    if m:
        return _day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _NUMERIC.search(text)
    if m:
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        y += 2000 if y < 100 else 0
        day_first = sep == "." or a > 12
        return _day(y, b, a) if day_first else _day(y, a, b)
    return None


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


#: Layout of the date line (pixels): a label column, the dated plot, an undated column.
WIDTH, ROW, TOP, GUTTER, LEFT, PLOT_RIGHT, UNDATED_X = 600, 17, 34, 150, 162, 470, 530
MAX_ROWS = 40


def _arrow(x0: float, y0: float, x1: float, y1: float, r: float) -> str:
    """A curve from (x0, y0) leaving downwards and arriving level at (x1, y1) (straight down
    when x1 = x0), stopped `r` short of it, with a triangular head."""
    straight = abs(x1 - x0) < 1
    ux, uy = (0.0, 1.0 if y1 >= y0 else -1.0) if straight else (1.0 if x1 > x0 else -1.0, 0.0)
    tx, ty = x1 - ux * r, y1 - uy * r
    path = (f"M{x0:.1f},{y0:.1f} L{tx:.1f},{ty:.1f}" if straight else
            f"M{x0:.1f},{y0:.1f} Q{x0:.1f},{y1:.1f} {tx:.1f},{ty:.1f}")
    bx, by, px, py = tx - ux * 6, ty - uy * 6, -uy * 3.5, ux * 3.5
    head = f"{tx:.1f},{ty:.1f} {bx + px:.1f},{by + py:.1f} {bx - px:.1f},{by - py:.1f}"
    return f'<path class="arr" d="{path}"/><polygon class="arrh" points="{head}"/>'


def timeline(members: list[dict]) -> str:
    """An inline SVG of a group: one row per member (its number and label at the left), its
    dot at x = its date (undated members in a column at the right), the origin ringed, and
    an arrow from the origin to every other member.

    `members` (origin first): dicts with ``num``, ``label``, ``tip`` (tooltip), ``date`` (a
    `datetime.date` or None), ``origin`` (bool) and ``fraction`` (0..1, the dot's opacity).
    """
    shown = members[:MAX_ROWS]
    days = [m["date"].toordinal() for m in shown if m["date"] is not None]
    lo, hi = (min(days), max(days)) if days else (0, 1)
    if hi - lo < 2:
        lo, hi = lo - 1, hi + 1
    scale = (PLOT_RIGHT - LEFT) / (hi - lo)

    def x_of(m: dict) -> float:
        return UNDATED_X if m["date"] is None else LEFT + (m["date"].toordinal() - lo) * scale

    height = TOP + ROW * len(shown) + (14 if len(members) > len(shown) else 4)
    out = [f'<svg class="timeline" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"'
           f' role="img" aria-label="members on a date line, arrows from the origin">']
    axis_y = TOP - 12
    if days:
        first, last = dt.date.fromordinal(min(days)), dt.date.fromordinal(max(days))
        out.append(f'<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{PLOT_RIGHT}" y2="{axis_y}"/>')
        for day in sorted({first, last}):
            x = LEFT + (day.toordinal() - lo) * scale
            anchor = "start" if x < LEFT + 60 else "end" if x > PLOT_RIGHT - 60 else "middle"
            out.append(f'<line class="tick" x1="{x:.1f}" y1="{axis_y - 3}" x2="{x:.1f}" y2="{axis_y + 3}"/>'
                       f'<text class="tickl" x="{x:.1f}" y="{axis_y - 6}" text-anchor="{anchor}">'
                       f'{day.isoformat()}</text>')
    else:
        out.append(f'<text class="tickl" x="{LEFT}" y="{axis_y - 6}">no member is dated</text>')
    if any(m["date"] is None for m in shown):
        sep = (PLOT_RIGHT + UNDATED_X) // 2
        out.append(f'<text class="tickl" x="{UNDATED_X}" y="{axis_y - 6}" text-anchor="middle">undated</text>'
                   f'<line class="sep" x1="{sep}" y1="{axis_y - 14}" x2="{sep}" y2="{height}"/>')
    ys = [TOP + ROW * i + ROW / 2 - 4 for i in range(len(shown))]
    for i, m in enumerate(shown):
        out.append(f'<line class="row" x1="{GUTTER}" y1="{ys[i]:.1f}" x2="{WIDTH - 8}" y2="{ys[i]:.1f}"/>')
    origin = next((i for i, m in enumerate(shown) if m["origin"]), None)
    if origin is not None:
        xo, yo = x_of(shown[origin]), ys[origin]
        for i, m in enumerate(shown):
            if i != origin:
                out.append(_arrow(xo, yo + (6 if i > origin else -6), x_of(m), ys[i], 6))
    for i, m in enumerate(shown):
        x, y = x_of(m), ys[i]
        dot = (f'<circle class="orig" cx="{x:.1f}" cy="{y:.1f}" r="6"/>' if m["origin"] else
               f'<circle class="mem" cx="{x:.1f}" cy="{y:.1f}" r="5" '
               f'fill-opacity="{0.3 + 0.7 * m["fraction"]:.2f}"/>')
        out.append(f'<g><title>{_e(m["tip"])}</title><text x="4" y="{y + 4:.1f}"><tspan class="n">'
                   f'{_e(m["num"])}</tspan> {_e(_short(str(m["label"]), 22))}</text>{dot}</g>')
    if len(members) > len(shown):
        out.append(f'<text class="tickl" x="4" y="{height - 3}">and {len(members) - len(shown)}'
                   f' more members, not drawn</text>')
    out.append("</svg>")
    return "".join(out)
