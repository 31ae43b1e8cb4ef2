"""Memo caches of pure per-text functions, in one registry so they can all be emptied.

A site's template lines ("Share this", "© 2025 …", its class names) recur on every page of
it, so the kind, date-line and class/id cue functions remember recent answers. Benchmarks
call `clear_all` before each timed pass so that no pass is helped by an earlier one over the
same pages. Tables read from data (stopword lists, cue words, hash permutations, the pair
model) are not memo caches but `functools.lru_cache`s that `clear_all` leaves alone: they do
not depend on the pages, a process builds them once, and rebuilding them before every timed
pass charged a benchmark of 200 pages with ~0.2 ms a page of table building (stopword sets
and the compiled counter's tables for each language met) that no crawl pays.
"""
from __future__ import annotations

from functools import lru_cache

_CACHES: list = []


def memo(maxsize: int):
    """`functools.lru_cache(maxsize)` whose cache `clear_all` empties."""
    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached
    return wrap


def clear_all() -> None:
    """Empty every cache made by `memo`."""
    for cached in _CACHES:
        cached.cache_clear()
