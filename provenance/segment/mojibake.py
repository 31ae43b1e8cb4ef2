"""Text that was decoded twice, repaired: UTF-8 bytes once read as Latin-1 or Windows-1252 and
written out again as UTF-8 ("letâ\\x80\\x99s", "â€œquotedâ€\\x9d", "cafÃ©" for "let’s",
"“quoted”", "café"). About one page in a hundred of the benchmark crawls carries some; the page
declares UTF-8 and is valid UTF-8, so no decoder can tell.

The repair is ftfy's `fix_encoding` (a maintained library made for exactly this, which undoes
only what it is sure of and leaves real "â" or "Ã" alone), asked only of the texts that hold
one of the signatures of such text (`SIGNATURE`: "â" or "Ã"/"Â" followed by a character of the
U+0080–U+00BF range or a Windows-1252 punctuation mark), so a page without any pays one regex
search over its joined text. ftfy is imported on first use.
"""
from __future__ import annotations

import re

#: What double-decoded UTF-8 looks like: the lead character of a 2- or 3-byte sequence read as
#: Latin-1/Windows-1252 ("Â", "Ã", "â") followed by a continuation byte read the same way.
SIGNATURE = re.compile("[âÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")

_fix = None


def _fixer():
    global _fix
    if _fix is None:
        from ftfy import fix_encoding

        _fix = fix_encoding
    return _fix


def may_hold(text: str) -> bool:
    """Whether `text` holds a lead character of `SIGNATURE` at all: three substring tests, which
    scan at memchr speed and are false for almost every text (the regex scans several times
    slower). A caller with the whole page as one string asks this before splitting it."""
    return "â" in text or "Ã" in text or "Â" in text


def _signed(text: str) -> bool:
    return may_hold(text) and SIGNATURE.search(text) is not None


#: "Â" before a space or at the end: a double-decoded no-break space (U+00A0 read as "Â" and a
#: no-break space, which whitespace normalisation then made a space or cut). Only removed from
#: a text of a page that shows other signatures: alone, "Â" may be a letter.
_LONE_A = re.compile("Â(?= |$)")


def _fixed(text: str) -> str:
    return _LONE_A.sub("", _fixer()(text)).rstrip()


def repair(text: str) -> str:
    """`text` with double-decoded UTF-8 undone (itself when it shows no sign of it): one text
    repaired as `repair_all` repairs a page's blocks."""
    return _fixed(text) if text and _signed(text) else text


def repair_all(texts: list[str]) -> list[str] | None:
    """The repaired texts of one page, or None when none of them shows a sign of double
    decoding (one search over them joined: a page's worth of blocks costs microseconds)."""
    if not _signed("\n".join(texts)):
        return None
    return [_fixed(t) if may_hold(t) else t for t in texts]
