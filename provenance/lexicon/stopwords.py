"""Stopwords of every language, from the stopwords-iso collection (the `stopwordsiso` package).

Stopword density separates prose from labels and link lists in any language (jusText's main
cue), and trace skips a language's frequent stopwords (`function_words`) when it builds
content-word shingles. `stopwords_for(lang)`
gives one language's list (ISO 639-1 code), lower-cased, without the words that are also cue
words of templates (stopwords-iso's lists are generous: its English list has "home", "page",
"next"; its German one "startseite", "suche"), so that a navigation line does not read as
prose. A language without a list gets the empty set: its texts are told apart by the other
features, and trace calibrates itself on the corpus's own frequent tokens.

The collection is read from the package's JSON file directly (not by importing `stopwordsiso`,
whose import costs tens of milliseconds) on first use, and each language's set is kept.
"""
from __future__ import annotations

import importlib.util
import json
import os
from functools import lru_cache
from typing import Optional

EMPTY: frozenset = frozenset()


@lru_cache(maxsize=1)   # data, not a per-text memo: kept across `memo.clear_all`
def _collection() -> dict[str, list[str]]:
    spec = importlib.util.find_spec("stopwordsiso")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = os.path.join(list(spec.submodule_search_locations)[0], "stopwords-iso.json")
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=256)   # data, not a per-text memo: kept across `memo.clear_all`
def stopwords_for(lang: Optional[str]) -> frozenset:
    """The stopwords of language ``lang`` (ISO 639-1; a region or script suffix is ignored),
    or the empty set. The same object for the same language (block_stats keeps tables per set)."""
    if not lang:
        return EMPTY
    words = _collection().get(lang.split("-")[0].split("_")[0].lower())
    if not words:
        return EMPTY
    from .cues import cue_words

    cues = cue_words()
    return frozenset(w.lower() for w in words if w and w.lower() not in cues)


@lru_cache(maxsize=256)   # data, not a per-text memo: kept across `memo.clear_all`
def function_words(lang: Optional[str]) -> frozenset:
    """The stopwords trace skips in language ``lang``: its stopwords-iso words that are
    frequent in all text of the language (the generated `_function_words` table; see
    `training.make_function_words` for why not the whole list), or the whole list
    (`stopwords_for`) where the table has no entry (Japanese, Chinese, languages wordfreq
    lacks). The same object for the same language."""
    if not lang:
        return EMPTY
    from ._function_words import FUNCTION_WORDS

    words = FUNCTION_WORDS.get(lang.split("-")[0].split("_")[0].lower())
    if words is None:
        return stopwords_for(lang)
    return frozenset(words) & stopwords_for(lang)


def languages() -> list[str]:
    """The languages that have a list."""
    return sorted(_collection())


@lru_cache(maxsize=1)   # data, not a per-text memo: kept across `memo.clear_all`
def common_stopwords() -> frozenset:
    """The stopwords of the languages a news corpus meets most, together: where one set must
    serve texts of several languages (the compiled modules' probes, tests)."""
    return frozenset().union(*(stopwords_for(lang) for lang in
                               ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr")))
