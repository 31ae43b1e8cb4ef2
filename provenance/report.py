"""Render a wire-tracing result as one self-contained HTML page.

The page is meant to be opened from disk or attached to an e-mail, so it carries its own CSS,
loads nothing remote and runs no script. Every string that came from a scraped page (text,
ids, titles, stats, errors) is untrusted: it is escaped with ``html.escape(quote=True)``
wherever it lands, attributes included, and a Content-Security-Policy forbids scripts and
remote loads as a second line of defence. Output is deterministic: same input, same bytes.

    >>> from provenance.report import render_report
    >>> html_page = render_report(records, groups)
"""
from __future__ import annotations

import html
from typing import Any, Iterable

__all__ = ["render_report"]

#: Most member columns shown side by side; more members wrap onto further rows.
MAX_COLUMNS = 4

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
section.wire{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}
.cols{display:grid;gap:.75em}.cols-1{grid-template-columns:1fr}
.cols-2{grid-template-columns:repeat(2,1fr)}.cols-3{grid-template-columns:repeat(3,1fr)}
.cols-4{grid-template-columns:repeat(4,1fr)}
.member{border:1px solid #ddd;border-radius:4px;padding:.5em;min-width:0}
.member.origin{border:2px solid #2a7}.meta{color:#555;font-size:.9em}
.bar{display:inline-block;width:6em;height:.6em;background:#eee;vertical-align:middle}
.bar>span{display:block;height:100%;background:#c63}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92em}
mark.exact{background:#ffd54f}mark.para{background:#9fd3ff}
.legend mark{padding:0 .3em}.err{color:#a00}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: Any) -> str:
    """Escape any value for HTML text *and* attributes; None renders as an empty string."""
    return html.escape("" if value is None else str(value), quote=True)


def _fraction(value: Any) -> float:
    """A derived fraction clamped to 0..1; bad or missing values count as 0 rather than crash."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if f != f else min(1.0, max(0.0, f))


def _offset(value: Any, length: int) -> int | None:
    """An offset clamped into ``0..length``; None when it is not a number at all."""
    try:
        return min(length, max(0, int(value)))
    except (TypeError, ValueError):
        return None


def _spans(passages: Iterable[dict], length: int) -> list[tuple[int, int, bool, list[str]]]:
    """Merge overlapping passages into ``(start, end, exact, partner_ids)`` spans.

    Overlaps are merged so marks never nest. A merged span is coloured "exact" only if every
    passage in it was an exact copy, so the exact colour never overstates verbatim copying.
    Offsets are clamped to the text; empty or inverted passages are dropped.
    """
    clean = []
    for p in passages or ():
        if not isinstance(p, dict):
            continue
        start, end = _offset(p.get("start"), length), _offset(p.get("end"), length)
        if start is None or end is None or start >= end:
            continue
        clean.append((start, end, bool(p.get("exact")), str(p.get("partner", ""))))
    merged: list[list] = []
    for start, end, exact, partner in sorted(clean):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1], last[2] = max(last[1], end), last[2] and exact
            last[3].add(partner)
        else:
            merged.append([start, end, exact, {partner}])
    return [(s, e, x, sorted(p for p in ps if p)) for s, e, x, ps in merged]


def highlight(text: str, passages: Iterable[dict]) -> str:
    """The text as escaped HTML with shared passages wrapped in ``<mark>``.

    The raw text is sliced at the offsets first and each slice escaped afterwards: escaping
    first would shift every offset past the first ``&`` or ``<``.
    """
    text = text or ""
    out, pos = [], 0
    for start, end, exact, partners in _spans(passages, len(text)):
        out.append(_e(text[pos:start]))
        kind = "exact" if exact else "para"
        label = ("exact copy" if exact else "paraphrase") + " shared with: " + ", ".join(partners)
        out.append(f'<mark class="{kind}" title="{_e(label)}">{_e(text[start:end])}</mark>')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _percent(fraction: float) -> str:
    """A fraction as a whole-number percentage string, e.g. ``0.426`` -> ``"43%"``."""
    return f"{round(fraction * 100)}%"


def _summary(records: list[dict], groups: dict) -> str:
    """Headline counts, then the pipeline's own stats dict as a small key/value table."""
    errors = sum(1 for r in records if r.get("error"))
    counts = [("documents", len(records)), ("wire groups", len(groups.get("wire_groups") or [])),
              ("event groups", len(groups.get("event_groups") or [])), ("errors", errors)]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in counts)
    stats = groups.get("stats") or {}
    stat_rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in stats.items())
    stats_html = f"<h3>stats</h3><table class=\"stats\">{stat_rows}</table>" if stat_rows else ""
    return f'<h2>Summary</h2><table class="counts">{rows}</table>{stats_html}'


def _member_order(member: dict) -> tuple:
    """Origin first, then most derived first; the id breaks ties so the order is stable."""
    return (not member.get("origin"), -_fraction(member.get("derived_fraction")),
            str(member.get("id", "")))


def _member(member: dict, record: dict | None) -> str:
    """One column: id, title, date, derived-fraction bar and the highlighted text."""
    fraction = _fraction(member.get("derived_fraction"))
    origin = bool(member.get("origin"))
    head = f'<div class="meta"><b>{_e(member.get("id"))}</b>{" (origin)" if origin else ""}'
    if record is None:
        return f'<div class="member">{head}<br><i>no record for this id</i></div></div>'
    head += f'<br>{_e(record.get("title") or "(untitled)")}<br>{_e(record.get("date") or "")}'
    bar = (f'<br>derived: {_percent(fraction)} <span class="bar">'
           f'<span style="width:{_percent(fraction)}"></span></span></div>')
    body = highlight(record.get("text") or "", record.get("passages") or [])
    css = "member origin" if origin else "member"
    return f'<div class="{css}">{head}{bar}<div class="text">{body}</div></div>'


def _wire_group(index: int, group: dict, by_id: dict[str, dict]) -> str:
    """One wire group: id, origin, the collapsed wire text and its members side by side."""
    members = sorted((m for m in group.get("members") or [] if isinstance(m, dict)),
                     key=_member_order)
    cols = min(MAX_COLUMNS, max(1, len(members)))
    columns = "".join(_member(m, by_id.get(str(m.get("id")))) for m in members)
    return (f'<section class="wire" id="wg-{index}"><h3>wire group {_e(group.get("id"))}</h3>'
            f'<p>origin: <b>{_e(group.get("origin"))}</b> &middot; {len(members)} members</p>'
            f'<details><summary>reconstructed wire text</summary>'
            f'<div class="text">{_e(group.get("text") or "")}</div></details>'
            f'<div class="cols cols-{cols}">{columns}</div></section>')


def _event_groups(events: list[dict], by_id: dict[str, dict], anchors: dict[str, int]) -> str:
    """Event groups with each member's wire group, linked to that group's section."""
    parts = []
    for event in events:
        items = []
        for member_id in event.get("members") or []:
            wire = (by_id.get(str(member_id)) or {}).get("wire_group")
            if wire is None:
                wire_html = "<i>no wire group</i>"
            elif str(wire) in anchors:
                wire_html = f'<a href="#wg-{anchors[str(wire)]}">{_e(wire)}</a>'
            else:
                wire_html = _e(wire)
            items.append(f"<li>{_e(member_id)} &mdash; wire group: {wire_html}</li>")
        wires = ", ".join(_e(w) for w in event.get("wire_groups") or []) or "none"
        parts.append(f'<section class="event"><h3>event group {_e(event.get("id"))}</h3>'
                     f'<p>wire groups: {wires}</p><ul>{"".join(items)}</ul></section>')
    return "".join(parts) or "<p>none</p>"


def _errors(records: list[dict]) -> str:
    """Documents that failed to clean, with their error message."""
    rows = "".join(f'<li><b>{_e(r.get("id"))}</b>: <span class="err">{_e(r.get("error"))}</span></li>'
                   for r in records if r.get("error"))
    return f"<ul>{rows}</ul>" if rows else "<p>none</p>"


def render_report(records: list[dict], groups: dict, *,
                  title: str = "provenance trace report") -> str:
    """Return one self-contained HTML page describing `records` and their `groups`.

    `records` are the per-document dicts (text, passages, wire/event group, ...); `groups`
    holds ``wire_groups``, ``event_groups`` and ``stats``. Missing keys render as empty.
    """
    records = [r for r in records or [] if isinstance(r, dict)]
    groups = groups or {}
    by_id: dict[str, dict] = {}
    for record in records:
        by_id.setdefault(str(record.get("id")), record)
    wires = [g for g in groups.get("wire_groups") or [] if isinstance(g, dict)]
    events = [g for g in groups.get("event_groups") or [] if isinstance(g, dict)]
    # Anchors use the group's position, never its id, so no page string reaches an href.
    anchors: dict[str, int] = {}
    for i, g in enumerate(wires):
        anchors.setdefault(str(g.get("id")), i)
    wire_html = "".join(_wire_group(i, g, by_id) for i, g in enumerate(wires)) or "<p>none</p>"
    legend = ('<p class="legend"><mark class="exact">exact copy</mark> '
              '<mark class="para">paraphrase</mark></p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>"
            f"<h1>{_e(title)}</h1>{_summary(records, groups)}"
            f"<h2>Wire groups</h2>{legend}{wire_html}"
            f"<h2>Event groups</h2>{_event_groups(events, by_id, anchors)}"
            f"<h2>Documents with errors</h2>{_errors(records)}</body></html>\n")
