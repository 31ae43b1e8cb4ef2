"""What matching knows of a corpus's tokens: how many documents each occurs in.

Two uses, both language-neutral because the corpus calibrates them itself:
- **frequent tokens are not content**: a token in at least `frequent_bar` documents (a share
  of the corpus, and never fewer than FREQUENT_MIN_DOCS) is a function word of the corpus's
  language, or of no language (random words drawn by a Zipf law), whatever the stopword lists
  say; content-word shingles, paraphrase units, tf-idf and names skip it. Small corpora have
  no frequent tokens (a wire story copied by every document of a 20-document corpus is not a
  function word), and rely on the stopword lists of each document's language;
- **rare tokens are names** where letters have no case (Arabic, Devanagari, Han…): a content
  token found in at least 2 and at most `rare_bar` documents stands for a person, a place or an
  organisation (`normalize.names`).
`idf` weights alignment's paraphrase matching and the pair's tf-idf cosine.

Both engines count document frequencies (the local one per chunk of documents, Spark with a
group-by) and build the same `Vocabulary` from the counts.
"""
from __future__ import annotations

from math import log
from typing import Mapping

#: Share of the corpus's documents a token must occur in to be frequent …
FREQUENT_SHARE = 0.1
#: … and never fewer documents than this (below, the corpus is too small to tell).
FREQUENT_MIN_DOCS = 50
#: A name (of a caseless script) occurs in at most this share of the documents …
RARE_SHARE = 0.01
#: … or this many, whichever is more.
RARE_MIN_DOCS = 5


class Vocabulary:
    """Document frequencies of a corpus's tokens (``df``: token → documents), ``n_docs``."""

    __slots__ = ("df", "n_docs", "frequent_bar", "rare_bar")

    def __init__(self, df: Mapping[str, int] | None = None, n_docs: int = 0):
        self.df = df if df is not None else {}
        self.n_docs = n_docs
        self.frequent_bar = max(FREQUENT_MIN_DOCS, FREQUENT_SHARE * n_docs)
        self.rare_bar = max(RARE_MIN_DOCS, RARE_SHARE * n_docs)

    def frequent(self, token: str) -> bool:
        return self.df.get(token, 0) >= self.frequent_bar

    def rare(self, token: str) -> bool:
        return 2 <= self.df.get(token, 0) <= self.rare_bar

    def idf(self, token: str) -> float:
        return log((self.n_docs + 1) / (self.df.get(token, 0) + 1)) + 1.0

    def frequent_tokens(self) -> frozenset:
        """Every frequent token (for a process that needs them as a set)."""
        bar = self.frequent_bar
        return frozenset(t for t, n in self.df.items() if n >= bar)


#: No corpus statistics (one document, or a pair aligned on its own).
EMPTY = Vocabulary()
