"""Local date lines for news pages: ``format_date(date, lang, style, rng, *, prefix=None)``.

Re-exported by ``ui`` (see its docstring for the style grammar). Per-language month names,
weekday names, digit sets and patterns live in ``ui_data/<lang>.py``; the Solar Hijri (Persian)
calendar comes from ``jdatetime`` and the Umm al-Qura Hijri calendar from ``hijridate`` (both in
benchmarks/requirements.txt); the Japanese era (令和/平成) is computed here.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import random
import re
from functools import lru_cache

DIGITS = {
    "ar": "٠١٢٣٤٥٦٧٨٩", "fa": "۰۱۲۳۴۵۶۷۸۹", "ur": "۰۱۲۳۴۵۶۷۸۹",
    "hi": "०१२३४५६७८९", "bn": "০১২৩৪৫৬৭৮৯",
}
_BASE_DEFAULTS = {
    "iso": "{y}-{mm}-{dd}", "numeric": "{dd}/{mm}/{y}", "mdy": "{mm}/{dd}/{y}",
    "dotted": "{dd}.{mm}.{y}", "slash": "{y}/{mm}/{dd}",
}
MODIFIERS = ("weekday", "time", "time12", "native", "latin", "published", "updated")


@lru_cache(maxsize=None)
def _data(lang: str) -> dict:
    return importlib.import_module(f"{__package__}.ui_data.{lang}").DATA


def to_digits(text: str, lang: str) -> str:
    """ASCII digits of ``text`` written in the native digits of ``lang`` (unchanged if none)."""
    digits = DIGITS.get(lang)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def date_styles(lang: str) -> tuple[str, ...]:
    """Style strings that look natural on news sites of ``lang``."""
    return tuple(_data(lang)["styles"])


def _era(d: _dt.date) -> str:
    if d >= _dt.date(2019, 5, 1):
        name, y = "令和", d.year - 2018
    elif d >= _dt.date(1989, 1, 8):
        name, y = "平成", d.year - 1988
    else:
        name, y = "昭和", d.year - 1925
    return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"


def _fields(d: _dt.date, D: dict, hour: int, minute: int) -> dict:
    f = {
        "y": d.year, "m": d.month, "mm": f"{d.month:02d}", "d": d.day, "dd": f"{d.day:02d}",
        "month": D["months"][d.month - 1],
        "month_alt": (D.get("months_alt") or D["months"])[d.month - 1],
        "wd": D["weekdays"][d.weekday()],
        "do": D.get("day_one", "1") if d.day == 1 else str(d.day),
        "H": f"{hour:02d}", "MM": f"{minute:02d}",
        "h": (hour % 12) or 12, "hh": f"{(hour % 12) or 12:02d}",
        "ampm": D.get("ampm", ("AM", "PM"))[hour >= 12],
    }
    if "jalali_months" in D:
        import jdatetime
        j = jdatetime.date.fromgregorian(date=d)
        f.update(jy=j.year, jm=j.month, jmm=f"{j.month:02d}", jd=j.day, jdd=f"{j.day:02d}",
                 jmonth=D["jalali_months"][j.month - 1])
    if "hijri_months" in D:
        import hijridate
        try:
            h = hijridate.Gregorian(d.year, d.month, d.day).to_hijri()
            f.update(hy=h.year, hd=h.day, hmonth=D["hijri_months"][h.month - 1])
        except (OverflowError, ValueError):  # outside the Umm al-Qura table (1937-2077)
            f.update(hy="", hd="", hmonth="")
    if "greg_months" in D:
        f["gmonth"] = D["greg_months"][d.month - 1]
    f["era"] = _era(d)
    return f


def _with_prefix(prefix: str, text: str) -> str:
    if not prefix:
        return text
    return prefix + text if prefix[-1] in "：\u3000" else f"{prefix} {text}"


def format_date(date, lang: str, style: str, rng: random.Random | None = None, *,
                prefix: str | None = None) -> str:
    """A date line for ``date`` in ``lang`` (see the ``ui`` module docstring for ``style``)."""
    D = _data(lang)
    base, *mods = style.split("+")
    unknown = [m for m in mods if m not in MODIFIERS]
    if unknown:
        raise ValueError(f"unknown date-style modifiers {unknown}; known: {MODIFIERS}")
    rng = rng or random.Random(0)
    if isinstance(date, _dt.datetime):
        hour, minute, day = date.hour, date.minute, date.date()
    else:
        hour, minute, day = rng.randint(6, 23), rng.randint(0, 59), date
    f = _fields(day, D, hour, minute)
    if base == "dateline":
        f.update(city=rng.choice(D["cities"]), agency=rng.choice(D["agencies"]))
        f["CITY"] = f["city"].upper()
        text = D["dateline_fmt"].format(**f)
    else:
        pattern = D.get("formats", {}).get(base) or _BASE_DEFAULTS.get(base)
        if pattern is None:
            raise ValueError(f"date style {base!r} is not defined for {lang!r}")
        text = pattern.format(**f)
        if "weekday" in mods:
            text = D.get("weekday_fmt", "{wd}, {date}").format(date=text, **f)
        if "time12" in mods:
            text = D.get("time12_fmt", D.get("time_fmt", "{date} {H}:{MM}")).format(date=text, **f)
        elif "time" in mods:
            text = D.get("time_fmt", "{date} {H}:{MM}").format(date=text, **f)
    native = ("native" in mods or D.get("native_numbers")) and "latin" not in mods
    if native:
        text = to_digits(text, lang)
    for key in ("published", "updated"):
        if key in mods:
            text = _with_prefix(prefix if prefix is not None else rng.choice(D[key]), text)
    return re.sub(r"\s+", " ", text).strip()
