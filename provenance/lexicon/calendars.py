"""Lookup tables over the generated calendar names (`calendar_names`) and the hand-written date
words (`date_words`): the one definition both the date-line test (`segment.dates`) and the date
parser (`metadata.dates`) read.

Every key is a *folded* word (`fold_word`): lower case NFC, every Unicode decimal digit as ASCII,
the Arabic-script letter variants that news sites mix made one (أ إ آ ٱ → ا, ي ى → ی, ك → ک,
ة ۃ ہ ھ → ه), Arabic diacritics and tatweel, zero-width joiners and soft hyphens dropped
("نُشر" = "نشر", "سه‌شنبه" = "سهشنبه"), full-width forms as ASCII, curly apostrophes straight.
Fold the text the same way (`fold_text`, `fold_word`) before a lookup.

- `GREGORIAN`: month name → 1-12, over every CLDR language. A name that is a different month in
  two languages (Croatian "listopad" is October, Czech and Polish November) goes to the month
  with the most weight, a language of `PRIORITY` (the languages of most news) weighing ten.
- `SOLAR_HIJRI`, `HIJRI`, `BENGALI`: the non-Gregorian months (`calendar_names`), Persian and
  Afghan Solar Hijri, Islamic Hijri (Umm al-Qura), and the Bengali calendar.
- `SECOND_WORDS`: the second words of two-word month names ("كانون الثاني", "ربيع الأول"), so
  a parser can take a month name of one or two words.
- `WORD_CLASS`: word → one class letter for the date-line tokenizer (see `segment.dates`).
- `ERAS`: era name → Gregorian year of its year 1 (令和 → 2019).
"""
from __future__ import annotations

import collections
import re
import unicodedata

from . import date_words as _words

__all__ = ["fold_text", "fold_word", "normalise_digits", "GREGORIAN", "SOLAR_HIJRI", "HIJRI", "BENGALI",
           "SECOND_WORDS", "WORD_CLASS", "ERAS", "NO_SPACE_SCRIPT", "no_space_script", "MAX_WORD", "PRIORITY"]

# --- folding --------------------------------------------------------------------------------
#: first code point of every block of ten decimal digits in the Basic Multilingual Plane
#: (tests/test_dates.py checks the list against unicodedata)
DIGIT_BLOCKS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
                0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
                0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
                0xAA50, 0xABF0, 0xFF10)
_DIGITS = {start + i: str(i) for start in DIGIT_BLOCKS for i in range(10)}
_FOLD: dict[int, str | None] = dict(_DIGITS)
_FOLD.update({ord(c): "ا" for c in "أإآٱ"})
_FOLD.update({ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("ئ"): "ی"})
_FOLD.update({ord(c): "ه" for c in "ةۃہھەۀ"})
_FOLD.update({c: None for c in list(range(0x064B, 0x0660)) + [0x0670, 0x0640, 0x200B, 0x200C, 0x200D,
                                                                0x2060, 0xFEFF, 0x00AD, 0x180E]})
_FOLD.update({c: " " for c in (0x00A0, 0x202F, 0x2009, 0x200A, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                               0x2007, 0x2008, 0x3000)})
_FOLD.update({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if c not in _DIGITS})
_FOLD.update({ord(c): "-" for c in "‐‑‒–—―−"})
_FOLD.update({ord("’"): "'", ord("‘"): "'", ord("،"): ",", ord("、"): ",", ord("。"): ".", ord("۔"): ".",
              ord("٫"): ".", ord("٬"): ",", ord("؍"): "/"})


def normalise_digits(text: str) -> str:
    """Every decimal digit of the scripts above as its ASCII digit (ASCII text unchanged)."""
    return text if text.isascii() else text.translate(_DIGITS)


def fold_text(text: str) -> str:
    """`text` NFC with digits, Arabic letter variants, joiners, diacritics, full-width forms,
    dashes and script punctuation folded (case kept; ASCII text unchanged)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def fold_word(word: str) -> str:
    """`fold_text` of a word, lower case, without a trailing dot ("Янв." → "янв")."""
    return fold_text(word).lower().strip().rstrip(".").strip()


# --- month tables -----------------------------------------------------------------------------
#: languages whose reading of a name shared with another language wins (weight 10 against 1)
PRIORITY = frozenset("en es fr de pt it nl ru pl tr ar fa hi bn ur id ms sw ja zh ko vi th uk cs sk sv da nb "
                     "nn no ro hu el he fi hr sr bs sl bg ca".split())


_folded: dict[str, str] = {}
_NEEDS_FOLD = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")


def _fold_cached(name: str) -> str:
    """`fold_word` of a name of the generated tables (already lower case NFC), remembered while
    the tables are built (names repeat across languages)."""
    key = _folded.get(name)
    if key is None:
        key = name.translate(_FOLD) if _NEEDS_FOLD.search(name) else name
        key = _folded[name] = key.strip().rstrip(".").strip()
    return key


def _table(by_lang: dict) -> dict[str, int]:
    votes: dict[str, dict[int, int]] = collections.defaultdict(dict)
    for lang, months in by_lang.items():
        weight = 10 if lang.split("_")[0] in PRIORITY else 1
        for m, names in enumerate(months, 1):
            for name in names:
                key = _fold_cached(name)
                if key:
                    v = votes[key]
                    v[m] = v.get(m, 0) + weight
    # the most weight wins; on a tie the earlier month (a stable, if arbitrary, choice)
    return {k: (next(iter(c)) if len(c) == 1 else min(c, key=lambda m: (-c[m], m))) for k, c in votes.items()}


def _second_words(tables) -> frozenset[str]:
    out = set()
    for table in tables:
        for k in table:
            if k.count(" ") == 1:
                first, second = k.split(" ")
                if first not in table and second not in table:
                    out.add(second)
    return frozenset(out)



# --- the date-line vocabulary -----------------------------------------------------------------
#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, CJK ideographs):
#: a run of their letters may hold several words ("日水曜日", "วันพุธที่"); `segment.dates`
#: splits an unknown run into known words, longest first.
NO_SPACE_SCRIPT = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x9FFF),
                   (0xF900, 0xFAFF))
_CASED = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")


def _short_cased(word: str) -> bool:
    return len(word) <= 2 and all(unicodedata.name(c, "").startswith(_CASED) for c in word if c.isalpha())


def _vocabulary(_cal) -> dict[str, str]:
    """word → class, the strongest class first: date markers (y m c h), month M (N: a month
    that is also an "ago" word, as "ago"), weekday W,
    relative day R, "ago" g, time unit u, AM/PM and time zones A, year marker E ("г.", "هـ"),
    era name G, ordinal o, other
    date words P. A multi-word name adds its words: a word of three letters or more, or of a
    script without case, in the name's class; a shorter one as P ("mweri wa kana"); so does a
    one-or-two-letter "ago", unit or relative-day word ("il y a", Romanian "acum … de")."""
    out: dict[str, str] = {}
    ago_months: set[str] = set()
    rank = {c: i for i, c in enumerate("ymchMWRguAEGoP")}

    def put(word: str, cls: str) -> None:
        old = out.get(word)
        if old is None or rank[cls] < rank[old]:
            out[word] = cls
        if {old, cls} == {"M", "g"}:
            ago_months.add(word)

    def add(name: str, cls: str) -> None:
        key = _fold_cached(name)
        if not key:
            return
        if " " not in key and "-" not in key:
            put(key, "P" if cls in "guR" and len(key) <= 2 and _short_cased(key) else cls)
            return
        parts = [p for p in key.replace("-", " ").split() if any(c.isalpha() for c in p)]
        if len(parts) <= 1:
            if parts:
                put(parts[0], cls)
            return
        put("".join(parts), cls)                     # the words joined by a ZWNJ, folded away
        for p in parts:
            p = p.strip(".")
            if p and any(c.isalpha() for c in p):
                put(p, "P" if len(p) <= 2 and _short_cased(p) else cls)

    for markers, cls in ((_words.YEAR_MARKERS, "y"), (_words.MONTH_MARKERS, "m"), (_words.DAY_MARKERS, "c"),
                         (_words.TIME_MARKERS, "h")):
        for m in markers:
            add(m, cls)
    for table in (_cal.MONTHS, _cal.SOLAR_HIJRI_MONTHS, _cal.HIJRI_MONTHS, _cal.BENGALI_MONTHS):
        for months in table.values():
            for names in months:
                for n in names:
                    add(n, "M")
    for days in _cal.WEEKDAYS.values():
        for names in days:
            for n in names:
                add(n, "W")
    for today, yesterday in _cal.RELATIVE_DAYS.values():
        for n in today + yesterday:
            add(n, "R")
    for ago, units in _cal.RELATIVE_AGO.values():
        for n in ago:
            add(n, "g")
        for n in units:
            add(n, "u")
    for periods in _cal.DAY_PERIODS.values():
        for n in periods:
            add(n, "A")
            add(n.replace(".", "").replace(" ", "").replace("\u202f", "").replace("\xa0", ""), "A")
    for n in _words.TIME_WORDS:
        add(n, "A")
    for n in _words.ERA_MARKERS:
        add(n, "E")
    for n in _cal.ERAS:
        add(n, "G")
    for n in _words.ORDINALS:
        add(n, "o")
    for table in (_words.PUBLISHED, _words.UPDATED, _words.CONNECTORS):
        for phrases in table.values():
            for phrase in phrases:
                for w in fold_word(phrase).replace("-", " ").split():
                    w = w.strip(".:")
                    if w:
                        put(w, "P")
    out["元"] = "d"                                  # 令和元年: the era's first year
    for word in ago_months:                          # "ago": English "ago", Spanish "ago." (agosto)
        if out[word] == "M":
            out[word] = "N"
    return out


def no_space_script(ch: str) -> bool:
    """Whether `ch` is of a script written without spaces between words (`NO_SPACE_SCRIPT`)."""
    c = ord(ch)
    return c >= 0x0E00 and any(lo <= c <= hi for lo, hi in NO_SPACE_SCRIPT)


# --- built on first use -----------------------------------------------------------------------
# The tables take ~40 ms to build from the ~20,000 generated names: they are built when first
# read (`calendars.WORD_CLASS`, through the module's `__getattr__`), not when provenance is
# imported, so a process that never reads a date does not pay for them.
GREGORIAN: dict[str, int]
SOLAR_HIJRI: dict[str, int]
HIJRI: dict[str, int]
BENGALI: dict[str, int]
ERAS: dict[str, int]
#: the second words of the two-word month names whose words alone are no month, folded
#: ("كانون الثاني" → "الثانی", "ذو القعدة" → "القعده")
SECOND_WORDS: frozenset[str]
WORD_CLASS: dict[str, str]
#: the longest word of a no-space script in `WORD_CLASS` (the split of an unknown run tries no longer)
MAX_WORD: int
#: the first characters of the words of no-space scripts in `WORD_CLASS` (a run starting with any
#: other character is no date word: the split gives up at once)
FIRST_CHARS: frozenset[str]
_LAZY = frozenset(("GREGORIAN", "SOLAR_HIJRI", "HIJRI", "BENGALI", "ERAS", "SECOND_WORDS", "WORD_CLASS",
                   "MAX_WORD", "FIRST_CHARS"))


def _build() -> None:
    from . import calendar_names as cal
    g = globals()
    months = [_table(t) for t in (cal.MONTHS, cal.SOLAR_HIJRI_MONTHS, cal.HIJRI_MONTHS, cal.BENGALI_MONTHS)]
    words = _vocabulary(cal)
    g.update(GREGORIAN=months[0], SOLAR_HIJRI=months[1], HIJRI=months[2], BENGALI=months[3],
             ERAS=dict(cal.ERAS), SECOND_WORDS=_second_words(months), WORD_CLASS=words,
             MAX_WORD=max((len(w) for w in words if no_space_script(w[0])), default=1),
             FIRST_CHARS=frozenset(w[0] for w in words if no_space_script(w[0])))
    _folded.clear()


def __getattr__(name: str):
    if name in _LAZY:
        _build()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
