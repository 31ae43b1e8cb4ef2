"""Multilingual training and benchmark data, generated from real news bodies.

- ``ui``: news-site UI phrases, local date formats and calendars and fixed site templates for
  13 languages (``sites(lang)``, ``format_date(...)``); data per language in ``ui_data/<lang>.py``.
- ``pages``: realistic plain-text and HTML news pages with gold labels (body, title, date,
  author, every template line), train and validation parts disjoint by site, phrasing and
  article; the boilerplate models train on the train part (`training.boilerplate`).
- ``wire``: wire-reuse corpora per language (agency stories republished with edits,
  same-event articles, stock phrases, shared site templates), for benchmarks.

All of it is built from ``data/multilingual/news.jsonl`` of the shared data folder
(``$PROVENANCE_SHARED/data``, default ``../shared/data``), deterministically for a seed; the
output goes to ``benchmarks/out/multilingual/`` (git-ignored): no article text is kept in the
repository.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Where generated pages and corpora are written and cached (relative to the working folder).
OUT_DIR = Path(os.environ.get("PROVENANCE_MULTILINGUAL_OUT", "benchmarks/out/multilingual"))
_DATA: list[Path] = []


def set_data_dir(data_dir) -> None:
    """Read the news bodies from ``data_dir`` (the shared ``data`` folder) from now on."""
    _DATA[:] = [Path(data_dir)]


def news_path() -> Path:
    """The shared data's ``multilingual/news.jsonl``."""
    data = _DATA[0] if _DATA else Path(os.environ.get("PROVENANCE_SHARED", "../shared")) / "data"
    return data / "multilingual" / "news.jsonl"
