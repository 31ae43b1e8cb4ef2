"""Dates → ISO 8601 days (``YYYY-MM-DD``), in many languages and three calendars.

`parse_date` reads one date string: ISO timestamps and their relatives, numeric dates
(``05/11/2025``, ``23.08.2025``, ``14.11.24``), written dates with the month names of every
CLDR language (`lexicon.calendars`, generated from CLDR: ``1 de mayo de 2024``, ``23 мая 2024``,
``22 كانون الثاني 2024``, ``১ মে ২০২৪``, ``1 พฤษภาคม 2567``), Chinese/Japanese and Korean forms
(``2024年5月1日``, ``2024년 5월 1일``) and Japanese and ROC era years (``令和6年5月1日``,
``民國113年5月1日``), Vietnamese (``3 tháng 5 năm 2024``), and three more calendars: Persian
Solar Hijri (``۱۱ اردیبهشت ۱۴۰۳`` → 2024-04-30, ``۱۴۰۳/۰۲/۱۱``), Islamic Hijri (``22 شوال
1445`` → 2024-05-01, Umm al-Qura, through `hijridate`; a Gregorian date beside it wins), and the
Thai Buddhist era (year − 543). Bengali-calendar dates (``১৮ বৈশাখ ১৪৩১``) are not read (the
Bangladeshi and Indian calendars differ at some month starts): the Gregorian date a Bengali
page prints beside them is. A four-digit numeric year of 1300-1410 is Solar Hijri (1921-2032),
of 1411-1500 Islamic Hijri (1990-2077): the two never overlap in the years of news. Any
Unicode decimal digits are read (Arabic-Indic, Persian, Devanagari, Bengali, full-width …).
A timestamp gives its day in its own time zone (``2025-08-23T23:30:00-05:00`` → 2025-08-23:
the day the page says, not the UTC day).

This fast path is plain regular expressions over a short string (~5-15 µs a call; the month
tables are dict lookups, built on the first call): it is what the plain-text path pays per page. Strings it cannot read go to
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

from ..lexicon import calendars as cal
from ..lexicon.calendars import normalise_digits

__all__ = ["parse_date", "numeric_order", "jalali_to_gregorian", "hijri_to_gregorian", "normalise_digits"]

_YEAR = r"(?P<y>\d{4})"
_DAY = r"(?P<d>\d{1,2})"

_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)")
_CJK = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
# 令和6年5月1日, 平成元年1月8日, 民國113年5月1日
_ERA = re.compile(r"(?P<era>明治|大正|昭和|平成|令和|民國|民国)\s*(?P<n>\d{1,3}|元)\s*年\s*(?P<m>\d{1,2})\s*月"
                  r"\s*(?P<d>\d{1,2})")
# Vietnamese: "3 tháng 5 năm 2024", "ngày 3 tháng 5, 2024"
_VI = re.compile(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*,?\s*(?:năm\s+)?(?P<y>\d{4})", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d])")
# A word of letters, and of the vowel signs, viramas and other marks of the scripts that have them
# (Mn/Mc, which \w lacks: "अप्रैल", "জানুয়ারি", "พฤษภาคม"); digits were made ASCII before
# matching, so none is left in those blocks. A dot may join letters ("ม.ค.", Thai abbreviations).
_WORDCH = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff])"
_DAY_MONTH = None      # compiled on first use: its two-word month names come from the generated tables


def _day_month() -> re.Pattern:
    """"1 de mayo de 2024", "23. August 2025", "12 Nov 2025", "04-ago-2021", "19th of December,
    2025", "22 كانون الثاني 2024" (the word is looked up in the month tables: much faster than
    an alternation of thousands of names tried at every position; a second word only when a
    two-word name needs it, `calendars.SECOND_WORDS`)."""
    global _DAY_MONTH
    if _DAY_MONTH is None:
        second = "|".join(sorted(map(re.escape, cal.SECOND_WORDS), key=lambda w: (-len(w), w)))
        _DAY_MONTH = re.compile(
            r"(?<!\d)" + _DAY + r"(?:st|nd|rd|th|er|e|º|ª|\.)?(?:\s*(?:de|of|del)\s+|[\s\-/]*)"
            r"(?P<mon>(?<!" + _WORDCH + r")" + _WORDCH + r"{1,14}(?:\." + _WORDCH + r"{1,6})*"
            r"(?:\s(?:" + second + r")(?!" + _WORDCH + r"))?)"
            r"\.?(?:\s*,\s*|\s*(?:de|del)\s+|[\s\-/]+)(?:" + _YEAR + r"|(?P<y2>\d{2})(?!\d))",
            re.IGNORECASE)
    return _DAY_MONTH


# (a word then a day: the word is looked up in the month table, which is much faster than a
# 400-name alternation tried at every position)
_MONTH_DAY = re.compile(
    r"(?P<mon>(?<![^\W\d_])[^\W\d_]{3,12})\.?\s*" + _DAY + r"(?:st|nd|rd|th)?(?!\d)(?:\s*,\s*|\s+)" + _YEAR,
    re.IGNORECASE)
# a year, to tell a date-like string worth a library call from one that cannot be a date
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
# a year of any calendar read here (Solar and Islamic Hijri 13xx-14xx, Buddhist 24xx-26xx)
_ANY_YEAR = re.compile(r"(?<!\d)(?:1[3-9]|2[0-6])\d\d(?!\d)")

#: Years accepted as publication years (Gregorian), and Solar Hijri years (1403 = 2024/25).
MIN_YEAR, MAX_YEAR = 1900, 2100
_JALALI_YEARS = range(1300, 1500)
#: Islamic Hijri years `hijridate` converts (Umm al-Qura: 1343-1500 AH = 1924-2077)
_HIJRI_YEARS = range(1343, 1501)
#: a four-digit numeric year below this is Solar Hijri, from it Islamic Hijri (see the docstring)
_HIJRI_FROM = 1411
#: Thai Buddhist-era years (BE 2443-2643 = 1900-2100 CE)
_BUDDHIST_YEARS = range(2443, 2644)


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


_hijri = None


def hijri_to_gregorian(hy: int, hm: int, hd: int) -> tuple[int, int, int] | None:
    """An Islamic Hijri date (Umm al-Qura, the calendar of Saudi Arabia and most Gulf papers) as
    a Gregorian (year, month, day), by `hijridate` (imported on first use); None when it is not
    installed or the date is outside its 1343-1500 AH."""
    global _hijri
    if _hijri is None:
        try:
            from hijridate import Hijri
        except ImportError:           # a dependency, but the fast path stands without it
            _hijri = False
            return None
        _hijri = Hijri
    if _hijri is False:
        return None
    try:
        g = _hijri(hy, hm, hd).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return g.year, g.month, g.day


def _calendar_year(y: int, m: int, d: int) -> str | None:
    """A numeric date whose year is Solar Hijri (1300-1410) or Islamic Hijri (1411-1500) as ISO."""
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if y < _HIJRI_FROM:
        return _iso(*jalali_to_gregorian(y, m, d))
    g = hijri_to_gregorian(y, m, d) if d <= 30 else None
    return _iso(*g) if g else None


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _iso(y: int, m: int, d: int) -> str | None:
    if y in _BUDDHIST_YEARS:             # Thai Buddhist era: 2567 BE = 2024 CE
        y -= 543
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= _MONTH_DAYS[m - 1]):
        return None
    if m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 70 else 1900 + y)


def _named(m: re.Match) -> tuple[str | None, bool]:
    """(the ISO day of a day-month-year match, whether it was read from the Islamic Hijri
    calendar: a Gregorian date beside it is preferred)."""
    name = m.group("mon").lower()
    y = int(m.group("y")) if m.group("y") else None
    if y is None:
        y2 = m.groupdict().get("y2")
        if not y2:
            return None, False
        y = _year(y2)
    d = int(m.group("d"))
    if not 1 <= d <= 31:
        return None, False
    if y in _JALALI_YEARS:
        jm = cal.SOLAR_HIJRI.get(name)
        if jm:
            return _iso(*jalali_to_gregorian(y, jm, d)), False
        hm = cal.HIJRI.get(name)
        if hm and y in _HIJRI_YEARS and d <= 30:
            g = hijri_to_gregorian(y, hm, d)
            return (_iso(*g) if g else None), True
    month = cal.GREGORIAN.get(name)
    return (None if month is None else _iso(y, month, d)), False


def parse_date(text: str | None, dmy: bool | None = None, *, fallback: bool = True) -> str | None:
    """The first date in `text` as ``YYYY-MM-DD``, else None.

    `dmy`: how to read an ambiguous numeric date (see `numeric_order`; None: day first).
    `fallback`: hand a string with a year that no pattern read to python-dateutil (when
    installed; English only, imported on first use)."""
    if not text:
        return None
    s = cal.fold_text(text[:300])    # digits ASCII, Arabic letter variants and joiners folded
    found: list[tuple[int, str]] = []
    m = _ISO.search(s)
    if m:
        y = int(m["y"])
        iso = _iso(y, int(m["m"]), int(m["d"])) if y >= MIN_YEAR else _calendar_year(y, int(m["m"]), int(m["d"]))
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
        m = _ERA.search(s)
        if m:
            n = 1 if m["n"] == "元" else int(m["n"])
            iso = _iso(cal.ERAS[m["era"]] + n - 1, int(m["m"]), int(m["d"]))
            if iso:
                found.append((m.start(), iso))
    m = _NUMERIC.search(s)
    if m:
        a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
        if a > 12 or (b <= 12 and dmy is not False):
            a, b = b, a
        iso = _iso(y, a, b) if y >= MIN_YEAR or len(m["y"]) != 4 else _calendar_year(y, a, b)
        if iso:
            found.append((m.start(), iso))
    if not found and (_ANY_YEAR.search(s) or not s.isascii()):
        hijri = None
        for rx, check in ((_day_month(), False), (_MONTH_DAY, True)):
            for m in rx.finditer(s):
                if check and m.group("mon").lower() not in cal.GREGORIAN:
                    continue
                iso, from_hijri = _named(m)
                if iso and from_hijri:
                    hijri = hijri or (m.start(), iso)
                elif iso:
                    found.append((m.start(), iso))
                    break
        if not found and hijri:
            found.append(hijri)
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
