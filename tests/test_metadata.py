"""provenance.metadata: ISO dates, titles, authors, input fields kept (inline pages only)."""
from __future__ import annotations

import json

import pytest
from conftest import jsonl, run_cli

from provenance.document import Document
from provenance.schema import carry, clean_record
from provenance.metadata import fill_metadata
from provenance.metadata.authors import clean_byline, is_name
from provenance.metadata.dates import hijri_to_gregorian, jalali_to_gregorian, numeric_order, parse_date
from provenance.metadata.markup import hostname_of, parse_jsonld
from provenance.metadata.titles import is_cut_line, is_navigation_line, strip_site_name

# -- dates ---------------------------------------------------------------------------------------

DATES = [
    ("12 Nov 2025", "2025-11-12"),
    ("October 17, 2018", "2018-10-17"),
    ("Thu, 09/25/2025 - 11:38", "2025-09-25"),
    ("2025-08-23T10:00:00+02:00", "2025-08-23"),
    ("2025-08-23T23:30:00-05:00", "2025-08-23"),      # the day in the timestamp's own zone
    ("23.08.2025, 14:05 Uhr", "2025-08-23"),
    ("1 de mayo de 2024", "2024-05-01"),
    ("1er janvier 2024", "2024-01-01"),
    ("15 de março de 2024", "2024-03-15"),
    ("2 dicembre 2025", "2025-12-02"),
    ("23. August 2025", "2025-08-23"),
    ("1 мая 2024", "2024-05-01"),
    ("2024年5月1日", "2024-05-01"),
    ("2024년 5월 1일", "2024-05-01"),
    ("۱۱ اردیبهشت ۱۴۰۳", "2024-04-30"),               # Persian Solar Hijri
    ("١ مايو ٢٠٢٤", "2024-05-01"),                     # Arabic, Arabic-Indic digits
    ("১ মে ২০২৪", "2024-05-01"),                       # Bengali digits
    ("1 मई 2024", "2024-05-01"),                        # Hindi
    ("3 tháng 5 năm 2024", "2024-05-03"),
    ("Updated Dec. 23, 2024, 1:24 PM EST", "2024-12-23"),
    ("Fri Dec 19 2025 19:33:40 GMT+0000 (UTC)", "2025-12-19"),
    ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", "2021-08-04"),
    ("Nov 25th, 2025", "2025-11-25"),
    ("14.11.24", "2024-11-14"),
    ("Published: 2025.12.17 | essays", "2025-12-17"),
]
# the month names of every CLDR language (lexicon.calendars), more calendars and eras
DATES_MULTILINGUAL = [
    ("12 maja 2024", "2024-05-12"),                     # Polish genitive
    ("3 listopada 2023", "2023-11-03"),
    ("1 Mayıs 2024 Çarşamba", "2024-05-01"),            # Turkish
    ("5. května 2024", "2024-05-05"),                   # Czech genitive
    ("22 كانون الثاني 2024", "2024-01-22"),             # Levantine Arabic, a two-word month
    ("الأربعاء 22 شوال 1445 هـ - 1 مايو 2024 م", "2024-05-01"),   # Hijri beside Gregorian
    ("22 شوال 1445 هـ", "2024-05-01"),                  # Islamic Hijri alone (Umm al-Qura)
    ("5 Ramadan 1445", "2024-03-15"),
    ("تاریخ انتشار: سه‌شنبه ۱۲ آبان ۱۳۸۸", "2009-11-03"),
    ("۱۴۰۳/۰۲/۱۲", "2024-05-01"),                       # numeric Solar Hijri
    ("۱۳۹۰/۰۴/۲۷ - ۰۸:۵۵", "2011-07-18"),
    ("12/02/1403", "2024-05-01"),
    ("۱۵ حمل ۱۴۰۳", "2024-04-03"),                      # Afghan (Dari) Solar Hijri month
    ("23 اکتوبر 2017 9:42 AM", "2017-10-23"),           # Urdu
    ("प्रकाशित 10 अप्रैल, 2018, 06:58 PM IST", "2018-04-10"),
    ("প্রকাশিত: ৩০ অক্টোবর ২০২৫, ২০:২৭", "2025-10-30"),
    ("১ মে ২০২৪, ১৮ বৈশাখ ১৪৩১", "2024-05-01"),         # the Bengali calendar beside: Gregorian read
    ("令和6年5月1日", "2024-05-01"),                     # Japanese era
    ("平成元年1月8日", "1989-01-08"),
    ("民國113年5月1日", "2024-05-01"),                   # Republic of China
    ("配信日時：2012年4月16日（月） 17:32", "2012-04-16"),
    ("1 พฤษภาคม 2567", "2024-05-01"),                   # Thai, Buddhist era
    ("1 ม.ค. 2567", "2024-01-01"),
    ("Diperbarui pada Minggu, 07 Desember 2025", "2025-12-07"),
    ("18 Aprili 2019 21:23 EAT", "2019-04-18"),          # Swahili
    ("Опубликовано: 3 мая 2024 г., 10:15", "2024-05-03"),
    ("２０２４年５月１日", "2024-05-01"),                   # full-width digits
]


@pytest.mark.parametrize("text,iso", DATES + DATES_MULTILINGUAL)
def test_dates_to_iso(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["১৮ বৈশাখ ১৪৩১", "2 hours ago", "15 Mai 1403", "Recep Tayyip Erdoğan"])
def test_not_a_day_in_other_calendars(text):
    assert parse_date(text) is None                   # the Bengali calendar is not converted


def test_hijri():
    assert hijri_to_gregorian(1445, 10, 22) == (2024, 5, 1)
    assert hijri_to_gregorian(1445, 9, 1) == (2024, 3, 11)    # 1 Ramadan 1445
    assert hijri_to_gregorian(1600, 1, 1) is None              # outside Umm al-Qura's table


@pytest.mark.parametrize("text", ["", "no date here", "March 2020", "2025", "31/02/2024", "Page 12 of 40"])
def test_not_a_day(text):
    assert parse_date(text) is None


def test_jalali():
    assert jalali_to_gregorian(1403, 2, 11) == (2024, 4, 30)
    assert jalali_to_gregorian(1403, 1, 1) == (2024, 3, 20)   # Nowruz
    assert jalali_to_gregorian(1402, 12, 29) == (2024, 3, 19)


def test_ambiguous_numeric_dates_follow_the_page():
    assert parse_date("05/11/2025") == "2025-11-05"                  # no hint: day first
    assert parse_date("05/11/2025", dmy=False) == "2025-05-11"
    assert parse_date("25/11/2025", dmy=False) == "2025-11-25"       # unambiguous either way
    assert numeric_order("en-US") is False and numeric_order("en-GB") is True
    assert numeric_order("de") is True and numeric_order(None, "example.co.uk") is True
    assert numeric_order("en", "example.com") is False
    assert numeric_order("en-US", None, ["13/07/2024"]) is True      # the page's own dates first
    assert numeric_order(None, None) is None


# -- titles --------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Bangla | Science | World | Health | Home", "Home / News / Technology",
                                  "News • Sport • Weather", "Home » Blog » Tips"])
def test_navigation_lines(line):
    assert is_navigation_line(line)


@pytest.mark.parametrize("line", ["Japan’s Ishiba Hosts South Korea’s Lee Ahead of Trump Summit",
                                  "Paris Baguette wants to be America's neighborhood bakery | Restaurant Business",
                                  "What is 24/7 support?"])
def test_titles_are_not_navigation(line):
    assert not is_navigation_line(line)


def test_cut_lines():
    assert is_cut_line("Sleep is on every parent’s mind. The American Academy of")
    assert is_cut_line("An AI reads my email now, which is bliss. But")
    assert is_cut_line("I love it when I find an app that solves",
                       ["In a development reported on Saturday, i love it when I find an app that solves a problem."])
    assert not is_cut_line("Japan’s Ishiba Hosts South Korea’s Lee Ahead of Trump Summit",
                           ["Tokyo, August 23, 2025 – Japanese Prime Minister Shigeru Ishiba hosted …"])


def test_site_name_stripped():
    assert strip_site_name("Healthy Eating Tips | Nutrition | CDC", ["CDC"]) == "Healthy Eating Tips"
    assert strip_site_name("The Best Smart Home Lamps - Talk Android", ["Talk Android"]) == "The Best Smart Home Lamps"
    assert strip_site_name("Go ahead, self-host Postgres | Pierce Freeman") == "Go ahead, self-host Postgres"
    assert strip_site_name("Plumbers are training as substitute teachers") == "Plumbers are training as substitute teachers"


PARA = ("The council voted on Tuesday to approve the new budget, which includes funding for "
        "schools, roads and the public library, after a long debate that lasted into the night.")


def test_plain_text_title_never_navigation(cleaner):
    text = "\n".join(["Bangla | Science | World | Health | Home", "Council Approves New City Budget",
                      PARA, PARA.replace("Tuesday", "Monday")])
    doc = cleaner.clean(text, "t", "text")
    assert doc.title == "Council Approves New City Budget"
    nav_only = cleaner.clean("\n".join(["Bangla | Science | World | Health | Home", PARA, PARA]), "n", "text")
    assert nav_only.title is None


def test_plain_text_cut_first_line_is_no_title(cleaner):
    text = "\n".join(["The council voted on Tuesday to approve the new budget, which", PARA, PARA])
    assert cleaner.clean(text, "c", "text").title is None


def page(head: str, body: str, lang: str = "en") -> str:
    paras = "".join(f"<p>{PARA} {i}</p>" for i in range(4))
    return (f"<html lang='{lang}'><head>{head}</head><body><nav><a href='/'>Home</a> | <a>World</a></nav>"
            f"<article>{body}{paras}</article></body></html>")


def test_html_title_from_h1_matching_markup(cleaner):
    html = page("<title>Council Approves New City Budget | The Daily Example</title>"
                "<meta property='og:site_name' content='The Daily Example'>",
                "<h1>Council approves new city budget</h1>")
    doc = cleaner.clean(html, "h", "html")
    assert doc.title == "Council approves new city budget"
    assert doc.meta["sitename"] == "The Daily Example"
    assert doc.meta["html_lang"] == "en"


def test_html_title_never_navigation(cleaner):
    html = page("<title>Bangla | Science | World | Health | Home</title>", "")
    assert cleaner.clean(html, "n", "html").title != "Bangla | Science | World | Health | Home"


# -- markup --------------------------------------------------------------------------------------

LD = json.dumps({"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "Example News"},
    {"@type": "NewsArticle", "headline": "Council Approves New City Budget",
     "datePublished": "2025-08-23T10:00:00+02:00", "dateModified": "2025-08-24",
     "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example News"}],
     "publisher": {"@type": "Organization", "name": "Example News"}}]})


def test_jsonld():
    ld = parse_jsonld([LD, "{not json"])
    assert ld["headline"] == "Council Approves New City Budget"
    assert ld["date"] == "2025-08-23T10:00:00+02:00"
    assert ld["authors"] == [("Jane Doe", True), ("Example News", False)]
    assert ld["publisher"] == "Example News"


def test_html_metadata_from_markup(cleaner):
    html = page(f"<title>Council Approves New City Budget - Example News</title>"
                f"<script type='application/ld+json'>{LD}</script>"
                "<link rel='canonical' href='https://www.example.com/news/budget'>",
                "<h1>Council Approves New City Budget</h1><p>Monday, 25 August 2025</p>")
    doc = cleaner.clean(html, "m", "html")
    assert doc.title == "Council Approves New City Budget"
    assert doc.date == "2025-08-23"              # the markup's date before the text's
    assert doc.author == "Jane Doe"              # the Organization is no author
    assert doc.meta["hostname"] == "example.com" and doc.meta["sitename"] == "Example News"


def test_html_date_meta_and_time(cleaner):
    html = page("<meta property='article:published_time' content='2024-12-23T18:24:18.273Z'>", "<h1>A headline here</h1>")
    assert cleaner.clean(html, "a", "html").date == "2024-12-23"
    html = page("", "<h1>A headline here</h1><time datetime='2023-10-17T18:01:33-04:00'>October 17, 2023</time>")
    assert cleaner.clean(html, "b", "html").date == "2023-10-17"
    html = page("", "<h1>A headline here</h1><div class='date'>05/11/2025</div>", lang="en-US")
    assert cleaner.clean(html, "c", "html").date == "2025-05-11"     # en-US: month first
    html = page("", "<h1>A headline here</h1><div class='date'>05/11/2025</div>", lang="en-GB")
    assert cleaner.clean(html, "d", "html").date == "2025-11-05"


def test_hostname():
    assert hostname_of("https://www.Example.com:8080/a?b") == "example.com"
    assert hostname_of("not a url") is None


# -- authors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("junk", ["information", "Locks", ", Hardware", "Our Editors", "Admin", "Staff",
                                  "Editorial Team", "Webmaster", "undefined", "jane@example.com",
                                  "https://example.com/author/jane", "12 Nov 2025", "CDC", "team",
                                  "inikosoftseo", "q_admin", "Editor's Note: We",
                                  "Wedding ChecklistsJust EngagedWedding Planning"])
def test_junk_is_no_name(junk):
    assert not is_name(junk)
    assert clean_byline(junk) == []


@pytest.mark.parametrize("byline,names", [
    ("By Sarah Schwartz — November 18, 2025 6 min read", ["Sarah Schwartz"]),
    ("By Sergio Martínez-Beltrán | The Texas Newsroom", ["Sergio Martínez-Beltrán"]),
    ("By Thomas Broderick, Nalea Ko, and ACO Rankings Team", ["Thomas Broderick", "Nalea Ko"]),
    ("By Shelby Loos, DVM. Reviewed by Molly Price, DVM", ["Shelby Loos"]),
    ("Written By Tina Flint Huffman", ["Tina Flint Huffman"]),
    ("von Anna Müller und Jonas Weber", ["Anna Müller", "Jonas Weber"]),
    ("par Jean Dupont", ["Jean Dupont"]),
    ("por María García", ["María García"]),
    ("door Sanne de Vries", ["Sanne de Vries"]),
    ("Автор: Иван Петров", ["Иван Петров"]),
    ("بقلم محمد علي", ["محمد علي"]),
    # a job title after a comma ends the names; so does "⋅"; honorifics go like credentials
    ("Audrey Huang, Print Managing Editor", ["Audrey Huang"]),
    ("by Nicole Forbes, Master Horticulturalist & Garden Educator | Dec 30, 2025", ["Nicole Forbes"]),
    ("By Genaveve Bradshaw ⋅ Senior Review Analyst ⋅ Updated March 5, 2025", ["Genaveve Bradshaw"]),
    ("Written by Dr Marna van der Merwe, Dr. Dieter Veldsman, Erik van Vulpen",
     ["Marna van der Merwe", "Dieter Veldsman", "Erik van Vulpen"]),
    ("ByDaryl Austin", ["Daryl Austin"]),
    ("Von Ing. Karl Huber", ["Karl Huber"]),
    ("By Ing Chen and Mag Ruth Lee", ["Ing Chen", "Mag Ruth Lee"]),
    ("By ibby", ["ibby"]),
    ("Michael McNally and Jo MacDonald", ["Michael McNally", "Jo MacDonald"]),
])
def test_bylines(byline, names):
    assert clean_byline(byline) == names


def test_split_byline_joined(cleaner):
    html = page("", "<h1>A headline for the test</h1><p class='byline'>By</p><p>April Fulton</p>")
    assert cleaner.clean(html, "s", "html").author == "April Fulton"
    text = "\n".join(["Council Approves New City Budget", "By", "April Fulton", PARA, PARA])
    assert cleaner.clean(text, "t", "text").author == "April Fulton"


def test_byline_word_then_listed_names(cleaner):
    html = page("", "<h1>A headline for the test</h1><div class='byline'>Written by:</div><ul><li>Emily Walker</li>"
                    "<li>Casey McDevitt</li></ul><p>Edited by: Kristina Zagame</p>" + f"<p>{PARA}</p>")
    assert cleaner.clean(html, "w", "html").author == "Emily Walker, Casey McDevitt"


def test_site_name_left_of_a_byline_is_no_name():
    assert clean_byline("By the Lavazza Team 2–3 minutes", ["Lavazza"]) == []


def test_credited_otherwise_is_no_author(cleaner):
    ld = ('<script type="application/ld+json">{"@type": "Article", "author": [{"@type": "Person", "name": '
          '"Emma Ryan"}, {"@type": "Person", "name": "Oliver Simpson"}]}</script>')
    html = page(ld, "<h1>A headline for the test</h1><p class='byline'>Written by Emma Ryan</p>"
                    f"<p class='byline'>Researched by Oliver Simpson</p><p>{PARA}</p>")
    assert cleaner.clean(html, "r", "html").author == "Emma Ryan"


def test_junk_author_rejected(cleaner):
    html = page("<meta name='author' content='information'>", "<h1>A headline for the test</h1>")
    assert cleaner.clean(html, "j", "html").author is None
    text = "\n".join(["Council Approves New City Budget", "Author:", "Also read: the budget in numbers.", PARA, PARA])
    assert cleaner.clean(text, "k", "text").author is None


# -- input fields win ----------------------------------------------------------------------------

def test_result_keeps_input_fields():
    doc = Document(id="x", source="html", title="Found", date="2025-01-01", author=None)
    out = carry(clean_record(doc), {"title": "Given", "date": "2020-02-02", "author": None, "lang": "en"})
    assert out["title"] == "Given" and out["date"] == "2020-02-02"   # input wins
    assert out["author"] is None and out["lang"] == "en"              # null input: found value (none)
    doc = Document(id="y", source="html", title=None, date=None, author="Jane Doe")
    out = carry(clean_record(doc), {"date": "2020-02-02", "author": None})
    assert out["date"] == "2020-02-02" and out["author"] == "Jane Doe"


def test_cli_keeps_input_fields(tmp_path):
    html = page("<meta property='article:published_time' content='2024-12-23T18:24:18Z'>"
                "<meta name='author' content='Jane Doe'>", "<h1>A headline for the test</h1>")
    recs = [{"id": "a", "html": html, "title": "Given title", "date": "2020-02-02", "url": "https://www.example.org/a"},
            {"id": "b", "html": html, "date": None}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = {r["id"]: r for r in jsonl(run_cli(["clean", src, "-q", "--workers", "1"], cwd=tmp_path).stdout)}
    assert out["a"]["title"] == "Given title" and out["a"]["date"] == "2020-02-02"
    assert out["a"]["author"] == "Jane Doe"                            # found: the input had none
    assert out["a"]["url"] == "https://www.example.org/a" and out["a"]["hostname"] == "example.org"
    assert out["b"]["date"] == "2024-12-23" and out["b"]["title"] == "A headline for the test"
