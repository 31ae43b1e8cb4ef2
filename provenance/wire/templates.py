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
from collections import Counter
from typing import Iterable, Optional
from urllib.parse import urlsplit

import xxhash

MIN_PAGES = 3
MIN_PAGES_UNKNOWN = 20
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


class TemplateLines:
    """Counts, per site, on how many pages each line occurs; then says which lines are template."""

    def __init__(self, min_pages: int = MIN_PAGES, min_pages_unknown: int = MIN_PAGES_UNKNOWN):
        self.min_pages = min_pages
        self.min_pages_unknown = min_pages_unknown
        self.counts: Counter = Counter()

    def add(self, site: Optional[str], lines: Iterable[str]) -> None:
        keys = {line_key(site, x) for x in lines}
        keys.discard(0)
        self.counts.update(keys)

    def is_template(self, site: Optional[str], line: str) -> bool:
        bar = self.min_pages if site is not None else self.min_pages_unknown
        key = line_key(site, line)
        return key != 0 and self.counts[key] >= bar
