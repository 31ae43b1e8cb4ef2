"""Plain text (already-extracted pages) → `Document` of line or paragraph blocks.

Scraped text often arrives with metadata glued to the first body line, as in
"date 2025-08-23 Japanese Prime Minister…". Such a prefix is cut off the block and
reported as document metadata, so the body line survives intact.
"""
from __future__ import annotations

import re

from ..compiled import verified
from ..document import Block, Document
from ..limits import MAX_BLOCKS, MAX_TEXT_CHARS as MAX_CHARS
from .dates import DATE_RE, DAYS

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


def cut_metadata_prefix(line: str) -> tuple[str, str | None, str | None]:
    """Return (rest of line, metadata key, metadata value) when `line` starts with a
    metadata prefix followed by body text; else (line, None, None)."""
    m = _PREFIX.match(line)
    if m:
        key = m.group("key").lower()
    else:
        m = _BARE_PREFIX.match(line)
        if not m or not _BARE_OK.match(m.group("value")) or not line[m.end()].isupper():
            return line, None, None
        key = "date"
    rest = line[m.end():].strip()
    if len(rest.split()) < 3:  # a bare "date 2025-08-23" line is a date block, not a prefix
        return line, None, None
    return rest, key, m.group("value").strip()


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
            if doc.date is None and key not in ("updated", "updated on"):
                doc.date = value
    doc.blocks = list(map(Block, lines, range(len(lines))))
    return doc
