"""Date patterns shared by the text segmenter (metadata prefixes) and the block typer
(date lines such as "Saturday, August 23, 2025" or "23.08.2025, 14:05 Uhr")."""
from __future__ import annotations

import re

from ..memo import memo

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

#: A single date, in the common numeric and written forms (no surrounding anchors).
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

_DATE_ONLY = re.compile(
    r"^\s*(?:(?:published|updated|posted|date|dated|last updated|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|publicado|actualizado)(?:\s+on|\s+am|\s+le)?\s*[:\-–|]?\s*)?"
    r"(?:[A-ZÀ-ÿ][\w .'’-]{0,40}?,\s*)?"  # "Tokyo, " dateline place
    + DATE_RE + r"\s*(?:[|,\-–—:·•]\s*(?:last\s+)?(?:updated|modified|aktualisiert|actualizado|mis à jour)[^\n]{0,40})?\s*$",
    re.IGNORECASE,
)
_DATE_ANY = re.compile(DATE_RE, re.IGNORECASE)


@memo(1 << 14)   # asked twice per block (a feature, then the block's kind)
def is_date_line(text: str) -> bool:
    """True when the block is (almost) only a date or date-time, e.g. a dateline."""
    return len(text) <= 90 and _DATE_ONLY.match(text) is not None


def find_date(text: str) -> str | None:
    m = _DATE_ANY.search(text)
    return m.group(0).strip() if m else None
