"""Site templates found by corpus-level repetition.

The boilerplate classifier judges one page at a time; a template line that looks like prose (a
related-story teaser, a "Did you know…" promo) can slip through it, and two unrelated pages of
one site would then share text. Across a corpus the template gives itself away: the same line
recurs on many pages *of one site*, while reuse is text shared by pages of *different* sites.
A line is template when it occurs on at least ``min_pages`` pages of its site.

The site of a document is its ``site`` field, else the host of its ``url``. Documents with
neither are pooled as one unknown site with a higher bar (``min_pages_unknown``), because there a
repeated line may just as well be one wire story republished many times.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional
from urllib.parse import urlsplit

import numpy as np
import xxhash

from ..limits import TEMPLATE_MIN_PAGES as MIN_PAGES, TEMPLATE_MIN_PAGES_UNKNOWN as MIN_PAGES_UNKNOWN

_WORDS = re.compile(r"\w+")


def line_key(site: Optional[str], line: str) -> int:
    """A 64-bit key of (site, line as lowercase words): a corpus of a million pages keeps ints,
    not strings."""
    words = " ".join(_WORDS.findall(line.lower()))
    if not words:
        return 0
    return xxhash.xxh3_64_intdigest(f"{site or ''}\x00{words}".encode("utf-8", "surrogatepass"))


def site_of(record: dict) -> Optional[str]:
    site = record.get("site")
    if isinstance(site, str) and site:
        return site
    url = record.get("url")
    if isinstance(url, str) and url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host[4:] if host.startswith("www.") else host
    return None


def body_text(record: dict, body: list[str], site: Optional[str], templates: "TemplateLines",
              max_align_chars: int) -> str:
    """The matched body of a cleaned document: its body lines without the template ones,
    paragraphs joined by a blank line ("" for a record with an error). Says in ``record`` how
    many lines were template (``template_lines``) and, for a body longer than
    ``max_align_chars``, that alignment reads its start only (``warnings``)."""
    kept = [t for t in body if not templates.is_template(site, t)]
    if len(kept) < len(body):
        record["template_lines"] = len(body) - len(kept)
    text = "" if record.get("error") is not None else "\n\n".join(kept)
    if len(text) > max_align_chars:
        record.setdefault("warnings", []).append(
            f"body of {len(text)} characters: aligned on its first max_align_chars={max_align_chars}")
    return text


class TemplateLines:
    """Counts, per site, on how many pages each line occurs; then says which lines are template.

    The local engine counts with `add`; the Spark engine counts the same `line_key`s with a
    group-by and builds the decided set with `from_keys`. Either way `is_template` decides.

    Keys are collected in compact uint64 chunks and counted once with ``np.unique`` (8 bytes per
    page line instead of a Counter entry of ~100): a corpus of a million pages of ~30 lines
    costs ~240 MB here, not ~3 GB."""

    CHUNK = 1 << 20

    def __init__(self, min_pages: int = MIN_PAGES, min_pages_unknown: int = MIN_PAGES_UNKNOWN):
        self.min_pages = min_pages
        self.min_pages_unknown = min_pages_unknown
        self._chunks: dict[bool, list[np.ndarray]] = {True: [], False: []}   # by "site known"
        self._pending: dict[bool, list[int]] = {True: [], False: []}
        self._template: Optional[set[int]] = None

    def add(self, site: Optional[str], lines: Iterable[str]) -> None:
        keys = {line_key(site, x) for x in lines}
        keys.discard(0)
        known = site is not None
        pending = self._pending[known]
        pending.extend(keys)
        if len(pending) >= self.CHUNK:
            self._chunks[known].append(np.array(pending, dtype=np.uint64))
            pending.clear()
        self._template = None

    @classmethod
    def from_keys(cls, keys) -> "TemplateLines":
        """Template lines already decided elsewhere (the keys that reached `bar`)."""
        t = cls()
        t._template = {int(k) for k in keys}
        return t

    def bar(self, site_known: bool) -> int:
        """On how many pages a line must occur to be template."""
        return self.min_pages if site_known else self.min_pages_unknown

    def _decide(self) -> set[int]:
        out: set[int] = set()
        for known in (True, False):
            bar = self.bar(known)
            parts = self._chunks[known] + [np.array(self._pending[known], dtype=np.uint64)]
            keys, counts = np.unique(np.concatenate(parts), return_counts=True)
            out.update(int(k) for k in keys[counts >= bar])
        return out

    def is_template(self, site: Optional[str], line: str) -> bool:
        if self._template is None:
            self._template = self._decide()
        key = line_key(site, line)
        return key != 0 and key in self._template
