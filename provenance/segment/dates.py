"""Date lines in any language: the block typer's "this block is (almost) only a date" test
(`is_date_line`), the date cutter of the text segmenter (`match_date_prefix`), and the English
date pattern `DATE_RE`.

How `is_date_line` reads a line: it splits the line into tokens (numbers, words, punctuation),
gives each token one class letter, and tests the class string. A date line is one whose every
token is date vocabulary (numbers, month and weekday names of every CLDR language, the
non-Gregorian months, AM/PM and time zones, the markers 年月日/년월일/tháng, and the small words
of `lexicon.date_words`: "Published:", "Updated on", "نشر في", "تاریخ انتشار:", "प्रकाशित",
"Опубликовано", "更新日", "Diterbitkan", "Imechapishwa" …) and that holds a date: a number next
to a month name with a year (``23 August 2025``, ``22 شوال 1445 هـ - 1 مايو 2024 م``,
``۱۲ اردیبهشت ۱۴۰۳``), a numeric date (``23.08.2025``, ``۱۴۰۳/۰۲/۱۲``, ``2024/05/01 10:30``), a
CJK or Vietnamese date (``2024年5月1日（水）``, ``令和6年5月1日``, ``2024년 5월 1일``, ``ngày 1
tháng 5 năm 2024``), a day and month with a weekday or a time, "today"/"yesterday" with a time,
or "2 hours ago". Each token costs one dict lookup (the classes of the tokens seen are
remembered), so the test is a few µs on the ≤ 90-character lines with a digit it is asked about,
whatever the size of the vocabulary; one regular expression with the ~12,000 names as
alternatives would be far slower.

A place before a comma may precede the date ("Tokyo, August 23, 2025"); a story's dateline
("Tehran, 11 May (IRNA) –") is a date line only when it is the whole line: followed by the
story's first words it is no date line, as any line with words that are not date words.

Classes: d one digit, D two digits ≤ 31, n two digits > 31, Y a year (1300-2700: Gregorian, Solar
and Islamic Hijri, Bengali, Buddhist), q other three or four digits, M month, W weekday, R
today/yesterday, g "ago", u time unit, A AM/PM, time zone, "Uhr", E year marker ("г.", "هـ"),
G era (令和), o ordinal suffix,
y m c h the year, month, day and time markers, P other date words, x anything else (X: a run of
more than eight characters of a script without spaces that holds no date word); separators
as themselves (``/ . - : , +``, ``~`` for the range marks 〜～~), other punctuation ``|``.
"""
from __future__ import annotations

import re

from ..lexicon import calendars as cal
from ..lexicon import date_words
from ..memo import memo

# --- the English pattern (the regex path of segment.text's prefix cutter, and find_date) ---------
_MONTHS = (
    "jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june?|july?|"
    "aug(?:ust|\\.)?|sep(?:t(?:ember)?|\\.)?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?|"
    "januar|februar|märz|mai|juni|juli|oktober|dezember|"
    "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    "januari|februari|maart|mei|augustus"
)
DAYS = (
    "mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|"
    "sun(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|"
    "mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
)
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)?(?:\s*[A-Z]{2,4})?)?"

#: A single date in the common numeric and English/Western European written forms (no anchors).
#: The regex path of `segment.text.cut_metadata_prefix` and `find_date`; `is_date_line` and
#: `match_date_prefix` read every language with the token classes instead.
DATE_RE = (
    r"(?:(?:" + DAYS + r")\.?,?\s+)?(?:"
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|(?:" + _MONTHS + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:" + _MONTHS + r")\.?,?\s+(?:de\s+)?\d{4}"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r")" + _TIME
)
_DATE_ANY = re.compile(DATE_RE, re.IGNORECASE)


def find_date(text: str) -> str | None:
    """The first `DATE_RE` date in `text`, as written, else None."""
    m = _DATE_ANY.search(text)
    return m.group(0).strip() if m else None


# --- tokens and their classes -------------------------------------------------------------------
# Punctuation ends a word (ASCII, CJK full-width, Arabic-script and typographic marks); an
# apostrophe does not ("d’abril", "sha'ban"), nor a dot between letters ("a.m", "ม.ค", "ق.ظ").
_PUNCT = (".,:;/\\\\|()\\[\\]{}<>\"!?+*=#@&%~^«»“”„‹›\\-‐‑‒–—―−·•…。、，：；／（）【】「」『』〈〉《》〔〕・〜～"
          "،؛۔٫٬؍＋－．")
_WORD_REST = r"[^\s\d" + _PUNCT + r"]*"
_TOKEN = re.compile(r"\d+|[^\W\d_]" + _WORD_REST + r"(?:\.[^\W\d_]" + _WORD_REST + r")*|\S")
_AMPM = re.compile(r"\b([ap])\.\s?m\.")             # "a. m.", "p. m." (Spanish CLDR) → "am", "pm"

_SEPARATORS = {"/": "/", "／": "/", "؍": "/", ".": ".", "．": ".", "。": ".", "۔": ".", "٫": ".",
               ":": ":", "：": ":", ",": ",", "，": ",", "、": ",", "،": ",", "٬": ",", "+": "+", "＋": "+"}
_SEPARATORS.update(dict.fromkeys("-‐‑‒–—―−－", "-"))
_SEPARATORS.update(dict.fromkeys("~〜～", "~"))      # a range: "2011年10月4日(火)〜10月17日(月)"

# the class of every token seen (bounded: emptied when full)
_CLASS: dict[str, str] = {}
_CLASS_MAX = 1 << 16


def _token_class(tok: str) -> str:
    """The class letter(s) of a lower-case token (see the module docstring); "" for a token
    that folds to nothing (a lone joiner or diacritic). A run of a no-space script that is no
    word of its own is split into known words ("日水曜日" → c W), else it is x."""
    c = tok[0]
    if c.isdecimal():                  # \d: decimal digits of any script ("²" is no digit here)
        n = len(tok)
        if n == 1:
            return "d"
        if n == 2:
            return "D" if int(tok) <= 31 else "n"
        if n == 4:
            return "Y" if 1300 <= int(tok) <= 2700 else "q"
        return "q" if n == 3 else "x"
    if len(tok) == 1 and not c.isalpha():
        return _SEPARATORS.get(c, "|")
    word = cal.fold_word(tok)
    if not word:
        return ""
    words = cal.WORD_CLASS
    cls = words.get(word)
    if cls:
        return cls
    if "'" in word:                                    # "d'abril", "l'11": the word after the elision
        cls = words.get(word.rsplit("'", 1)[1])
        if cls:
            return cls
    if cal.no_space_script(word[0]):
        # a long run of no known words is prose, never a place before a date: X ends the line's test
        return _split_run(word, words) or ("X" if len(word) > 8 else "x")
    return "x"


def _split_run(word: str, words: dict[str, str]) -> str | None:
    """The classes of `word` split into known words, longest first at each position, or None."""
    out, i, n, longest, first = [], 0, len(word), cal.MAX_WORD, cal.FIRST_CHARS
    while i < n:
        if word[i] not in first:
            return None
        for j in range(min(n, i + longest), i, -1):
            cls = words.get(word[i:j])
            if cls:
                out.append(cls)
                i = j
                break
        else:
            return None
    return "".join(out)


def _chunk_class(chunk: str) -> str:
    """The classes of the tokens of one space-free chunk ("23.08.2025," → "D.D.Y,")."""
    table = _CLASS
    out = []
    for tok in _TOKEN.findall(chunk):
        cls = table.get(tok)
        if cls is None:
            cls = _token_class(tok)
            if len(table) >= _CLASS_MAX:
                table.clear()
            table[tok] = cls
        out.append(cls)
    return "".join(out)


# the classes of every space-free chunk seen (bounded: emptied when full)
_CHUNK: dict[str, str] = {}


def classes(text: str, max_unknown: int = 1 << 30) -> str | None:
    """The class string of `text` (lower-cased here), one letter per token or known word; None
    as soon as more than `max_unknown` chunks hold an unknown word (x), or one holds X."""
    s = text.lower()
    if "m." in s:
        s = _AMPM.sub(r"\1m", s)
    table = _CHUNK
    out = []
    unknown = 0
    for chunk in s.split():
        cls = table.get(chunk)
        if cls is None:
            cls = _chunk_class(chunk)
            if len(table) >= _CLASS_MAX:
                table.clear()
            table[chunk] = cls
        if "x" in cls or "X" in cls:
            unknown += 1
            if unknown > max_unknown or "X" in cls:
                return None
        out.append(cls)
    return "".join(out)


# --- what makes a date --------------------------------------------------------------------------
_F = r"[PgoAE]"                                  # small words between a day, a month and a year
_M = r"[MN]"                                     # a month (N: also an "ago" word, as "ago")
_NUMERIC = r"(?:[dD]([./-])[dD]\1(?:Y|[Dn])(?!\1[dDnqY])|Y([./-])[dD]\2[dD](?!\2[dDnqY]))"
_CJK = r"(?:(?:Y|G[dD])y)?[dD]m[dD]c|[dD]m[dD],?y?Y"     # (2024年)5月1日, 2024년 5월 1일; 1 tháng 5 năm 2024
_DMY = r"[dD]o?[.,/-]?" + _F + r"{0,2}" + _M + r"[MNP]{0,3}[.,/-]?" + _F + r"{0,2}Y"
_MDY = _M + r"\.?[dD]o?,?" + _F + r"?Y"
_YMD = r"Y[.,]?" + _F + r"?\.?" + _M + r"\.?[dD]"
_DATE = re.compile("|".join((_NUMERIC, _CJK, _DMY, _MDY, _YMD)))
# a day and a month alone: a date with a weekday or a time ("Monday 5 May", "5 May, 10:30")
_DAY_MONTH = re.compile(r"[dD]o?[.,/-]?" + _F + r"{0,2}" + _M + "|" + _M + r"\.?[dD](?![dDnqY])")
_CLOCK = re.compile(r"[dD][:.][dDn]|[dD]A|[dD]h")
_AGO = re.compile(r"[dD]u|u[dD]")             # with an "ago" word (g or N) anywhere
# "Tehran, 11 May (IRNA) –" when it is the whole line: place, day and month, agency in brackets
_NOT_PLACE = re.compile(r"[dDnqY/:+|,]")
_DATELINE = re.compile(r"x{1,4}[,-]([^x]*)\|[^dDnqY|]{1,4}\|[-.:,|]*")


def _has_date(cls: str) -> bool:
    if _DATE.search(cls):
        return True
    if _DAY_MONTH.search(cls) and ("W" in cls or _CLOCK.search(cls)):
        return True
    if "R" in cls and _CLOCK.search(cls):
        return True
    return ("g" in cls or "N" in cls) and _AGO.search(cls) is not None


def _date_after_place(cls: str) -> bool:
    """A line with unknown words: a date line only when they are a place before the first comma
    ("Tokyo, August 23, 2025": at most four words, no digit) or the line is a whole dateline."""
    m = _DATELINE.fullmatch(cls)
    if m is not None:
        return _DAY_MONTH.search(m.group(1)) is not None
    k = cls.find(",")
    if not 0 < k <= 4:
        return False
    head, rest = cls[:k], cls[k + 1:]
    if "x" not in head or _NOT_PLACE.search(head):
        return False
    return "x" not in rest and _has_date(rest)


@memo(1 << 14)   # asked twice per block (a feature, then the block's kind)
def is_date_line(text: str) -> bool:
    """True when the block is (almost) only a date or date-time, in any language and script
    (see the module docstring)."""
    if len(text) > 90:
        return False
    # unknown words only in a place before a comma (≤ 4) and an agency in brackets (≤ 3): a line
    # with neither a comma nor a bracket may have none, and is dropped at its first unknown word
    punct = "," in text or "،" in text or "、" in text or "(" in text or "（" in text
    cls = classes(text, 7 if punct else 0)
    if cls is None or "~" in cls:                 # a period ("5月1日〜6日"): an event's dates, not the page's
        return False
    if "x" in cls:
        return _date_after_place(cls)
    return _has_date(cls)


# --- a date at the start of a line (segment.text's multilingual prefix cutter) -------------------
_CLOCK_FORM = (r"(?:[dD][:.][dDn](?:[:.][dDn])?(?:\.q)?A{0,2}(?:[+-][dDq](?::[dD])?)?|[dD]A[dDn]A?|[dD]A{1,2}"
               r"|[dD]h(?:[dDn]h?)?)")
_TIME_TAIL = r"(?:[,\-]?[PgoA]{0,2}" + _CLOCK_FORM + r")?"
_VALUE = re.compile(r"(?:W\.?,?)?(?:" + "|".join((_NUMERIC, _CJK, _DMY, _MDY, _YMD)) + r")(?:E\.?)?(?:\.?\|[WmcR]\|)?"
                    + _TIME_TAIL + r"(?:\|[WmcR]\|)?")


def _keys() -> tuple[dict[str, list[tuple[tuple[str, ...], bool]]], frozenset[str]]:
    """(first word → [(the words of a key phrase, whether it names an update)], longest first;
    the words of all key phrases)."""
    out: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for table, update in ((date_words.PUBLISHED, False), (date_words.UPDATED, True)):
        for phrases in table.values():
            for phrase in phrases:
                words = tuple(w.strip(".:") for w in cal.fold_word(phrase).replace("-", " ").split())
                if words and all(words):
                    out.setdefault(words[0], []).append((words, update))
    for v in out.values():
        v.sort(key=lambda e: -len(e[0]))
    return out, frozenset(w for v in out.values() for words, _ in v for w in words)


_KEY_TABLE: tuple | None = None
#: The class letters a date of `_VALUE` can start with (a weekday, a day, a year, an era, a month).
_DATE_START = frozenset("WdDYGMN")


def match_date_prefix(line: str, keyed: bool = True) -> tuple[int, int, int, bool] | None:
    """Where a date glued to the start of `line` ends: (end of the key phrase, start of the
    date, end of the date, whether the key names an update), or None. With `keyed`, the line
    must start with a key of `lexicon.date_words` ("تاریخ انتشار:", "Imechapishwa tarehe",
    "Опубликовано:", "更新日："), which may run on over more key words ("تاریخ به‌روزرسانی:");
    without, the date must come first. The date is one of the forms `is_date_line` reads, with
    an optional weekday before and time after it."""
    global _KEY_TABLE
    # most lines start with neither a key nor a date: their first token says so, before the
    # line's first 120 characters are tokenised
    first = _TOKEN.search(line, 0, 120)
    if first is None:
        return None
    head = first.group(0).lower()
    if keyed:
        if _KEY_TABLE is None:
            _KEY_TABLE = _keys()
        phrases, key_words = _KEY_TABLE
        if cal.fold_word(head) not in phrases:
            return None
    else:
        cls = _CLASS.get(head) or _token_class(head)
        if cls and cls[0] not in _DATE_START:       # ("": a token of no class, read on)
            return None
    toks = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(line[:120])]
    i, key_end, update = 0, 0, False
    if keyed:
        words = [cal.fold_word(t[2]) for t in toks[:8]]
        for phrase, upd in phrases.get(words[0], ()):
            if tuple(words[:len(phrase)]) == phrase:
                i, update = len(phrase), upd
                break
        else:
            return None
        while i < min(len(words), len(phrase) + 3) and words[i] in key_words:
            i += 1
        key_end = toks[i - 1][1]
        if i < len(toks) and toks[i][2] in (":", "-", "|", "：", "–", "—"):
            i += 1
    if i >= len(toks):
        return None
    # the classes of the tokens from i on, and which token each class letter came from
    letters, owner = [], []
    for j in range(i, len(toks)):
        cls = _CLASS.get(toks[j][2]) or _token_class(toks[j][2])
        letters.append(cls)
        owner.extend([j] * len(cls))
    m = _VALUE.match("".join(letters))
    if not m:
        return None
    last = owner[m.end() - 1]
    return key_end, toks[i][0], toks[last][1], update
