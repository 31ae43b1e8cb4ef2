"""Multilingual benchmark data generators.

- ``ui``: news-site UI phrases, local date formats and fixed site templates for 13 languages
  (``sites(lang)``, ``format_date(...)``); data per language in ``ui_data/<lang>.py``.
- ``pages``: realistic plain-text and HTML news pages with gold labels, built from the shared
  ``data/multilingual/news.jsonl`` bodies (``python -m benchmarks.multilingual.pages``).

Generated output goes to ``benchmarks/out/multilingual/`` (git-ignored); no article text is
kept in the repository.
"""
