"""Render a wire-tracing result as one self-contained HTML page a reader can browse.

Layout: a one-line summary, an index of the wire groups (largest first) and of the event
groups, then one collapsible section per wire group (the largest few open): a date line of
its members (inline SVG), a member table (site, link, date, derived fraction, title) and each
member's text with exact copies and paraphrase marked apart, every span labelled with the
number of the member it is shared with; the run's counters last, collapsed. ``@media print``
keeps a large report to a few pages (closed sections print closed).

The page is meant to be opened from disk or attached to an e-mail, so it carries its own CSS,
loads nothing and runs no script. Every string that came from a scraped page (text, ids,
titles, URLs, stats, errors) is untrusted: it is escaped with ``html.escape(quote=True)``
wherever it lands, attributes included; only ``http(s)`` URLs become links (``rel=noreferrer``,
and anchors never carry a page string unless it is a plain hex group id); a
Content-Security-Policy forbids scripts and remote loads as a second line of defence. Output
is deterministic: same input, same bytes. `records` is read once; only grouped documents are
kept (texts of wire-group members only), so time and memory are linear in the corpus.

    >>> from provenance.report import render_report
    >>> html_page = render_report(records, groups)
"""
from __future__ import annotations

import html
import re
from typing import Any, Iterable, Optional
from urllib.parse import urlsplit

from .report_style import CSS
from .report_svg import parse_date, timeline

__all__ = ["render_report", "highlight"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'"
OPEN_GROUPS = 3          # the largest groups' sections start open
LABEL_GAP = 200          # a span's partner label is repeated after this much unshared text
MAX_LABELS = 4           # partner numbers shown per span (all of them in the tooltip)
_DASH = '<span class="muted">—</span>'
_HEX_ID = re.compile(r"[we][0-9a-f]{1,64}")
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.I)
_STAT_NAMES = {
    "documents": "documents", "errors": "documents with errors",
    "lsh_pairs": "candidate pairs from MinHash LSH", "lsh_pairs_kept": "LSH pairs kept",
    "event_candidates": "same-event candidate pairs", "candidate_pairs": "candidate pairs aligned",
    "verified_pairs": "pairs verified", "derived_links": "derived links (copy or paraphrase)",
    "event_links": "same-event links", "wire_groups": "wire groups", "event_groups": "event groups",
    "clean_s": "cleaning", "signatures_s": "signatures", "candidates_s": "candidate search",
    "alignment_s": "alignment", "groups_s": "grouping"}


def _e(value: Any) -> str:
    """Escape any value for HTML text *and* attributes; None renders as an empty string."""
    return html.escape("" if value is None else str(value), quote=True)


def _short(text: str, n: int) -> str:
    """`text` cut to `n` characters at a word boundary when it can, with an ellipsis."""
    if len(text) <= n:
        return text
    cut = text[:n - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > n // 2 else cut).rstrip(" ,;:.-") + "…"


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
    except (TypeError, ValueError, OverflowError):
        return None


def _spans(passages: Iterable[dict], length: int) -> list[tuple[int, int, bool, list[str]]]:
    """The marked spans of a text as ``(start, end, exact, partner_ids)``, in order.

    Each character is *exact* when any exact passage covers it, else *paraphrase* when any
    paraphrase passage does, else plain (so an exact copy is never shown as paraphrase, and
    marks never nest); a span is a maximal run of one kind, its partners those of the passages
    of that kind over it. A sweep over the passages' ends: O(p log p), whatever the text length.
    Offsets are clamped to the text; empty, inverted or malformed passages are dropped.
    """
    events = []
    for p in passages or ():
        if not isinstance(p, dict):
            continue
        start, end = _offset(p.get("start"), length), _offset(p.get("end"), length)
        if start is None or end is None or start >= end:
            continue
        kind, partner = (1 if p.get("exact") else 0), str(p.get("partner") or "")
        events += [(start, 1, kind, partner), (end, -1, kind, partner)]
    events.sort()
    active: list[dict[str, int]] = [{}, {}]      # paraphrase, exact: partner -> open passages
    runs: list[list] = []
    for k, (pos, step, kind, partner) in enumerate(events):
        left = active[kind]
        left[partner] = left.get(partner, 0) + step
        if not left[partner]:
            del left[partner]
        nxt = events[k + 1][0] if k + 1 < len(events) else pos
        if nxt == pos:
            continue                             # more events at this position first
        level = 2 if active[1] else 1 if active[0] else 0
        if not level:
            continue
        if runs and runs[-1][1] == pos and runs[-1][2] == level:
            runs[-1][1] = nxt
            runs[-1][3].update(active[level - 1])
        else:
            runs.append([pos, nxt, level, set(active[level - 1])])
    return [(s, e, lv == 2, sorted(p for p in ps if p)) for s, e, lv, ps in runs]


def _label(partners: list[str], labels: dict[str, tuple[int, str]]) -> str:
    """The superscript naming a span's partners: member numbers linked to the member's card."""
    known = sorted((labels[p] for p in partners if p in labels), key=lambda t: t[0])
    items = [f'<a href="#{a}">{n}</a>' for n, a in known]
    items += [_e(_short(p, 14)) for p in partners if p not in labels]
    more = f",+{len(items) - MAX_LABELS}" if len(items) > MAX_LABELS else ""
    return f'<sup class="ref">{",".join(items[:MAX_LABELS])}{more}</sup>' if items else ""


def highlight(text: str, passages: Iterable[dict],
              labels: Optional[dict[str, tuple[int, str]]] = None) -> str:
    """The text as escaped HTML with shared spans wrapped in ``<mark class="exact|para">``.

    With `labels` (partner id -> (member number, anchor)) each span is preceded by a
    superscript naming its partners, repeated only when they change or after LABEL_GAP
    characters of unshared text. The raw text is sliced at the offsets first and each slice
    escaped afterwards: escaping first would shift every offset past the first ``&`` or ``<``.
    """
    text = text or ""
    out, pos, previous, last_end = [], 0, None, -LABEL_GAP - 1
    for start, end, exact, partners in _spans(passages, len(text)):
        out.append(_e(text[pos:start]))
        if labels is not None and (partners != previous or start - last_end > LABEL_GAP):
            out.append(_label(partners, labels))
        kind = "exact" if exact else "para"
        tip = ("exact copy" if exact else "paraphrase") + " shared with: " + ", ".join(partners)
        out.append(f'<mark class="{kind}" title="{_e(tip)}">{_e(text[start:end])}</mark>')
        pos, previous, last_end = end, partners, end
    out.append(_e(text[pos:]))
    return "".join(out)


def _percent(fraction: float) -> str:
    """A fraction as a whole-number percentage string, e.g. ``0.426`` -> ``"43%"``."""
    return f"{round(fraction * 100)}%"


def _host(url: Any) -> str:
    """The host of a URL, '' when there is none (or the URL is malformed)."""
    try:
        return (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    except ValueError:
        return ""


def _site(record: Optional[dict]) -> str:
    """The record's `site`, else its URL's host, else ''."""
    if not record:
        return ""
    site = record.get("site")
    return str(site) if site not in (None, "") else _host(record.get("url"))


def _link(url: Any) -> str:
    """An http(s) URL as a link that sends no referrer; anything else (``javascript:``...)
    as inert text."""
    if not url:
        return _DASH
    url = str(url)
    if _WEB_URL.fullmatch(url):
        return f'<a class="url" href="{_e(url)}" rel="noreferrer">{_e(_short(url, 60))}</a>'
    return f'<span class="badurl" title="not an http(s) link">{_e(_short(url, 60))}</span>'


def _list(names: list[str], n: int = 3) -> str:
    """Up to `n` names, then how many more."""
    more = f" +{len(names) - n} more" if len(names) > n else ""
    return _e(", ".join(names[:n])) + more


def _span(days: list) -> str:
    """Earliest–latest of some dates, as ISO days."""
    days = [d for d in days if d is not None]
    if not days:
        return '<span class="muted">undated</span>'
    lo, hi = min(days).isoformat(), max(days).isoformat()
    return lo if lo == hi else f"{lo} – {hi}"


class _Group:
    """A wire group with what its index row and section need."""

    def __init__(self, group: dict, by_id: dict[str, dict]):
        self.group, self.id = group, str(group.get("id"))
        self.members = sorted((m for m in group.get("members") or [] if isinstance(m, dict)),
                              key=lambda m: (not m.get("origin"), -_fraction(m.get("derived_fraction")),
                                             str(m.get("id", ""))))
        self.records = [by_id.get(str(m.get("id"))) for m in self.members]
        origin_id = str(group.get("origin"))
        self.origin = by_id.get(origin_id) or next((r for r in self.records if r), None)
        self.title = str((self.origin or {}).get("title") or "").strip()
        self.sites = sorted({s for s in map(_site, self.records) if s})
        self.days = [parse_date(r.get("date")) if r else None for r in self.records]
        self.anchor = ""

    def headline(self, shared_titles: set) -> str:
        if self.title and self.title not in shared_titles:
            return _short(" ".join(self.title.split()), 110)
        text = " ".join(str((self.origin or {}).get("text") or "")[:400].split())
        return _short(text, 80) if text else f"wire group {self.id}"


def _index(groups: list[_Group], heads: dict, events: list[dict], anchors: dict,
           by_id: dict, in_wire: set) -> str:
    """The table of wire groups (linked to their sections) and of event groups."""
    rows = "".join(
        f'<tr><td class="n">{i}</td><td><a href="#{g.anchor}">{_e(heads[g.anchor])}</a></td>'
        f'<td class="n">{len(g.members)}</td><td>{_list(g.sites) or _DASH}</td>'
        f'<td class="nowrap">{_span(g.days)}</td></tr>' for i, g in enumerate(groups, 1))
    out = [f'<nav id="index"><h2>Wire groups, largest first ({len(groups)})</h2>']
    out.append('<table class="index"><tr><th class="n">#</th><th>story (headline of the origin)</th>'
               f'<th class="n">members</th><th>sites</th><th>dates</th></tr>{rows}</table>'
               if groups else "<p>none</p>")
    out.append(f"<h2>Event groups ({len(events)})</h2>" + (
        '<p class="muted">An event group holds several stories on one event: wire groups that '
        "share no text, and articles in no wire group (solo).</p>" if events else "<p>none</p>"))
    rows = []
    for event in sorted(events, key=lambda e: (-len(e.get("members") or []), str(e.get("id")))):
        stories = []
        for w in event.get("wire_groups") or []:
            a = anchors.get(str(w))
            stories.append(f'<li><a href="#{a}">{_e(heads[a])}</a></li>' if a else f"<li>{_e(w)}</li>")
        solo = []
        for m in event.get("members") or []:
            if str(m) not in in_wire:
                r = by_id.get(str(m)) or {}
                solo.append(f'<li><b>{_e(m)}</b> {_e(_site(r))} <span class="ttl">'
                            f'{_e(_short(str(r.get("title") or ""), 90))}</span></li>')
        rows.append(f'<tr><td>{_e(event.get("id"))}</td><td class="n">{len(event.get("members") or [])}'
                    f'</td><td><ul>{"".join(stories)}</ul></td><td><ul>{"".join(solo)}</ul></td></tr>')
    if rows:
        out.append('<table class="index events"><tr><th>event group</th><th class="n">documents</th>'
                   f'<th>wire groups (stories)</th><th>solo members</th></tr>{"".join(rows)}</table>')
    out.append("</nav>")
    return "".join(out)


def _member_row(num: int, m: dict, record: Optional[dict], anchor: str) -> str:
    fraction = _fraction(m.get("derived_fraction"))
    r = record or {}
    css = ' class="origin"' if m.get("origin") else ""
    return (f'<tr{css}><td><a href="#{anchor}-m{num}"><span class="num">{num}</span></a></td>'
            f'<td><b>{_e(m.get("id"))}</b>{" (origin)" if m.get("origin") else ""}</td>'
            f'<td>{_e(_site(record))}</td><td class="nowrap">{_e(r.get("date") or "")}</td>'
            f'<td class="nowrap"><span class="bar"><span style="width:{_percent(fraction)}"></span>'
            f'</span>{_percent(fraction)}</td><td class="t">{_e(r.get("title") or "")}</td>'
            f"<td>{_link(r.get('url')) if record else ''}</td></tr>")


def _member_card(num: int, m: dict, record: Optional[dict], anchor: str, labels: dict) -> str:
    """One member: number, id, site, date, derived-fraction bar, title and marked text."""
    fraction = _fraction(m.get("derived_fraction"))
    origin = bool(m.get("origin"))
    css = "member origin" if origin else "member"
    head = (f'<div class="{css}" id="{anchor}-m{num}"><div class="meta"><span class="num">{num}'
            f'</span> <b>{_e(m.get("id"))}</b>{" (origin)" if origin else ""}')
    if record is None:
        return f'{head}<br><i>no record for this id</i></div></div>'
    site = _site(record)
    date = record.get("date")
    head += (f'{" · " + _e(site) if site else ""}{" · " + _e(date) if date else ""}'
             f' · <span class="nowrap">derived: {_percent(fraction)} <span class="bar"><span '
             f'style="width:{_percent(fraction)}"></span></span></span><br><span class="ttl">'
             f'{_e(record.get("title") or "(untitled)")}</span></div>')
    body = highlight(record.get("text") or "", record.get("passages") or [], labels)
    return f'{head}<div class="text">{body}</div></div>'


def _section(rank: int, g: _Group, headline: str) -> str:
    """One wire group as a collapsible section."""
    a = g.anchor
    labels = {str(m.get("id")): (n, f"{a}-m{n}") for n, m in enumerate(g.members, 1)}
    dots = [{"num": n, "label": _site(r) or str(m.get("id")), "date": day,
             "origin": bool(m.get("origin")), "fraction": _fraction(m.get("derived_fraction")),
             "tip": f'{m.get("id")} · {(r or {}).get("date") or "undated"} · derived '
                    f'{_percent(_fraction(m.get("derived_fraction")))}'}
            for n, (m, r, day) in enumerate(zip(g.members, g.records, g.days), 1)]
    rows = "".join(_member_row(n, m, r, a) for n, (m, r) in enumerate(zip(g.members, g.records), 1))
    cards = "".join(_member_card(n, m, r, a, labels)
                    for n, (m, r) in enumerate(zip(g.members, g.records), 1))
    sites = _words(len(g.sites), "site", "sites")
    members = _words(len(g.members), "member", "members")
    return (f'<details class="wire" id="{a}"{" open" if rank <= OPEN_GROUPS else ""}><summary>'
            f'<span class="rank">{rank}</span> {_e(headline)} <span class="gmeta">· {members} · '
            f'{sites} · {_span(g.days)}</span></summary><div class="gbody">'
            f'<p class="gid">wire group {_e(g.id)} · origin <b>{_e(g.group.get("origin"))}</b> · '
            f'{members}</p><div class="overview">{timeline(dots)}'
            f'<table class="members"><tr><th>#</th><th>document</th><th>site</th><th>date</th>'
            f'<th>derived</th><th>title</th><th>URL</th></tr>{rows}</table></div>'
            f'<details><summary>reconstructed wire text</summary>'
            f'<div class="text">{_e(g.group.get("text") or "")}</div></details>'
            f'<div class="cols">{cards}</div></div></details>')


def _stat_value(key: str, value: Any) -> str:
    if key.endswith("_s") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.1f} s"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _run_details(stats: dict) -> str:
    """The pipeline's counters and timings, with readable names, collapsed."""
    if not isinstance(stats, dict) or not stats:
        return ""
    rows = "".join(f'<tr><th>{_e(_STAT_NAMES.get(str(k), str(k).replace("_", " ")))}</th>'
                   f'<td class="n">{_e(_stat_value(str(k), v))}</td></tr>' for k, v in stats.items())
    return f'<details class="run"><summary>Run details</summary><table class="stats">{rows}</table></details>'


def _words(n: int, one: str, many: str) -> str:
    return f"{'no' if n == 0 else f'{n:,}'} {one if n == 1 else many}"


def render_report(records: Iterable[dict], groups: dict, *,
                  title: str = "provenance trace report") -> str:
    """Return one self-contained HTML page describing `records` and their `groups`.

    `records` are the per-document dicts (text, passages, wire/event group, ...), iterated
    once; `groups` holds ``wire_groups``, ``event_groups`` and ``stats``. Missing keys render
    as empty.
    """
    groups = groups if isinstance(groups, dict) else {}
    wires = [g for g in groups.get("wire_groups") or [] if isinstance(g, dict)]
    events = [g for g in groups.get("event_groups") or [] if isinstance(g, dict)]
    in_wire = {str(m.get("id")) for g in wires for m in g.get("members") or [] if isinstance(m, dict)}
    in_event = {str(m) for e in events for m in e.get("members") or []}
    by_id: dict[str, dict] = {}
    n_docs, errors = 0, []
    for record in records if records is not None else ():
        if not isinstance(record, dict):
            continue
        n_docs += 1
        rid = str(record.get("id"))
        if record.get("error"):
            errors.append((rid, _short(str(record.get("error")), 500)))
        if rid in by_id:
            continue
        if rid in in_wire:
            by_id[rid] = record
        elif rid in in_event:                     # solo member of an event: no text kept
            by_id[rid] = {k: record.get(k) for k in ("id", "title", "site", "url")}
    ranked = sorted((_Group(g, by_id) for g in wires), key=lambda g: (-len(g.members), g.id))
    anchors: dict[str, str] = {}                  # group id -> anchor of its (first) section
    for i, g in enumerate(ranked, 1):
        g.anchor = g.id if _HEX_ID.fullmatch(g.id) and g.id not in anchors else f"w-{i}"
        anchors.setdefault(g.id, g.anchor)
    seen: dict[str, int] = {}
    for g in ranked:                              # a title on several stories is a site's title
        seen[g.title] = seen.get(g.title, 0) + 1
    shared = {t for t, n in seen.items() if n > 1}
    heads = {g.anchor: g.headline(shared) for g in ranked}
    grouped = len({m for m in in_wire if m in by_id})
    shared_by = (f"{grouped:,} of them in {_words(len(ranked), 'wire group', 'wire groups')} "
                 f"(stories copied or paraphrased between documents)" if ranked else "no wire groups")
    summary = (f"{_words(n_docs, 'document', 'documents')}; {shared_by}; "
               f"{_words(len(events), 'event group', 'event groups')}; "
               f"{_words(len(errors), 'error', 'errors')}.")
    legend = ('<p class="legend"><mark class="exact">exact copy</mark> <mark class="para">'
              'paraphrase</mark> shared with another member, unshared text plain; '
              '<sup class="ref">2</sup> = shared with member 2 of the group (repeated when the '
              'partner changes); derived = share of the text that comes from the story</p>')
    sections = "".join(_section(i, g, heads[g.anchor]) for i, g in enumerate(ranked, 1))
    err = "".join(f'<li><b>{_e(i)}</b>: <span class="err">{_e(m)}</span></li>' for i, m in errors)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>"
            f'<h1>{_e(title)}</h1><p class="summary">{_e(summary)}</p>'
            f"{_index(ranked, heads, events, anchors, by_id, in_wire)}"
            f"<h2>Wire groups</h2>{legend}{sections or '<p>none</p>'}"
            f'<details class="errors"><summary>Documents with errors ({len(errors):,})</summary>'
            f'{f"<ul>{err}</ul>" if err else "<p>none</p>"}</details>'
            f"{_run_details(groups.get('stats'))}</body></html>\n")
