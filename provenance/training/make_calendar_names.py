"""Write `provenance/lexicon/calendar_names.py`: month, weekday, AM/PM and relative-day words of
every language CLDR has (through babel), plus the non-Gregorian month names met in news.

Why a generated module: date lines and text dates come in every language a news site is written
in; hand lists covered seven. CLDR (the Unicode locale data, as shipped by babel) has the month
and weekday names of ~330 languages in all their forms (wide and abbreviated, format and
stand-alone: Russian "мая" beside "май", Polish "maja" beside "maj"). The runtime must not import
babel (about a second of start-up and a dependency for a few thousand words), so this script,
run by hand when babel or the tables change, writes them as plain Python literals::

    pip install babel
    python -m provenance.training.make_calendar_names            # rewrites the module
    python -m provenance.training.make_calendar_names --check    # exit 1 if it would change

The output is deterministic for a babel version (languages sorted; each month's names in the
order of first appearance over the language's locales, the base locale first, then its regional
variants sorted, forms in the order format wide, stand-alone wide, format abbreviated,
stand-alone abbreviated).

Per language (the union of its regional variants: "ar" holds the Levantine "كانون الثاني" of
ar_SY as well as "يناير"), every name is lower case NFC with a trailing dot dropped ("янв." →
"янв"). Left out: names with a digit (ja "1月", ko "1월", vi "thg 1": `segment.dates` reads these
forms structurally, with the 年/月/日, 년/월/일 and tháng markers of `lexicon.date_words`), names
of one or two letters in a cased alphabet (Latin, Cyrillic, Greek, Armenian: "ma", "mi", "lu"
collide with words everywhere; a two-letter name in another script, Persian "دی" or "مه", stays),
and a name two months (or two weekdays) of one language share.

The non-Gregorian months (Persian Solar Hijri with the Dari and Pashto names, Islamic Hijri in
Arabic, Persian, Urdu, Turkish, Indonesian/Malay and English transliteration, the Bengali
calendar) and the Japanese and Republic of China eras are not in babel's data: they are written
below, once, and emitted with the rest.
"""
from __future__ import annotations

import argparse
import collections
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "lexicon" / "calendar_names.py"

# --- non-Gregorian calendars (not in babel's CLDR subset) -------------------------------------
#: Solar Hijri (Jalali) months, Farvardin … Esfand: Iran (fa), and the zodiac names of Afghanistan
#: in Dari (fa_AF) and Pashto (ps).
SOLAR_HIJRI = {
    "fa": (("فروردین",), ("اردیبهشت", "اردی\u200cبهشت"), ("خرداد",), ("تیر",), ("مرداد", "امرداد"),
           ("شهریور",), ("مهر",), ("آبان",), ("آذر",), ("دی",), ("بهمن",), ("اسفند",)),
    "fa_AF": (("حمل",), ("ثور",), ("جوزا",), ("سرطان",), ("اسد",), ("سنبله",), ("میزان",), ("عقرب",),
              ("قوس",), ("جدی",), ("دلو",), ("حوت",)),
    "ps": (("وری",), ("غویی",), ("غبرگولی",), ("چنګاښ",), ("زمری",), ("وږی",), ("تله",), ("لړم",),
           ("لیندۍ",), ("مرغومی",), ("سلواغه",), ("کب",)),
}
#: Islamic (Hijri) months, Muharram … Dhu al-Hijjah, as Saudi, Gulf, Iranian, Pakistani, Turkish and
#: Indonesian papers print them beside (or instead of) the Gregorian date.
HIJRI = {
    "ar": (("محرم", "المحرم"), ("صفر",), ("ربيع الأول", "ربيع أول"), ("ربيع الآخر", "ربيع الثاني", "ربيع ثاني"),
           ("جمادى الأولى", "جمادى الأول", "جمادى أول"), ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى ثاني"),
           ("رجب",), ("شعبان",), ("رمضان",), ("شوال",), ("ذو القعدة", "ذي القعدة"), ("ذو الحجة", "ذي الحجة")),
    "fa": (("محرم",), ("صفر",), ("ربیع\u200cالاول", "ربیع الاول"), ("ربیع\u200cالثانی", "ربیع الثانی"),
           ("جمادی\u200cالاول", "جمادی الاول", "جمادی\u200cالاولی", "جمادی الاولی"),
           ("جمادی\u200cالثانی", "جمادی الثانی", "جمادی\u200cالآخر", "جمادی الآخر"),
           ("رجب",), ("شعبان",), ("رمضان",), ("شوال",), ("ذی\u200cالقعده", "ذی القعده", "ذیقعده"),
           ("ذی\u200cالحجه", "ذی الحجه", "ذیحجه")),
    "ur": (("محرم", "محرم الحرام"), ("صفر", "صفر المظفر"), ("ربیع الاول",), ("ربیع الثانی", "ربیع الآخر"),
           ("جمادی الاول", "جمادی الاولیٰ"), ("جمادی الثانی", "جمادی الآخر"), ("رجب", "رجب المرجب"),
           ("شعبان", "شعبان المعظم"), ("رمضان", "رمضان المبارک"), ("شوال", "شوال المکرم"),
           ("ذوالقعدہ", "ذیقعد", "ذی القعدہ"), ("ذوالحجہ", "ذی الحج", "ذی الحجہ")),
    "tr": (("muharrem",), ("safer",), ("rebiülevvel",), ("rebiülahir",), ("cemaziyelevvel",), ("cemaziyelahir",),
           ("recep",), ("şaban",), ("ramazan",), ("şevval",), ("zilkade",), ("zilhicce",)),
    "id": (("muharam", "muharram"), ("safar",), ("rabiulawal", "rabiul awal"), ("rabiulakhir", "rabiul akhir"),
           ("jumadilawal", "jumadil awal"), ("jumadilakhir", "jumadil akhir"), ("rajab",),
           ("syakban", "syaban", "sya'ban"), ("ramadan", "ramadhan"), ("syawal",),
           ("zulkaidah", "zulkaedah", "dzulqa'dah"), ("zulhijah", "zulhijjah", "dzulhijjah")),
    "en": (("muharram",), ("safar",), ("rabi al-awwal", "rabi' al-awwal", "rabi ul-awwal", "rabi i"),
           ("rabi al-thani", "rabi' al-thani", "rabi al-akhir", "rabi ul-akhir", "rabi ii"),
           ("jumada al-awwal", "jumada al-ula", "jumada i"), ("jumada al-thani", "jumada al-akhirah", "jumada ii"),
           ("rajab",), ("shaban", "sha'ban"), ("ramadan",), ("shawwal",),
           ("dhu al-qadah", "dhu al-qi'dah", "dhul qadah", "dhu'l-qa'dah"),
           ("dhu al-hijjah", "dhul hijjah", "dhu'l-hijjah")),
}
#: Bengali calendar months, Boishakh … Chaitra (Bangladesh and West Bengal; recognised on date
#: lines, not converted: the two countries' calendars differ by a day at some month starts).
BENGALI = {
    "bn": (("বৈশাখ",), ("জ্যৈষ্ঠ", "জৈষ্ঠ"), ("আষাঢ়",), ("শ্রাবণ",), ("ভাদ্র",), ("আশ্বিন",), ("কার্তিক",),
           ("অগ্রহায়ণ", "অঘ্রাণ"), ("পৌষ",), ("মাঘ",), ("ফাল্গুন",), ("চৈত্র",)),
}
#: Year-counting eras written before a year number ("令和6年" = 2024): the Gregorian year of
#: their year 1 (元年). Japanese eras since Meiji, and the Republic of China (Taiwan) calendar.
ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019, "民國": 1912, "民国": 1912}

#: script variants of no news site: English in the Deseret and Shavian alphabets
_SKIPPED_SCRIPTS = {"Dsrt", "Shaw"}
_CASED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")
_FORMS = (("format", "wide"), ("stand-alone", "wide"), ("format", "abbreviated"), ("stand-alone", "abbreviated"))
_DAY_FORMS = _FORMS + (("format", "short"), ("stand-alone", "short"))
_UNITS = ("minute", "hour", "day", "week", "month", "year")


def clean(name: str | None) -> str | None:
    """`name` lower case NFC, trailing dot and spaces dropped; None when it has a digit or is one
    or two letters of a cased alphabet."""
    if not name:
        return None
    n = unicodedata.normalize("NFC", name.replace("\u200b", "").replace("\u180e", "")).lower()
    n = n.strip().rstrip(".").strip()
    if not n or any(c.isdigit() for c in n) or not any(c.isalpha() for c in n):
        return None
    if len(n) <= 2 and all(unicodedata.name(c, "").startswith(_CASED_SCRIPTS) for c in n if c.isalpha()):
        return None
    return n


def _locales_by_language() -> dict[str, list[str]]:
    from babel import localedata
    langs: dict[str, list[str]] = collections.defaultdict(list)
    for lid in sorted(localedata.locale_identifiers()):
        if set(lid.split("_")[1:]) & _SKIPPED_SCRIPTS:
            continue
        langs[lid.split("_")[0]].append(lid)
    for lang, ids in langs.items():        # the base locale first, then its variants sorted
        ids.sort(key=lambda i: (i != lang, i))
    return dict(sorted(langs.items()))


def _ordered_union(groups: list[list[str]]) -> list[tuple[str, ...]]:
    """Per slot, the names of every group in order of first appearance; a name found in two
    slots is dropped from both (ambiguous within the language)."""
    slots: list[dict[str, None]] = [dict() for _ in groups[0]] if groups else []
    for g in groups:
        for i, names in enumerate(g):
            for n in names:
                slots[i].setdefault(n, None)
    count = collections.Counter(n for s in slots for n in s)
    return [tuple(n for n in s if count[n] == 1) for s in slots]


def _affix_words(patterns: dict[str, list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the "ago" words, the unit words) of a language's past relative-time patterns by unit
    ("{0} hours ago", "vor {0} Stunden", "il y a {0} heures", "saa {0} zilizopita"): a word in the
    patterns of three units or more is part of "ago" (short words too: "il y a"), the others name
    units. Patterns without spaces ("{0}時間前", "{0}小时前"): their common suffix or prefix."""
    units_of: dict[str, set[str]] = collections.defaultdict(set)
    tails = []
    for unit, pats in patterns.items():
        for p in pats:
            if "{0}" not in p:
                continue
            text = p.replace("{0}", " ").lower()
            tails.append(text.strip())
            for w in text.split():
                w = w.strip(".,-")
                if w and any(c.isalpha() for c in w):
                    units_of[w].add(unit)
    ago = sorted(w for w, us in units_of.items() if len(us) >= 3)
    units = sorted({c for c in (clean(w) for w, us in units_of.items() if len(us) < 3) if c})
    if not ago and tails:
        tails = [t.replace(" ", "") for t in tails]
        suffix, prefix = _common(tails, reverse=True), _common(tails, reverse=False)
        ago = [x for x in (suffix, prefix) if any(c.isalpha() for c in x)]
        units = sorted({c for c in (clean(t[len(prefix):len(t) - len(suffix)]) for t in tails) if c})
    return tuple(ago), tuple(units)


def _common(strings: list[str], reverse: bool) -> str:
    if reverse:
        strings = [s[::-1] for s in strings]
    out = []
    for chars in zip(*strings):
        if len(set(chars)) != 1:
            break
        out.append(chars[0])
    s = "".join(out)
    return s[::-1] if reverse else s


def collect() -> dict:
    from babel import Locale
    months, weekdays, periods, relative_days, ago = {}, {}, {}, {}, {}
    for lang, ids in _locales_by_language().items():
        mgroups, dgroups, pset, today, yesterday, ago_words, unit_words = [], [], {}, {}, {}, {}, {}
        for lid in ids:
            loc = Locale.parse(lid)
            d = loc._data
            for ctx, width in _FORMS:
                names = loc.months.get(ctx, {}).get(width, {})
                mgroups.append([[c] if (c := clean(names.get(m))) else [] for m in range(1, 13)])
            for ctx, width in _DAY_FORMS:
                names = loc.days.get(ctx, {}).get(width, {})
                dgroups.append([[c] if (c := clean(names.get(i))) else [] for i in range(7)])
            for ctx in ("format", "stand-alone"):
                for width in ("abbreviated", "wide", "narrow"):
                    table = d["day_periods"].get(ctx, {}).get(width, {})
                    for key in ("am", "pm"):
                        v = table.get(key)
                        if v:
                            v = unicodedata.normalize("NFC", v).lower().strip()
                            if len(v) > 1 or not v.isascii():
                                pset.setdefault(v, None)
            fields = d.get("date_fields", {})
            for form in ("day", "day-short", "day-narrow"):
                rel = fields.get(form, {}).get("relative", {})
                for k, bucket in ((0, today), (-1, yesterday)):
                    v = rel.get(k)
                    if v:
                        bucket.setdefault(unicodedata.normalize("NFC", v).lower().strip(), None)
            pats: dict[str, list[str]] = collections.defaultdict(list)
            for unit in _UNITS:
                for form in ("", "-short", "-narrow"):
                    past = fields.get(unit + form, {}).get("past", {})
                    pats[unit].extend(unicodedata.normalize("NFC", p) for _, p in sorted(past.items()))
            a, u = _affix_words(pats)
            if a:
                ago_words.update(dict.fromkeys(a))
                unit_words.update(dict.fromkeys(u))
        m = _ordered_union(mgroups)
        if any(m):
            months[lang] = tuple(m)
        w = _ordered_union(dgroups)
        if any(w):
            weekdays[lang] = tuple(w)
        if pset:
            periods[lang] = tuple(pset)
        if today or yesterday:
            relative_days[lang] = (tuple(today), tuple(yesterday))
        if ago_words:
            ago[lang] = (tuple(sorted(ago_words)), tuple(sorted(set(unit_words) - set(ago_words))))
    return {"MONTHS": months, "WEEKDAYS": weekdays, "DAY_PERIODS": periods,
            "RELATIVE_DAYS": relative_days, "RELATIVE_AGO": ago}


def _nfc(table: dict) -> dict:
    return {k: tuple(tuple(unicodedata.normalize("NFC", n).lower() for n in names) for names in v)
            for k, v in table.items()}


def render(tables: dict) -> str:
    import babel
    from babel.core import get_cldr_version
    out = [
        '"""Month, weekday, AM/PM and relative-day names of every CLDR language, and the non-Gregorian',
        "month names met in news. GENERATED by provenance/training/make_calendar_names.py from babel "
        f"{babel.__version__} (CLDR {get_cldr_version()}): do not edit by hand, run the generator.",
        "",
        "Every name is lower case NFC, without a trailing dot; see the generator's docstring for what is",
        "left out and why. `lexicon.calendars` builds the lookup tables that `segment.dates` and",
        '`metadata.dates` read."""',
        "# flake8: noqa",
        "",
        f"CLDR_VERSION = {get_cldr_version()!r}",
        "",
    ]
    docs = {
        "MONTHS": "language → 12 tuples (January … December) of Gregorian month names, all CLDR forms",
        "WEEKDAYS": "language → 7 tuples (Monday … Sunday) of weekday names (wide, abbreviated, short)",
        "DAY_PERIODS": "language → AM/PM words",
        "RELATIVE_DAYS": "language → (words for today, words for yesterday)",
        "RELATIVE_AGO": 'language → (the "ago" words of "{0} hours ago" patterns, the unit words)',
        "SOLAR_HIJRI_MONTHS": "Solar Hijri months (Farvardin … Esfand) by language or locale",
        "HIJRI_MONTHS": "Islamic Hijri months (Muharram … Dhu al-Hijjah) by language",
        "BENGALI_MONTHS": "Bengali calendar months (Boishakh … Chaitra): date lines only, not converted",
    }
    for name, table in tables.items():
        out.append(f"#: {docs[name]}")
        out.append(f"{name} = {{")
        for lang, value in table.items():
            out.append(f"    {lang!r}: {value!r},")
        out.append("}")
        out.append("")
    out.append("#: era name → the Gregorian year of its first year (令和元年 = 2019; 民國1年 = 1912)")
    out.append(f"ERAS = {ERAS!r}")
    out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the module would change")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    tables = collect()
    tables["SOLAR_HIJRI_MONTHS"] = _nfc(SOLAR_HIJRI)
    tables["HIJRI_MONTHS"] = _nfc(HIJRI)
    tables["BENGALI_MONTHS"] = _nfc(BENGALI)
    text = render(tables)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} would change")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    n = sum(len(x) for v in tables["MONTHS"].values() for x in v)
    print(f"wrote {args.out}: {len(tables['MONTHS'])} languages, {n} month names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
