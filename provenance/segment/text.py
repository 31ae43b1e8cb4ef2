"""Plain text (already-extracted pages) → `Document` of line or paragraph blocks.

Scraped text often arrives with metadata glued to the first body line, as in
"date 2025-08-23 Japanese Prime Minister…", "تاریخ انتشار: ۱۳۹۸/۰۲/۳۱ …" or
"Imechapishwa tarehe 2021-07-02 …". Such a prefix is cut off the block and reported as
document metadata, so the body line survives intact.
"""
from __future__ import annotations

import re

from ..compiled import verified
from ..document import Block, Document
from ..limits import MAX_BLOCKS, MAX_TEXT_CHARS as MAX_CHARS
from ..lexicon import calendars as cal
from ..lexicon import date_words
from .dates import DATE_RE, DAYS, match_date_prefix
from .mojibake import may_hold, repair_all

# "date 2025-08-23 Text…", "Published: 23 August 2025 - Text…", "Updated 2025-08-23T10:00Z Text…"
_PREFIX = re.compile(
    r"^\s*(?P<key>date|dated|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|datum|fecha|"
    r"data|publié\s+le|veröffentlicht(?:\s+am)?|publicado)\s*[:\-–|]?\s*"
    r"(?P<value>" + DATE_RE + r")\s*[:\-–—|]?\s+(?=\S)",
    re.IGNORECASE,
)
# a bare dateline glued to the first sentence: "Sunday, January 5, 2025 In this…", "2025-01-05 The…"
# (only with a weekday or an ISO date, and before a capital: "May 5, 2025 was…" is prose)
_BARE_PREFIX = re.compile(r"^\s*(?P<value>" + DATE_RE + r")\s*[:\-–—|]?\s+(?=\S)", re.IGNORECASE)
_BARE_OK = re.compile(r"^(?:(?:" + DAYS + r")\b|\d{4}-\d{1,2}-\d{1,2})", re.IGNORECASE)
_BLANK_SPLIT = re.compile(r"\n\s*\n")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")


def normalise_line(piece: str) -> str:
    """`_WS` runs → one space, stripped. A printable line has no whitespace but ASCII spaces
    (every other whitespace character is a Unicode separator or control), so when no two
    spaces meet this is only `strip`, and the regex (most of the segmentation time) is skipped."""
    if piece.isprintable() and "  " not in piece:
        return piece.strip()
    return _WS.sub(" ", piece).strip()


_OPENING = "\"'“‘«„(（「『【《〈["      # quotes and brackets that may open a body line
_AFTER_VALUE = re.compile(r"\s*[:\-–—|]?\s+(?=\S)")
_AFTER_VALUE_CJK = re.compile(r"\s*[:\-–—|]?\s*(?=\S)")


def _folded_keys(*tables: dict) -> frozenset[str]:
    return frozenset(cal.fold_word(p) for t in tables for phrases in t.values() for p in phrases)


#: keys after which a date is an update, not the publication date
UPDATE_KEYS = _folded_keys(date_words.UPDATED) | {"updated", "updated on"}


def _words(*tables: dict) -> set[str]:
    return {w for t in tables for phrases in t.values() for p in phrases for w in cal.fold_word(p).split()}


# the words that make a longer key an update key ("تاریخ به‌روزرسانی", "Letzte Aktualisierung am")
_UPDATE_WORDS = frozenset(_words(date_words.UPDATED) - _words(date_words.PUBLISHED, date_words.CONNECTORS))
# English key phrases no other language shares: on an ASCII line only the English regex reads
# them, so English lines are cut exactly as before the multilingual keys
_ENGLISH_ONLY = _folded_keys({"en": date_words.PUBLISHED["en"] + date_words.UPDATED["en"]}) - _folded_keys(
    {k: v for k, v in date_words.PUBLISHED.items() if k != "en"},
    {k: v for k, v in date_words.UPDATED.items() if k != "en"})


def is_update_key(key: str) -> bool:
    """Whether a key `cut_metadata_prefix` reported names an update ("Updated", "آخر تحديث",
    "Aktualisiert am"): its date is not the publication date."""
    key = cal.fold_word(key)
    return key in UPDATE_KEYS or any(w in _UPDATE_WORDS for w in key.split())


def _body_follows(rest: str) -> bool:
    """Body text, not a bare date block: three words, or ten characters of a script written
    without spaces (Japanese, Chinese, Thai)."""
    return len(rest.split()) >= 3 or (len(rest) >= 10 and any(map(cal.no_space_script, rest[:30])))


def _foreign_month(value: str) -> bool:
    """Whether `value` has a month name that is no English month name."""
    return any(w in cal.GREGORIAN and w not in _ENGLISH_MONTHS for w in _LETTERS.findall(value.lower()))


_LETTERS = re.compile(r"[^\W\d_]+")
_ENGLISH_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def cut_metadata_prefix(line: str) -> tuple[str, str | None, str | None]:
    """Return (rest of line, metadata key, metadata value) when `line` starts with a
    metadata prefix followed by body text; else (line, None, None).

    English and numeric forms go through `DATE_RE` ("date 2025-08-23 …", "Published: 23 August
    2025 - …", "Sunday, January 5, 2025 In this…"; a bare date only with a weekday or an ISO date,
    before a capital). Other languages through the token classes of `segment.dates`
    (`match_date_prefix`): a key of `lexicon.date_words` and any date `is_date_line` reads
    ("Опубликовано: 10.11.2017 …", "配信日時：2012年4月17日（火） 23:56 …"), or, on a line
    that is not ASCII, a bare date starting with a weekday, a year (ISO, CJK) or a day, before a
    capital or a letter of a script without case ("০২ এপ্রিল ২০২৫ …")."""
    m = _PREFIX.match(line)
    if m:
        key = m.group("key").lower()
    else:
        m = _BARE_PREFIX.match(line)
        if not m or not _BARE_OK.match(m.group("value")) or not line[m.end()].isupper():
            return _cut_multilingual(line)
        key = "date"
    rest = line[m.end():].strip()
    if not _body_follows(rest):  # a bare "date 2025-08-23" line is a date block, not a prefix
        return line, None, None
    return rest, key, m.group("value").strip()


def _cut_multilingual(line: str) -> tuple[str, str | None, str | None]:
    found = match_date_prefix(line, keyed=True)
    if found is not None and line.isascii() and cal.fold_word(line[:found[0]]) in _ENGLISH_ONLY:
        found = None
    bare = found is None
    if bare:
        found = match_date_prefix(line, keyed=False)
        # an ASCII line keeps the English rule (the regex above): a bare date with a month name
        # of another language only ("24. Mai 2015 Die …", "Senin, 28 Juli 2025 …")
        if found is None or (line.isascii() and not _foreign_month(line[found[1]:found[2]])):
            return line, None, None
    key_end, start, end, _update = found
    after = (_AFTER_VALUE_CJK if cal.no_space_script(line[end - 1]) or line[end - 1] in "）)" else
             _AFTER_VALUE).match(line, end)
    if after is None:
        return line, None, None
    rest = line[after.end():].strip()
    first = rest.lstrip(_OPENING)[:1]
    # a bare date before a capital, a letter of a script without case, or (after a CJK date
    # and a space, which Japanese or Chinese prose never has there) anything
    if bare and not (first.isalpha() and not first.islower()) and not cal.no_space_script(line[end - 1]):
        return line, None, None
    if not _body_follows(rest):
        return line, None, None
    key = line[:key_end].strip().rstrip(":：").strip().lower() if key_end else "date"
    return rest, key, line[start:end].strip()


#: Hard-wrapped text has no line longer than this (a scraped page of one paragraph a line has:
#: its body lines; its many template lines of 40-100 characters must not make it look wrapped).
MAX_WRAPPED_LINE = 160


def is_hard_wrapped(text: str) -> bool:
    """True when paragraphs are wrapped over several short lines (e-mail, Gutenberg style):
    most lines that continue a paragraph are 40-100 characters and do not end a sentence, and
    none is longer than MAX_WRAPPED_LINE. One-paragraph-per-line text (what scrapers produce)
    is never hard-wrapped."""
    return _hard_wrapped_lines(text.split("\n"))


def _hard_wrapped_lines(lines: list[str]) -> bool:
    """`is_hard_wrapped` of the text with these lines. Paragraphs are the runs of non-blank
    lines (a blank line is whitespace only, as in `_BLANK_SPLIT`); a paragraph's lines but its
    last are its inner lines."""
    inner = wrapped = longest = 0
    prev = None                    # the previous line of the current paragraph, stripped
    for line in lines:
        line = line.strip()
        if not line:
            prev = None
            continue
        longest = max(longest, len(line))
        if prev is not None:
            inner += 1
            if 40 <= len(prev) <= 100 and prev[-1] not in ".!?\"”:":
                wrapped += 1
        prev = line
    return inner >= 3 and wrapped > 0.6 * inner and longest <= MAX_WRAPPED_LINE


def split_lines_python(text: str) -> tuple[list[str], bool]:
    """(the non-empty `normalise_line` of every line of `text` split at "\\n", whether it is
    hard-wrapped): the reference for the compiled `_fastlines.split_lines`."""
    lines = text.split("\n")
    return [line for line in map(normalise_line, lines) if line], _hard_wrapped_lines(lines)


def _splits_like_reference(module) -> bool:
    """The compiled `split_lines` agrees with the reference on a probe (every `_WS`
    character, runs, U+200B at the ends, other white space, blank lines and a hard-wrapped
    text). Where it is not used, `segment_text` replaces lone surrogates and uses
    `split_lines_python` (see provenance.compiled)."""
    probe = ["", "\n\n", " a  b\t\tc \n\n\u200b x \u200b\n\u3000y\u00a0\u2000z\x85 \n\x1cw\x1c",
             "\n".join(["a line of prose that is wrapped at some width like e-mail"] * 5),
             "Ünïcödé  lines\u2009here.\n  \n中文 行\n"]
    return all(module.split_lines(t) == split_lines_python(t) for t in probe)


SPLIT_LINES = verified("segment._fastlines", _splits_like_reference)


def segment_text(text: str | bytes, doc_id: str = "", *, paragraphs: bool | None = None,
                 max_chars: int = MAX_CHARS, max_blocks: int = MAX_BLOCKS) -> Document:
    """One block per non-empty line (``paragraphs=False``), per blank-line separated
    paragraph (``True``), or chosen from the text (``None``: paragraphs only when the text
    is hard-wrapped, see `is_hard_wrapped`)."""
    doc = Document(id=doc_id, source="text")
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if len(text) > max_chars:
        doc.warnings.append(f"text of {len(text)} characters truncated to max_chars={max_chars}")
        text = text[:max_chars]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    module = SPLIT_LINES.get()
    split = module.split_lines(text) if module is not None else None
    if split is None:                   # not compiled, or lone surrogates to replace first
        if not text.isascii():
            text = text.encode("utf-8", errors="replace").decode("utf-8")
        split = split_lines_python(text)
    lines, wrapped = split
    if paragraphs is None:
        paragraphs = wrapped
    if paragraphs:
        lines = [line for line in (normalise_line(piece.replace("\n", " "))
                                   for piece in _BLANK_SPLIT.split(text) if piece) if line]
    if len(lines) > max_blocks:
        doc.warnings.append(f"text truncated at max_blocks={max_blocks}")
        del lines[max_blocks:]
    for i in range(min(5, len(lines))):
        line, key, value = cut_metadata_prefix(lines[i])
        if key:
            lines[i] = line
            doc.meta.setdefault("prefixes", []).append({"key": key, "value": value})
            if doc.date is None and not is_update_key(key):
                doc.date = value
    fixed = repair_all(lines) if may_hold(text) else None
    if fixed is not None and fixed != lines:
        doc.warnings.append(f"double-decoded UTF-8 repaired in {sum(a != b for a, b in zip(fixed, lines))} lines")
        lines = fixed
    doc.blocks = list(map(Block, lines, range(len(lines))))
    return doc
