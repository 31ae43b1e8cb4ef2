"""Dates → ISO 8601 days (``YYYY-MM-DD``), in many languages and three calendars.

`parse_date` reads one date string: ISO timestamps and their relatives, numeric dates
(``05/11/2025``, ``23.08.2025``, ``14.11.24``), written dates in English, German, French,
Spanish, Italian, Portuguese, Dutch, Polish, Turkish, Indonesian, the Scandinavian languages,
Russian, Arabic (Egyptian and Levantine month names), Hindi and Bengali, Chinese/Japanese and
Korean forms (``2024年5月1日``, ``2024년 5월 1일``), Vietnamese (``3 tháng 5 năm 2024``), and the Persian Solar Hijri calendar
(``۱۱ اردیبهشت ۱۴۰۳`` → 2024-04-30). Any Unicode decimal digits are read (Arabic-Indic,
Persian, Devanagari, Bengali, full-width …). A timestamp gives its day in its own time zone
(``2025-08-23T23:30:00-05:00`` → 2025-08-23: the day the page says, not the UTC day).

This fast path is plain regular expressions over a short string (~5-15 µs a call, no import
cost beyond `re`): it is what the plain-text path pays per page. Strings it cannot read go to
`python-dateutil` when it is installed (lazily imported, English forms such as
``Thursday the 4th of July 2024``); see benchmarks/date_parsers.py for the measurements that
chose this over dateparser and htmldate.

Ambiguous numeric dates (both leading numbers ≤ 12, as in ``05/11/2025``) are read with the
order `numeric_order` decides for the page: day first (DMY) unless the page's hints say
month first (MDY). The hints, strongest first: another numeric date on the same page whose
first or second number is above 12 (the site's own order); the page's declared language
(``en-US``, ``en-PH`` … → MDY; ``en-GB``, ``en-IN``, any other language → DMY); the host's
country-code TLD (``.us`` → MDY; ``.uk``, ``.de``, ``.in`` … → DMY); an English page (``en``
without region) on a generic TLD (``.com``, ``.org``, ``.net``, ``.edu``, ``.gov``) → MDY.
With no hint at all (plain text without a URL) the order is day first, the order of most of
the world (and of every ambiguous date in wirebench-dev whose site also shows unambiguous ones).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["parse_date", "numeric_order", "jalali_to_gregorian", "normalise_digits"]

# --- digits -----------------------------------------------------------------------------------
_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
                 0x0CE6, 0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10)
_DIGITS = {start + i: str(i) for start in _DIGIT_BLOCKS for i in range(10)}


def normalise_digits(text: str) -> str:
    """Every decimal digit of the scripts above as its ASCII digit (ASCII text unchanged)."""
    return text if text.isascii() else text.translate(_DIGITS)


# --- month names ------------------------------------------------------------------------------
_MONTH_NAMES = {
    1: "january jan janv januar jänner janvier enero ene gennaio gen janeiro januari stycznia styczeń "
       "styczen sty ocak января январь янв يناير كانون الثاني जनवरी জানুয়ারি জানুয়ারী jänuar tammikuuta "
       "ledna leden",
    2: "february feb febr februar février fevrier févr fév fev febrero febbraio fevereiro februari lutego "
       "luty lut şubat subat февраля февраль фев فبراير شباط फ़रवरी फरवरी ফেব্রুয়ারি ফেব্রুয়ারী helmikuuta "
       "února únor",
    3: "march mar märz mrz maerz mars marzo março marco maart mrt marca marzec mart марта март мар مارس "
       "آذار मार्च মার্চ maaliskuuta března březen",
    4: "april apr avril avr abril abr aprile aprilie kwietnia kwiecień kwi nisan апреля апрель апр أبريل "
       "ابريل إبريل نيسان अप्रैल এপ্রিল huhtikuuta dubna duben",
    5: "may mai mayo maggio mag maio mei maja maj mayıs mayis мая май مايو أيار ايار मई মে toukokuuta "
       "května květen",
    6: "june jun juni juin junio giugno giu junho juniu czerwca czerwiec cze haziran июня июнь июн يونيو "
       "حزيران जून জুন kesäkuuta června červen",
    7: "july jul juli juillet juil julio luglio lug julho lipca lipiec lip temmuz июля июль июл يوليو "
       "تموز जुलाई জুলাই heinäkuuta července červenec",
    8: "august aug august août aout agosto ago augustus agustus augusti sierpnia sierpień sie ağustos "
       "agustos августа август авг أغسطس اغسطس آب अगस्त আগস্ট elokuuta srpna srpen",
    9: "september sep sept septembre septiembre setiembre settembre set setembro september września "
       "wrzesień wrz eylül eylul сентября сентябрь сен сент سبتمبر أيلول ايلول सितंबर सितम्बर সেপ্টেম্বর "
       "syyskuuta září",
    10: "october oct oktober octobre octubre oct ottobre ott outubro out oktober października "
        "październik paź ekim октября октябрь окт أكتوبر اكتوبر تشرين الأول अक्टूबर अक्तूबर অক্টোবর "
        "lokakuuta října říjen",
    11: "november nov novembre noviembre novembro november listopada listopad lis kasım kasim ноября "
        "ноябрь ноя нояб نوفمبر تشرين الثاني नवंबर नवम्बर নভেম্বর marraskuuta listopadu",
    12: "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro december "
        "desember grudnia grudzień gru aralık aralik декабря декабрь дек ديسمبر كانون الأول दिसंबर "
        "दिसम्बर ডিসেম্বর joulukuuta prosince prosinec",
}
#: Persian Solar Hijri months (Iran, Afghanistan): their dates go through `jalali_to_gregorian`.
_JALALI_NAMES = {1: "فروردین", 2: "اردیبهشت", 3: "خرداد", 4: "تیر", 5: "مرداد", 6: "شهریور",
                 7: "مهر", 8: "آبان", 9: "آذر", 10: "دی", 11: "بهمن", 12: "اسفند"}
# The Levantine names are two words ("تشرين الأول"): the word lists above are split on spaces,
# so the pairs are entered whole here.
_TWO_WORD = {"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12}
_NOT_MONTHS = {"الثاني", "الأول", "كانون", "تشرين"}

_MONTH: dict[str, int] = {}
for _m, _names in _MONTH_NAMES.items():
    for _n in _names.split():
        if _n not in _NOT_MONTHS:
            _MONTH.setdefault(unicodedata.normalize("NFC", _n), _m)
_MONTH.update(_TWO_WORD)
_JALALI = {unicodedata.normalize("NFC", n): m for m, n in _JALALI_NAMES.items()}
_YEAR = r"(?P<y>\d{4})"
_DAY = r"(?P<d>\d{1,2})"

_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)")
_CJK = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
# Vietnamese: "3 tháng 5 năm 2024", "ngày 3 tháng 5, 2024"
_VI = re.compile(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*,?\s*(?:năm\s+)?(?P<y>\d{4})", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d])")
# "1 de mayo de 2024", "23. August 2025", "12 Nov 2025", "04-ago-2021", "19th of December, 2025"
# A word of letters, and of the vowel signs and viramas of the Indic scripts (Mn/Mc, which \w
# lacks: "अप्रैल", "জানুয়ারি"); digits were made ASCII before matching, so none is left in those blocks.
_WORDCH = r"(?:[^\W\d_]|[\u0900-\u0DFF])"
# "1 de mayo de 2024", "23. August 2025", "12 Nov 2025", "04-ago-2021", "19th of December, 2025"
# (the word is looked up in the month tables: much faster than a 400-name alternation)
_DAY_MONTH = re.compile(
    r"(?<!\d)" + _DAY + r"(?:st|nd|rd|th|er|e|º|ª|\.)?(?:\s*(?:de|of|del)\s+|[\s\-/]*)"
    r"(?P<mon>(?<!" + _WORDCH + r")" + _WORDCH + r"{2,14}(?:\s(?:الثاني|الأول))?)"
    r"\.?(?:\s*,\s*|\s*(?:de|del)\s+|[\s\-/]+)(?:" + _YEAR + r"|(?P<y2>\d{2})(?!\d))",
    re.IGNORECASE)
# (a word then a day: the word is looked up in the month table, which is much faster than a
# 400-name alternation tried at every position)
_MONTH_DAY = re.compile(
    r"(?P<mon>(?<![^\W\d_])[^\W\d_]{3,12})\.?\s*" + _DAY + r"(?:st|nd|rd|th)?(?!\d)(?:\s*,\s*|\s+)" + _YEAR,
    re.IGNORECASE)
# a year, to tell a date-like string worth a library call from one that cannot be a date
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")

#: Years accepted as publication years (Gregorian), and Solar Hijri years (1403 = 2024/25).
MIN_YEAR, MAX_YEAR = 1900, 2100
_JALALI_YEARS = range(1300, 1500)


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> tuple[int, int, int]:
    """A Solar Hijri (Jalali) date as a Gregorian (year, month, day) (the arithmetic of the
    33-year cycle, exact for 1300-1500 SH)."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = gy % 4 == 0 and (gy % 100 != 0 or gy % 400 == 0)
    for gm, n in enumerate((31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1):
        if gd <= n:
            return gy, gm, gd
        gd -= n
    return gy, 12, 31


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _iso(y: int, m: int, d: int) -> str | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= _MONTH_DAYS[m - 1]):
        return None
    if m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 70 else 1900 + y)


def _named(m: re.Match) -> str | None:
    name = unicodedata.normalize("NFC", m.group("mon")).lower()
    y = int(m.group("y")) if m.group("y") else None
    if y is None:
        y2 = m.groupdict().get("y2")
        if not y2:
            return None
        y = _year(y2)
    d = int(m.group("d"))
    if name in _JALALI and y in _JALALI_YEARS:
        return _iso(*jalali_to_gregorian(y, _JALALI[name], d)) if 1 <= d <= 31 else None
    month = _MONTH.get(name)
    return None if month is None else _iso(y, month, d)


def parse_date(text: str | None, dmy: bool | None = None, *, fallback: bool = True) -> str | None:
    """The first date in `text` as ``YYYY-MM-DD``, else None.

    `dmy`: how to read an ambiguous numeric date (see `numeric_order`; None: day first).
    `fallback`: hand a string with a year that no pattern read to python-dateutil (when
    installed; English only, imported on first use)."""
    if not text:
        return None
    s = normalise_digits(text[:300])
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    found: list[tuple[int, str]] = []
    m = _ISO.search(s)
    if m:
        iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
        if iso and m.start() == 0:
            return iso                       # the common case: an ISO timestamp
        if iso:
            found.append((m.start(), iso))
    has_digit = any(c.isdigit() for c in s)
    if not has_digit:
        return None
    if not s.isascii():
        for rx in (_CJK, _VI):
            m = rx.search(s)
            if m:
                iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
                if iso:
                    found.append((m.start(), iso))
    m = _NUMERIC.search(s)
    if m:
        a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
        if a > 12 or (b <= 12 and dmy is not False):
            iso = _iso(y, b, a)
        else:
            iso = _iso(y, a, b)
        if iso:
            found.append((m.start(), iso))
    if not found and (_HAS_YEAR.search(s) or not s.isascii()):
        for m in _DAY_MONTH.finditer(s):
            iso = _named(m)
            if iso:
                found.append((m.start(), iso))
                break
        for m in _MONTH_DAY.finditer(s):
            if m.group("mon").lower() in _MONTH:
                iso = _named(m)
                if iso:
                    found.append((m.start(), iso))
                    break
    if found:
        return min(found)[1]
    if fallback and _HAS_YEAR.search(s):
        return _dateutil(s)
    return None


_parser = None


def _dateutil(s: str) -> str | None:
    """python-dateutil's fuzzy parse of an English date (None when it is not installed, the
    string has no day, or it fails)."""
    global _parser
    if _parser is None:
        try:
            from dateutil import parser as dateutil_parser
        except ImportError:           # an optional helper: without it the fast path decides alone
            _parser = False
            return None
        _parser = dateutil_parser
    if _parser is False or len(s) > 80:
        return None
    import datetime
    import warnings

    try:
        with warnings.catch_warnings():       # "tzname FDA identified but not understood"
            warnings.simplefilter("ignore")
            # two defaults that differ in every field: a field the string lacks shows as a difference
            a = _parser.parse(s, fuzzy=True, default=datetime.datetime(1904, 1, 1))
            b = _parser.parse(s, fuzzy=True, default=datetime.datetime(1908, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date():
        return None
    return _iso(a.year, a.month, a.day)


# --- numeric order ----------------------------------------------------------------------------
_MDY_REGIONS = frozenset("us ph fm mh pw bz ca".split())   # en-CA is mixed; its sites mostly MDY
_MDY_TLDS = frozenset(("us",))
_GENERIC_TLDS = frozenset("com org net edu gov mil io co info biz app dev blog news".split())


def numeric_order(lang: str | None = None, hostname: str | None = None,
                  dates: list[str] = ()) -> bool | None:
    """Whether the page writes numeric dates day first (True), month first (False) or gives no
    hint (None; `parse_date` then reads day first). See the module docstring for the order of
    evidence: unambiguous numeric dates on the page (`dates`), the declared language (`lang`,
    e.g. "en-US"), the host's TLD (`hostname`)."""
    votes = 0
    for d in dates:
        m = _NUMERIC.search(normalise_digits(d))
        if m:
            a, b = int(m["a"]), int(m["b"])
            votes += (a > 12) - (b > 12 and a <= 12)
    if votes:
        return votes > 0
    lang = (lang or "").strip().lower().replace("_", "-")
    primary, _, region = lang.partition("-")
    region = region[:2]
    if primary and primary != "en":
        return True
    if region:
        return region not in _MDY_REGIONS
    tld = (hostname or "").rstrip(".").rpartition(".")[2].lower()
    if tld in _MDY_TLDS:
        return False
    if tld and tld not in _GENERIC_TLDS and len(tld) == 2:
        return True
    if primary == "en" and tld in _GENERIC_TLDS:
        return False
    return None
