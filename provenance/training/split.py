"""Domain-disjoint train/validation split of the labelled pages.

A page's split depends only on its domain (a stable hash), so no domain is ever on both sides,
the split is the same on every machine, and benchmarks can re-derive it without the model.
"""
from __future__ import annotations

import hashlib
import re

VALIDATION_SHARE = 5  # one domain in five is held out


def domain_of(record: dict) -> str:
    """The domain of a manifest record: its `domain` field, else the host of its url/id."""
    dom = record.get("domain")
    if dom:
        return str(dom).lower().removeprefix("www.")
    url = str(record.get("url") or "")
    m = re.match(r"^[a-z]+://([^/]+)", url)
    if m:
        return m.group(1).lower().removeprefix("www.")
    # trafilatura-eval ids look like "100noticias.com-millones.html"
    rid = str(record.get("id") or url)
    rid = rid.removeprefix("hard::")
    return rid.split("-")[0].lower().removeprefix("www.")


def is_validation(record: dict) -> bool:
    """True when the record's domain is in the held-out fifth."""
    h = hashlib.sha1(domain_of(record).encode("utf-8")).hexdigest()
    return int(h[:8], 16) % VALIDATION_SHARE == 0
