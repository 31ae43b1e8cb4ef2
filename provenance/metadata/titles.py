"""Titles: the article's headline, never a navigation line or a line cut mid-sentence.

HTML: the candidates are the markup's titles (JSON-LD ``headline``, ``og:title``/``twitter:title``,
``<title>``, each with its site-name part cut: "Headline | Site", "Site - Headline") and the
page's ``<h1>``/``<h2>`` blocks near the article start. A heading that matches a markup title
is the headline as the page shows it; else the best markup title; else the first acceptable
``<h1>``. Plain text: a headline-shaped line among the first lines (see `text_title_index`).
"""
from __future__ import annotations

import re

from ..lexicon.scripts import word_count

__all__ = ["is_navigation_line", "is_cut_line", "strip_site_name", "split_title", "title_words",
           "similarity", "text_title_index", "looks_like_headline"]

#: A headline does not end with a full stop (of any script), a comma, a colon or a semicolon
#: (it may end with "?" or "!").
_NOT_HEADLINE_END = frozenset(".…,;:،؛。．｡۔।॥։።။។།")
_SEPARATOR_CHARS = "|•·/»›>:\u2022\u00b7\u2219\u25aa"
_SEPARATORS = re.compile(r"\s*(?:\||•|·|/|»|›|>|\u2022|\u00b7|\u2219|\u25aa|::)\s*")
#: "Headline | Site", "Headline - Site", "Headline — Site", "Site: Headline" is not cut (too many
#: real headlines have a colon).
_SITE_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|»|•|·)\s+|\s*\|\s*|(?<=[a-z0-9?!.)])(?=[—–|])")
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "\u00a0": " ", "–": "-", "—": "-"})
_FUNCTION_END = frozenset(
    "a an the of and or but to in on at for with from by as is are was were be that this "
    "its their his her our your my de la le les des du et el los las y en del di il e o da do "
    "der die das und von zu mit".split())
GENERIC_TITLES = frozenset("home blog news menu search main navigation skip to content articles article "
                     "posts latest share related".split())


def title_words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_QUOTES).lower())


def is_navigation_line(text: str) -> bool:
    """A menu or breadcrumb line: several short items separated by |, •, ·, /, », ›, >
    ("Bangla | Science | World | Health | Home", "Home / News / Tech"). Two items are a menu
    only when both are one or two words ("News | Sports"); "Headline | Site" is not."""
    if not any(c in text for c in _SEPARATOR_CHARS):
        return False                         # most lines: no separator at all
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) < 2:
        return False
    sizes = [len(p.split()) for p in parts]
    if len(parts) >= 3:
        return sum(1 for n in sizes if n <= 3) >= len(parts) - 1 and max(sizes) <= 8
    return max(sizes) <= 2 and all(len(p) <= 20 for p in parts)


def is_cut_line(text: str, following: list[str] = ()) -> bool:
    """A first line cut mid-sentence: it ends on a function word ("… The American Academy of"),
    or it holds a sentence end followed by an unfinished one ("… which is bliss. But"), or a
    following line repeats it and goes on (a teaser of the first paragraph)."""
    t = text.strip()
    words = t.split()
    if not words:
        return True
    last = words[-1].lower().strip(",;")
    if last in _FUNCTION_END and len(words) > 3:
        return True
    if re.search(r"[.!?]\s+\S", t) and t[-1] not in ".!?\"”'’)":
        return True
    key = t.rstrip(" .…").casefold()
    for nxt in following:
        nxt = nxt.casefold()
        if key and len(nxt) > len(key) + 5 and (nxt.startswith(key) or key in nxt[:len(key) + 120]):
            return True
        if key and nxt.rstrip(" .…") == key and t[-1:] in ".!?":
            return True                      # a sentence repeated as the first paragraph
        if len(nxt) > len(key) + 5 and _teaser_of(title_words(key), title_words(nxt)):
            return True
    return False


def _teaser_of(words: list[str], longer: list[str]) -> bool:
    """Most words of a line (≥ 80%, at least 6) are in the first words of a longer following
    line: the line is that paragraph's opening, cut and perhaps reworded ("… a fresh range of
    choices" / "… a new range of choices for …")."""
    if len(words) < 6:
        return False
    window = set(longer[:len(words) + 8])
    return sum(1 for w in words if w in window) >= 0.8 * len(words)


def looks_like_headline(text: str) -> bool:
    """2-25 words (in any script: `lexicon.scripts.word_count`), no sentence-ending period,
    not a navigation line."""
    if text[-1:] in _NOT_HEADLINE_END:
        return False
    n = word_count(text)
    return 2 <= n <= 25 and not is_navigation_line(text)


def split_title(title: str) -> list[str]:
    """A <title>/og:title cut at its site-name separators ("Headline | Site" → [Headline, Site])."""
    return [p.strip() for p in _SITE_SPLIT.split(title) if p and p.strip()]


def _norm(s: str) -> str:
    return " ".join(title_words(s))


def strip_site_name(title: str, sitenames: list[str] = (), hostname: str | None = None,
                    guess: bool = True) -> str:
    """`title` without its site-name part: the part equal to a known site name (og:site_name,
    the JSON-LD publisher, the host's name), else the last part of a " | " / " - " split when the
    rest is longer (only with `guess`: a heading shown on the page keeps such a part).
    "Healthy Eating Tips | Nutrition | CDC" → "Healthy Eating Tips"."""
    parts = split_title(title)
    if len(parts) < 2:
        return title.strip()
    names = {_norm(s) for s in sitenames if s}
    host = (hostname or "").split(".")
    host_key = max(host[:-1], key=len) if len(host) > 1 else ""

    def is_site(p: str) -> bool:
        n = _norm(p)
        squashed = n.replace(" ", "")
        return (n in names or any(n and (n in s or s in n) for s in names if len(s) > 3)
                or (host_key and len(squashed) > 2 and (squashed in host_key or host_key in squashed)))

    kept = [p for p in parts if not is_site(p)]
    if kept and len(kept) < len(parts):
        # "A | B | Site": keep what is left (the headline, maybe with a section name after it)
        if len(kept) > 1 and len(kept[0].split()) >= 3:
            return kept[0]
        return " - ".join(kept) if len(kept) > 1 else kept[0]
    if not guess:
        return title.strip()
    # no known name: the longest part when the others are short (a section or site name)
    best = max(parts, key=lambda p: len(p.split()))
    if all(len(p.split()) <= 4 for p in parts if p is not best) and len(best.split()) >= 3:
        return best
    return title.strip()


def similarity(a: str, b: str) -> float:
    """Word-set overlap of two titles: |A ∩ B| / max(|A|, |B|) (1.0 when equal as word sets)."""
    wa, wb = set(title_words(a)), set(title_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def containment(a: str, b: str) -> float:
    """Share of a's words that are in b."""
    wa, wb = set(title_words(a)), set(title_words(b))
    return len(wa & wb) / len(wa) if wa else 0.0


def is_generic(text: str, sitenames: list[str] = ()) -> bool:
    n = _norm(text)
    return not n or n in GENERIC_TITLES or any(n == _norm(s) for s in sitenames if s)


#: A plain-text page's headline is among the TEXT_TITLE_WINDOW lines before its first body line.
TEXT_TITLE_WINDOW = 12
#: Candidates whose P(body) is within this of the best are told apart by their order.
TITLE_P_TIE = 0.05


def text_title_index(lines: list[str], first_body: int, is_template, p_body=None, named=None) -> int | None:
    """The headline line of a plain-text page, or None. Candidates: the TEXT_TITLE_WINDOW lines
    before the first body line that are headline-shaped (`looks_like_headline`, at least 3
    words in any script), not template by their form (`is_template(line)`), not named by the
    block typer (``named[i]`` true: a date, byline, share or menu line), not cut mid-sentence
    (`is_cut_line`, against the next lines). Of those, the one the model found most
    article-like (highest ``p_body``), the first of those within TITLE_P_TIE of it (without
    scores: the first). A scraped page's headline sits below its menu lines and above its date
    and byline: the menu is named or scored as the site's template, the headline is the
    article's own, and the lines the model cannot tell apart are in page order."""
    found = []
    for i in range(max(0, first_body - TEXT_TITLE_WINDOW), min(first_body, len(lines))):
        t = lines[i]
        if (named is not None and named[i]) or not looks_like_headline(t) or word_count(t) < 3:
            continue
        if is_template(t) or (t[-1:] in "!?\"”" and word_count(t) > 12) or is_cut_line(t, lines[i + 1:i + 4]):
            continue
        found.append((i, p_body[i] if p_body is not None else 0.0))
    if not found:
        return None
    top = max(p for _, p in found)
    return next(i for i, p in found if p >= top - TITLE_P_TIE)
