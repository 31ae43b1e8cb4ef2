"""Document metadata: title, date (ISO 8601 day), author, url, hostname, site name.

One entry point, `fill_metadata(doc, first_body, title_index)`, called by the block typer once
a document's blocks have their kinds. It reads the hints the segmenter left in ``doc.meta``
(HTML: <title>, every <meta> (key, content) pair, JSON-LD script texts, canonical link,
``<html lang>``, rel=author texts; plain text: the metadata prefixes cut from the first lines)
and the typed blocks, and fills what the document does not have yet: a value already in
``doc.title``/``doc.date``/``doc.author`` is kept (a date is only normalised to ISO).

Order of evidence:
- title (HTML): a heading near the article start that matches a markup title (JSON-LD
  headline, og:title, <title> without its site name) — the headline as the page shows it —,
  else the best markup title, else the first <h1> that is no site name; never a navigation
  line. Plain text: `titles.text_title_index` (headline-shaped, not named by the block typer, not
  cut, the most article-like).
- date: the markup first (JSON-LD datePublished/dateCreated, then published-time <meta>s, then
  the first <time datetime>), then the text (the date lines near the title, then any date
  line), each read by `dates.parse_date` with the page's numeric order (`dates.numeric_order`).
- author: person names from the markup (JSON-LD Person authors, author <meta>s, rel=author)
  and from the bylines of the text (byline blocks and byline-classed blocks near the title,
  "By" / "Name" split over two blocks joined); the text's names when they include the
  markup's (a fuller list), else the markup's, else the text's; non-names rejected
  (`authors.is_name`). Several names are joined with ", ".
Extra keys set in ``doc.meta``: ``url``, ``hostname``, ``sitename``, ``html_lang`` (declared).
"""
from __future__ import annotations

import re

from .authors import NOT_AUTHOR_LINE, byline_prefix_only, clean_byline, is_name, last_first, starts_with_byline_word
from .dates import numeric_order, parse_date
from .markup import (META_AUTHOR_KEYS, META_DATE_KEYS, META_WEAK_DATE_KEYS, META_SITE_KEYS, META_TITLE_KEYS, META_URL_KEYS,
                     hostname_of, meta_candidates, meta_index, parse_jsonld)
from .titles import (GENERIC_TITLES, is_generic, is_navigation_line, looks_like_headline, split_title,
                     strip_site_name, text_title_index, title_words)

__all__ = ["fill_metadata", "parse_date", "numeric_order", "is_navigation_line", "clean_byline"]

_BYLINE_ATTR = re.compile(r"author|byline|writer|contributor|posted-by|reporter|autor|auteur", re.I)


def _byline_attr(attrs: str) -> bool:
    """`_BYLINE_ATTR` finds a word in the class/id text: for ASCII text, substring tests of its
    lower case (the same answer: an ASCII text matches the ASCII words case-insensitively
    exactly where its lower case holds them), five times faster than the regex's scan."""
    if attrs.isascii():
        a = attrs.lower()
        return ("author" in a or "byline" in a or "writer" in a or "contributor" in a or "posted-by" in a
                or "reporter" in a or "autor" in a or "auteur" in a)
    return _BYLINE_ATTR.search(attrs) is not None
_TITLE_LABEL = re.compile(r"^\s*(?:title|titre|titel|título)\s*:\s*", re.I)
#: Blocks looked at before and after the article's first body block for the headline, bylines
#: and date lines.
HEAD_BEFORE, HEAD_AFTER = 25, 8
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Kinds of blocks that are no headline unless they are a heading element.
_NOT_TITLE_KINDS = frozenset(("navigation", "share", "date", "byline", "related", "note", "foreign-script"))


def _sitename(meta: dict, ld: dict, metas, hostname) -> str | None:
    for v in meta_candidates(metas, META_SITE_KEYS[:1]):
        return v
    if ld.get("publisher"):
        return ld["publisher"]
    for v in meta_candidates(metas, META_SITE_KEYS[1:3]):
        return v
    title = meta.get("html_title") or ""
    parts = split_title(title)
    if len(parts) >= 2 and len(parts[-1].split()) <= 5 and parts[-1] != strip_site_name(title, (), hostname):
        return parts[-1]
    return None


def _html_title(doc, ld: dict, metas, sitenames, hostname, first_body: int) -> tuple[str | None, int | None]:
    meta = doc.meta
    hints = []
    for h in [ld.get("headline")] + meta_candidates(metas, META_TITLE_KEYS) + [meta.get("html_title")]:
        if h:
            h = strip_site_name(h, sitenames, hostname)
            if h and h not in hints and not is_navigation_line(h):
                hints.append(h)
    blocks = doc.blocks
    lo, hi = max(0, first_body - HEAD_BEFORE), min(len(blocks), first_body + 3)
    best, best_score = None, 0.0
    hint_words = [h for h in (set(title_words(h)) for h in hints) if h]
    site_keys = {" ".join(title_words(s)) for s in sitenames}
    for i in range(lo, hi):
        b = blocks[i]
        text = b.text
        if len(text) > 300 or (b.kind in _NOT_TITLE_KINDS and b.tag not in _HEADINGS):
            continue
        text = _TITLE_LABEL.sub("", text)
        if len(text) > 12 and any(sep in text for sep in (" | ", " - ", " – ", " — ")):
            text = strip_site_name(text, sitenames, hostname, guess=False)
        words = title_words(text)
        if not words or len(words) > 45 or is_navigation_line(text):
            continue
        key = " ".join(words)
        if key in GENERIC_TITLES or key in site_keys:
            continue
        ws = set(words)
        score = max((len(ws & h) / max(len(ws), len(h)) for h in hint_words), default=0.0)
        if b.tag == "h1":
            score += 0.5
        elif b.tag in ("h2", "h3"):
            score += 0.2
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 0.6:
        text = _TITLE_LABEL.sub("", blocks[best].text)
        if len(text) > 12 and any(sep in text for sep in (" | ", " - ", " – ", " — ")):
            text = strip_site_name(text, sitenames, hostname, guess=False)
        return text, best
    for i in range(lo, hi):
        b = blocks[i]
        if b.tag == "h1" and looks_like_headline(b.text) and not is_generic(b.text, sitenames):
            return b.text, i
    for h in hints:
        if not is_generic(h, sitenames):
            return h, None
    return None, None


def _markup_date(ld: dict, metas, dmy) -> str | None:
    for v in [ld.get("date")] + meta_candidates(metas, META_DATE_KEYS):
        d = parse_date(v, dmy) if v else None
        if d:
            return d
    return None


def _weak_markup_date(metas, meta: dict, dmy) -> str | None:
    for v in meta_candidates(metas, META_WEAK_DATE_KEYS) + [meta.get("time_datetime")]:
        d = parse_date(v, dmy) if v else None
        if d:
            return d
    return None


_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
_DIGIT = re.compile(r"\d")


def _has_year(text: str) -> bool:
    """`_HAS_YEAR` finds something in `text`; asked first whether it has a digit at all (both
    read \\d the same way), which most short lines do not: a third of the regex's cost."""
    return _DIGIT.search(text) is not None and _HAS_YEAR.search(text) is not None


def _near_order(lo: int, hi: int, anchor: int | None) -> list[int]:
    """Indexes lo..hi-1 from the anchor (the title block, else the first body block) onward,
    then backward from it: the date or byline nearest the headline comes first."""
    a = lo if anchor is None else min(max(anchor, lo), hi)
    return list(range(a, hi)) + list(range(a - 1, lo - 1, -1))


def _head_date(blocks, order: list[int], dmy) -> str | None:
    """The date line nearest the headline, or a short non-body block there with a date in it
    ("By Jane Doe on 04-ago-2021", "Essay - Published: 2025.12.17 | …", "Name | Senior Writer |
    July 2, 2025")."""
    for i in order:
        b = blocks[i]
        if b.kind == "date":
            d = parse_date(b.text, dmy)
            if d:
                return d
            continue
        if b.kind == "title" or len(b.text) > 120 or (b.kind in ("body", "navigation") and len(b.text.split()) > 12):
            continue
        if _has_year(b.text):
            d = parse_date(b.text, dmy, fallback=False)
            if d:
                return d
    return None


def _text_date(blocks, dmy) -> str | None:
    for b in blocks:
        if b.kind == "date":
            d = parse_date(b.text, dmy)
            if d:
                return d
    return None


_LEADING_DATE_BY = re.compile(r"^(?P<date>[^A-Za-z]{0,3}[\w ,./-]{4,30}?)\s+(?=by\s)", re.IGNORECASE)


def _dated_name(text: str, sitenames, hostname) -> list[str]:
    """The names of a short line that is a name and a date ("Aaron Ricadela | Senior Writer |
    July 2, 2025", "Ryan Bald 02 Feb 2026 Product Reviews") or a date and a byline ("03/01/2017 by
    Agatha Caleo, Candidate Representative")."""
    if len(text) > 120 or not _has_year(text) or parse_date(text, fallback=False) is None:
        return []
    m = _LEADING_DATE_BY.match(text)
    if m and parse_date(m.group("date"), fallback=False):
        return clean_byline(text[m.end():], sitenames, hostname)
    names = clean_byline(text, sitenames, hostname)
    if starts_with_byline_word(text):         # "By Genaveve Bradshaw ⋅ Senior Review Analyst ⋅ Updated …"
        return names
    return names if len(names) == 1 and len(names[0].split()) >= 2 and text.startswith(names[0]) else []


def _byline_names(blocks, order, html: bool, sitenames, hostname) -> list[str]:
    dated = []
    for i in order:
        b = blocks[i]
        text = b.text
        if len(text) > 160 or b.kind == "body" and len(text.split()) > 12:
            continue
        classed = html and bool(b.attrs) and _byline_attr(b.attrs)
        if not (b.kind == "byline" or classed or byline_prefix_only(text) or (
                b.kind != "body" and len(text.split()) <= BYLINE_LINE_MAX_WORDS and starts_with_byline_word(text))):
            if html and not dated and b.kind != "title":
                dated = _dated_name(text, sitenames, hostname)
            continue
        if NOT_AUTHOR_LINE.match(text):
            continue
        explicit = b.kind == "byline"
        if byline_prefix_only(text) and i + 1 < len(blocks):
            nxt = blocks[i + 1].text          # "By" / "April Fulton": one byline in two blocks
            if len(nxt) <= 80 and len(nxt.split()) <= 8 and ":" not in nxt and nxt[-1:] not in ".!?":
                text, explicit = text + " " + nxt, True
                # "Written by:" / "Emily Walker" / "Casey McDevitt": a list of names, one a block
                for b2 in blocks[i + 2:i + 2 + MAX_LISTED_NAMES]:
                    more = b2.text
                    if len(more.split()) > 4 or not is_name(more.strip(), sitenames, hostname):
                        break
                    text += ", " + more
        m = _LEADING_DATE_BY.match(text)
        if m and parse_date(m.group("date"), fallback=False):
            text = text[m.end():]             # "03/01/2017 by Agatha Caleo"
        names = clean_byline(text, sitenames, hostname, explicit=explicit)
        if names:
            return names
    return dated


def _markup_names(ld: dict, metas, meta: dict, sitenames, hostname) -> list[str]:
    ld_names = [n for n, person in ld.get("authors", ()) if person]
    candidates = [ld_names] if ld_names else []
    cites = meta_candidates(metas, ("citation_author",))
    if cites:
        candidates.append([last_first(c) for c in cites])
    for v in meta_candidates(metas, META_AUTHOR_KEYS):
        if not v.lower().startswith(("http", "www.")):
            candidates.append([v])
    candidates.append(meta.get("rel_author", []))
    for group in candidates:
        names = []
        for raw in group:
            for n in clean_byline(raw, sitenames, hostname, explicit=False):
                if n not in names:
                    names.append(n)
        if names:
            return names
    return []


def _name_after_title(blocks, ti: int, sitenames, hostname) -> list[str]:
    """A name shown alone just after the headline ("Tim Enwall", "Stefan" before a date line):
    a non-body block of at most four words within three blocks of the title; a one-word name
    only when a date line is next to it."""
    for i in range(ti + 1, min(len(blocks), ti + 4)):
        b = blocks[i]
        if b.kind == "body" and len(b.text.split()) > 4:
            break
        words = b.text.split()
        if not 1 <= len(words) <= 4 or b.kind in ("date", "share", "navigation", "related", "comment", "note"):
            continue
        names = clean_byline(b.text, sitenames, hostname)
        if len(names) != 1 or names[0] != b.text.strip():
            continue
        if len(words) == 1 and (b.kind == "body" or not any(
                blocks[j].kind == "date" for j in (i - 1, i + 1) if 0 <= j < len(blocks))):
            continue                          # a one-word body block is a label ("Plan"), not a name
        return names
    return []


def _expand_markup_names(blocks, lo: int, hi: int, names: list[str], sitenames, hostname) -> list[str]:
    """The markup's first author may be one of several the page shows ("Rui Ma" of "Rui Ma,
    Heba Ledwon, Manoel Cortes Mendez & Suparn Patra"): the names of a short block near the
    article start that holds the markup's names, when it holds more."""
    first = names[0]
    for i in range(lo, hi):
        t = blocks[i].text
        if first in t and len(t.split()) <= 25 and t.strip() != first:
            found = clean_byline(t, sitenames, hostname, explicit=True)
            if len(found) > len(names) and all(_key(n) in {_key(f) for f in found} for n in names):
                return found
    return names


#: A line of at most this many words that starts with a byline word ("ByDaryl Austin") is a
#: byline wherever it is and whatever its markup says.
BYLINE_LINE_MAX_WORDS = 8
#: At most this many one-name blocks are joined after a byline word alone ("Written by:").
MAX_LISTED_NAMES = 5


def _credited_not_authors(blocks, lo: int, hi: int, sitenames, hostname) -> set[str]:
    """Names (as `_key`) the page's head credits with something else ("Reviewed by …",
    "Researched by …", `authors.NOT_AUTHOR_LINE`)."""
    out = set()
    for b in blocks[lo:hi]:
        m = NOT_AUTHOR_LINE.match(b.text) if len(b.text) <= 120 else None
        if m:
            out.update(_key(n) for n in clean_byline(b.text[m.end():], sitenames, hostname, explicit=True))
    return out


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _choose_names(text_names: list[str], markup_names: list[str]) -> list[str]:
    if text_names and markup_names:
        t = {_key(n) for n in text_names}
        if all(_key(n) in t for n in markup_names):
            return text_names
        return markup_names
    return text_names or markup_names


def fill_metadata(doc, first_body: int, title_index: int | None = None, is_template=lambda text: False) -> None:
    """Fill ``doc.title``, ``doc.date``, ``doc.author`` where None, normalise a date already
    there to ISO when it can be read, and set ``doc.meta`` url/hostname/sitename.
    `first_body`: index of the first body block (len(blocks) if none); `title_index`: the block
    the block typer marked as the title (or None); `is_template`: the block typer's test of a
    line that is template by its form alone (a plain-text headline is never one)."""
    meta = doc.meta
    blocks = doc.blocks
    html = doc.source == "html"
    lo, hi = max(0, first_body - HEAD_BEFORE), min(len(blocks), first_body + HEAD_AFTER)
    if html:
        metas = meta_index(meta.get("metas", ()))
        ld = parse_jsonld(meta.get("jsonld", ())) if meta.get("jsonld") else {}
        url = next(iter(meta_candidates(metas, META_URL_KEYS)), None) or meta.get("canonical") or ld.get("url")
        if url and hostname_of(url):
            meta.setdefault("url", url)
        hostname = hostname_of(meta.get("url"))
        if hostname:
            meta.setdefault("hostname", hostname)
        sitename = _sitename(meta, ld, metas, hostname)
        if sitename:
            meta.setdefault("sitename", sitename)
        sitenames = [s for s in (sitename, ld.get("publisher")) if s]
        title, t_idx = _html_title(doc, ld, metas, sitenames, hostname, first_body)
        if doc.title is None:
            doc.title = title
        if doc.date is None or parse_date(doc.date) is None:
            texts = [b.text for b in blocks[lo:hi] if b.kind == "date"]
            dmy = numeric_order(meta.get("html_lang"), hostname, texts)
            order = _near_order(lo, hi, t_idx if t_idx is not None else first_body)
            doc.date = (_markup_date(ld, metas, dmy) or _head_date(blocks, order, dmy)
                        or _weak_markup_date(metas, meta, dmy) or _text_date(blocks, dmy))
        if doc.author is None:
            text_names = _byline_names(blocks, _near_order(lo, hi, t_idx if t_idx is not None else first_body),
                                       True, sitenames, hostname)
            if not text_names and t_idx is not None:
                text_names = _name_after_title(blocks, t_idx, sitenames, hostname)
            markup_names = _markup_names(ld, metas, meta, sitenames, hostname)
            if markup_names and text_names:
                # a name the page credits otherwise ("Researched by Oliver Simpson") is no author
                others = _credited_not_authors(blocks, lo, hi, sitenames, hostname)
                markup_names = [n for n in markup_names if _key(n) not in others]
            if markup_names and not text_names:
                markup_names = _expand_markup_names(blocks, lo, hi, markup_names, sitenames, hostname)
            names = _choose_names(text_names, markup_names)
            if doc.title:                     # the headline is never the author
                names = [n for n in names if _key(n) != _key(doc.title)]
            doc.author = ", ".join(names) if names else None
    else:
        if doc.title is None:
            # the block typer chose the headline (`titles.text_title_index` over its kinds
            # and P(body)); without one, the same rule over the lines alone
            i = title_index if title_index is not None else text_title_index(
                [b.text for b in blocks[:first_body + 3]], first_body, is_template)
            doc.title = blocks[i].text if i is not None else None
        # plain text is the fast path: one pass over the head's kinds, and the
        # date and byline helpers only for the few blocks the block typer marked
        hostname = hostname_of(meta.get("url"))
        head = blocks[:max(hi, 12)]
        dates = [b.text for b in head if b.kind == "date"]
        if doc.date is None and meta.get("prefixes"):   # an "Updated …" prefix when there is no other date
            doc.date = next((p["value"] for p in meta["prefixes"] if p["key"].startswith("updated")), None)
        if doc.date is not None or dates:
            dmy = numeric_order(None, hostname, ([doc.date] if doc.date else []) + dates)
            iso = parse_date(doc.date, dmy) if doc.date else None
            doc.date = iso or next((d for d in map(lambda t: parse_date(t, dmy), dates) if d), None)
        if doc.author is None:
            byl = [i for i, b in enumerate(head)
                   if b.kind == "byline" or (len(b.text) <= 24 and byline_prefix_only(b.text))]
            names = _byline_names(blocks, byl, False, (), hostname) if byl else []
            doc.author = ", ".join(names) if names else None
