"""Date lines in any language and script (`segment.dates.is_date_line`), the multilingual glued
date cutter (`segment.text.cut_metadata_prefix`), and the generated CLDR calendar tables they and
`metadata.dates` share (`lexicon.calendar_names`, `lexicon.calendars`)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import unicodedata

import pytest

from provenance.lexicon import calendar_names, calendars
from provenance.segment.dates import classes, is_date_line
from provenance.segment.text import cut_metadata_prefix, is_update_key, segment_text

DATE_LINES = [
    # en, de, fr, es, it, pt, nl
    "Saturday, August 23, 2025",
    "Published: 23 August 2025 | Updated 10:00",
    "Last updated on Mon, 12 May 2025 10:00:00 +0000",
    "2 hours ago",
    "Yesterday, 10:30 PM",
    "Veröffentlicht am 21. August 2016, 14:05 Uhr",
    "vor 3 Stunden",
    "Date de publication : dimanche 19 juin 2022 à 09h34",
    "Publicado el 1 de mayo de 2024",
    "Act.: 22/08/2018 3:44 a. m.",
    "Pubblicato il 3 maggio 2024 alle ore 10:30",
    "Atualizado em 12 de março de 2024 às 14h20",
    "Gepubliceerd op 5 mei 2024",
    # ru, pl, tr (genitive month forms)
    "Опубликовано: 3 мая 2024 г., 10:15",
    "24 марта 2017 г.",
    "Opublikowano: 12 maja 2024, godz. 08:30",
    "Yayınlanma: 1 Mayıs 2024 Çarşamba 10:30",
    # ar: Gregorian, Levantine, Hijri with Gregorian
    "نُشر في: 11 أغسطس 2015",
    "الثلاثاء 4 آب 2015 - 06:00",
    "الأربعاء 22 شوال 1445 هـ - 1 مايو 2024 م",
    "آخر تحديث 21/07/2015",
    # fa: Solar Hijri with Persian digits, numeric Solar Hijri
    "۱۲ اردیبهشت ۱۴۰۳",
    "تاریخ انتشار: سه‌شنبه ۱۲ آبان ۱۳۸۸",
    "۱۴۰۳/۰۲/۱۲ - ۰۸:۵۵",
    # ur, hi, bn (Bengali digits; the Bengali calendar beside the Gregorian)
    "شائع 17/06/2017",
    "23 اکتوبر 2017 9:42 AM",
    "प्रकाशित 10 अप्रैल, 2018, 06:58 PM IST",
    "अपडेट: 31 अक्टूबर, 2017",
    "প্রকাশিত: ৩০ অক্টোবর ২০২৫, ২০:২৭",
    "১ মে ২০২৪, ১৮ বৈশাখ ১৪৩১",
    # ja, zh, ko (CJK markers, eras, full-width punctuation, weekday in brackets)
    "2024年5月1日（水）",
    "配信日時：2012年4月16日（月） 17:32",
    "令和6年5月1日",
    "2024/05/01 10:30",
    "发布时间：2024-05-01 10:30",
    "2024年5月1日 星期三 10:30",
    "입력 2024.05.01 10:30",
    "2024년 5월 1일 (수) 오후 3:20",
    # id, sw, vi, th (Buddhist era)
    "Diterbitkan pada Minggu, 07 Desember 2025",
    "Imechapishwa tarehe 2020-06-03",
    "18 Aprili 2019 21:23 EAT",
    "ngày 1 tháng 5 năm 2024",
    "Thứ Tư, 01/05/2024 - 10:30 (GMT+7)",
    "วันพุธที่ 1 พฤษภาคม 2567 เวลา 10:30 น.",
    # a place before the date, and a story's dateline that is the whole line
    "Tokyo, August 23, 2025",
    "Tehran, 11 May (IRNA) –",
]

NOT_DATE_LINES = [
    "May 5, 2025 was a good day",
    "The summit is on August 25, 2025 in Washington, officials said on Friday.",
    "Tokyo, August 23, 2025 – Japanese Prime Minister Shigeru Ishiba welcomed",
    "Tehran, 11 May (IRNA) – Iran's foreign minister said on Sunday",
    "Elections 2024: what to expect",
    "Top 10 films of 2024",
    "5 things to know about the 2024 budget",
    "2024年5月1日に政府が発表した",
    "Le 1er mai 2024, les syndicats ont manifesté",
    "В 2024 году выросли цены",
    "2025",
    "10:30",
    "May 2025",
    "2011年10月4日(火)〜2011年10月17日(月)",   # an event's period, not the page's date
]


@pytest.mark.parametrize("line", DATE_LINES)
def test_date_lines(line):
    assert is_date_line(line), classes(line)


@pytest.mark.parametrize("line", NOT_DATE_LINES)
def test_not_date_lines(line):
    assert not is_date_line(line), classes(line)


def test_long_lines_are_no_date_lines():
    assert not is_date_line("Published: 23 August 2025 " + "x" * 80)


def test_classes():
    assert classes("23.08.2025, 14:05 Uhr") == "D.D.Y,D:DA"
    assert classes("۱۲ اردیبهشت ۱۴۰۳") == "DMY"
    assert classes("2024年5月1日（水）") == "Yydmdc|W|"
    assert classes("2 hours ago") == "duN"          # "ago": English "ago", Spanish "ago." (agosto)


BODY = "Japanese Prime Minister Shigeru Ishiba welcomed the delegation on Friday."


@pytest.mark.parametrize("prefix,key,value", [
    ("تاريخ النشر: 04/08/2015 ", "تاريخ النشر", "04/08/2015"),
    ("Опубликовано: 11.01.2018 ", "опубликовано", "11.01.2018"),
    ("Imechapishwa tarehe 2021-07-02 ", "imechapishwa tarehe", "2021-07-02"),
    ("Dipublikasikan pada 2025-07-23 ", "dipublikasikan pada", "2025-07-23"),
    ("Date de publication : jeudi 24 décembre 2020 à 10h15 ", "date de publication",
     "jeudi 24 décembre 2020 à 10h15"),
    ("配信日時：2012年4月17日（火） 23:56 ", "配信日時", "2012年4月17日（火） 23:56"),
    ("تاریخ انتشار: ۱۳۹۸/۰۲/۳۱ ", "تاریخ انتشار", "۱۳۹۸/۰۲/۳۱"),
    ("০৭ এপ্রিল ২০২৫, ১৪:৪৭ ", "date", "০৭ এপ্রিল ২০২৫, ১৪:৪৭"),     # bare, before a caseless script
    ("24. Mai 2015 ", "date", "24. Mai 2015"),                             # bare, a German month
])
def test_multilingual_glued_dates_are_cut(prefix, key, value):
    assert cut_metadata_prefix(prefix + BODY) == (BODY, key, value)


def test_english_glued_dates_as_before():
    assert cut_metadata_prefix("date 2025-08-23 " + BODY) == (BODY, "date", "2025-08-23")
    assert cut_metadata_prefix("Published: 23 August 2025 - " + BODY) == (BODY, "published", "23 August 2025")
    for line in ("21 October 2025 " + BODY,            # a bare English date without a weekday: prose
                 "May 5, 2025 was a good day for the delegation and its hosts.",
                 "First published on 07/08/2015 " + BODY,
                 "Data from the ministry shows exports rose sharply last year."):
        assert cut_metadata_prefix(line) == (line, None, None)


def test_cut_needs_body_after_it():
    line = "تاريخ النشر: 04/08/2015"
    assert cut_metadata_prefix(line) == (line, None, None)


def test_japanese_body_after_a_glued_date():
    rest, key, value = cut_metadata_prefix("投稿日：2011/10/12 10月29日より公開となる新作の映像が公開となった。")
    assert (key, value) == ("投稿日", "2011/10/12")
    assert rest.startswith("10月29日")


def test_update_keys_are_not_the_publication_date():
    assert is_update_key("updated") and is_update_key("تاریخ به‌روزرسانی") and is_update_key("aktualisiert")
    assert not is_update_key("تاریخ انتشار") and not is_update_key("published")
    doc = segment_text("Aktualisiert: 5. Februar 2016 " + BODY + "\n", paragraphs=False)
    assert doc.blocks[0].text == BODY and doc.date is None
    doc = segment_text("Опубликовано: 11.01.2018 " + BODY + "\n", paragraphs=False)
    assert doc.date == "11.01.2018"


# --- the generated tables -------------------------------------------------------------------------
def test_cldr_forms_and_languages():
    assert len(calendar_names.MONTHS) > 250
    assert {"мая", "май"} <= set(calendar_names.MONTHS["ru"][4])          # genitive and nominative
    assert {"maja", "maj"} <= set(calendar_names.MONTHS["pl"][4])
    assert "كانون الثاني" in calendar_names.MONTHS["ar"][0]               # Levantine, from ar_SY & co.
    assert "ja" not in calendar_names.MONTHS                             # "1月": read structurally
    assert all(len(n) > 2 for n in calendar_names.MONTHS["en"][4])       # no "ma", "my" …
    assert calendar_names.SOLAR_HIJRI_MONTHS["fa"][1][0] == "اردیبهشت"
    assert calendar_names.ERAS["令和"] == 2019


def test_lookup_tables():
    g = calendars.GREGORIAN
    assert g["listopad"] == 11 and g["mai"] == 5 and g["mar"] == 3
    assert g[calendars.fold_word("Мая")] == 5
    assert calendars.SOLAR_HIJRI[calendars.fold_word("دی")] == 10
    assert calendars.HIJRI[calendars.fold_word("ذو الحجة")] == 12
    assert calendars.HIJRI[calendars.fold_word("ذي الحجة")] == 12
    assert calendars.BENGALI[calendars.fold_word("বৈশাখ")] == 1
    assert calendars.fold_word("سه‌شنبه") == calendars.fold_word("سهشنبه")
    assert calendars.fold_word("نُشر") == calendars.fold_word("نشر")
    assert calendars.fold_word("الإثنين") == calendars.fold_word("الاثنين")


def test_digit_blocks_are_every_decimal_digit_of_the_bmp():
    starts = {c - unicodedata.decimal(chr(c)) for c in range(0x80, 0x10000) if chr(c).isdecimal()}
    assert starts == set(calendars.DIGIT_BLOCKS)


def test_runtime_does_not_import_babel():
    code = ("import sys, provenance.segment.dates as d, provenance.metadata.dates as m;"
            "d.is_date_line('1 May 2024'); m.parse_date('1 May 2024');"
            "print('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(importlib.util.find_spec("babel") is None, reason="babel (the generator's) not installed")
def test_generated_module_is_up_to_date():
    from babel import __version__

    from provenance.training import make_calendar_names
    if not calendar_names.__doc__ or f"babel {__version__}" not in calendar_names.__doc__:
        pytest.skip("the module was generated with another babel version")
    assert make_calendar_names.main(["--check"]) == 0
