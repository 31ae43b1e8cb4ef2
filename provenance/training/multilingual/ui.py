"""News-site UI phrases, local date lines and fixed site templates in 13 languages.

Languages: ar bn de es fa fr hi id ja ru sw ur, plus en (for English-UI and mixed pages).
The phrase data lives in ``provenance/training/multilingual/ui_data/<lang>.py`` (one ``DATA`` dict per
language); this module turns it into deterministic sites and date strings. Nothing here reads
the news corpus, and nothing uses the network.

API
---
``LANGS``                   the 12 page languages; ``UI_LANGS`` = LANGS + ("en",).
``POOLS``                   the phrase-pool names (nav, share, byline, related, cookie, ...).
``pool(lang, name, split=None)``
                            the phrasings of one pool (tuple of str); ``split="train"`` or
                            ``"validation"`` gives that part of the partition (every 3rd
                            phrasing, counting from the third, is validation-only).
``format_date(date, lang, style, rng, *, prefix=None) -> str``
                            a date line for a ``datetime.date``/``datetime``. ``style`` is a base
                            style plus ``+``-joined modifiers, e.g. ``"long"``,
                            ``"long+weekday+time"``, ``"numeric+time+native"``,
                            ``"jalali+weekday"``. Base styles: iso, numeric (d/m/y, or d.m.y in
                            de/ru), mdy (m/d/y), dotted (d.m.y), long (written month), long2 (the
                            language's second written form: "Mei 1, 2024", "01 مئی 2024",
                            Levantine months in ar, "1 мая 2024 г." ...), dateline ("Tehran,
                            11 May (IRNA) –", no year), plus ar: hijri, hijri_greg (Umm al-Qura,
                            via ``hijridate``); fa: jalali, jalali_numeric (Solar Hijri, via
                            ``jdatetime``), greg (Gregorian months in Persian); ja: era
                            (平成24年8月29日), slash (2024/05/01). Modifiers: weekday, time,
                            time12 (10:30 AM / ص/م), native (local digits: Arabic-Indic,
                            Persian, Devanagari; bn and fa use their digits by default), latin
                            (force 0-9), published / updated (prefix with that phrase: ``prefix``
                            if given, else one drawn from the pool). ``date_styles(lang)`` lists
                            the style strings that look natural for a language. ``rng``
                            (random.Random) draws the time of day when ``date`` has none, and the
                            city/agency of datelines. The gold date is always ``date.isoformat()``.
``sites(lang) -> list[Site]`` 8 fixed sites per language (indices 0-5 split "train", 6-7
                            "validation"; validation sites also draw their date style from a
                            disjoint part of ``date_styles``). Site 2 uses an English UI, site 7 mixes English share
                            and cookie labels into a local UI. Validation sites only use
                            validation phrasings, so their templates are unseen in training.
``Site``                    frozen; fields: lang, index, name, domain, split, ui_lang,
                            share_lang, nav (tuple), util (tuple), share (tuple), phrase (dict
                            pool -> the site's one phrasing), layout (dict element -> position
                            or style), date_style, markup (dict of HTML choices), keep (prob.
                            that an optional element shows on a page).
  ``site.author(rng)``        a plausible local author name;
  ``site.byline(name)``       the byline text; ``site.date_line(date, rng, updated=False)``;
  ``site.fill(pool, **kw)``   the site's phrasing of ``pool`` with {site} {year} {n} {tags} filled;
  ``site.header_lines(rng, *, date, title=None, author=None)`` and
  ``site.footer_lines(rng, *, date, related=(), teasers=())``
                            the template lines of a plain-text page as ``(kind, text)`` pairs
                            (``related``: other headlines, about 13; the first
                            ``layout["related_n"]`` fill the related list, with ``teasers``
                            aligned to them on "cards" sites, the next ones the most-read list),
                            kinds: nav date title byline share related teaser newsletter cookie
                            note tags copyright other. A page is header + body lines + footer.

Example::

    import datetime, random
    from provenance.training.multilingual import ui
    site = ui.sites("fa")[0]
    rng = random.Random(1)
    head = site.header_lines(rng, date=datetime.date(2024, 5, 1), title="...", author=None)
    ui.format_date(datetime.date(2024, 5, 1), "fa", "jalali+weekday", rng)
    # -> 'چهارشنبه ۱۲ اردیبهشت ۱۴۰۳'
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .ui_dates import date_styles, format_date, to_digits  # noqa: F401  (re-exported)

LANGS = ("ar", "bn", "de", "es", "fa", "fr", "hi", "id", "ja", "ru", "sw", "ur")
UI_LANGS = LANGS + ("en",)
POOLS = ("nav_home", "nav", "nav_util", "share", "byline", "names", "related", "most_read",
         "comments", "newsletter", "newsletter_button", "cookie", "cookie_button", "note",
         "copyright", "tags", "tag_words", "reading_time", "published", "updated",
         "footer_links")
KINDS = ("nav", "date", "title", "byline", "share", "related", "teaser", "newsletter", "cookie",
         "note", "tags", "copyright", "other")
ENGLISH_UI_SITE, MIXED_SITE = 2, 7


@lru_cache(maxsize=None)
def data(lang: str) -> dict:
    """The raw DATA dict of a language (see ui_data/<lang>.py)."""
    return importlib.import_module(f"{__package__}.ui_data.{lang}").DATA


def pool(lang: str, name: str, split: str | None = None) -> tuple[str, ...]:
    items = tuple(data(lang)[name])
    if split is None:
        return items
    val = split == "validation"
    return tuple(x for i, x in enumerate(items) if (i % 3 == 2) == val)


def stable_seed(*parts) -> int:
    """A seed from strings/ints that does not depend on PYTHONHASHSEED."""
    return int.from_bytes(hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Site:
    lang: str
    index: int
    name: str
    domain: str
    split: str
    ui_lang: str
    share_lang: str
    nav: tuple
    util: tuple
    share: tuple
    phrase: dict = field(repr=False)
    layout: dict = field(repr=False)
    date_style: str = "long"
    markup: dict = field(default_factory=dict, repr=False)
    keep: float = 0.9
    names: tuple = field(default=(), repr=False)
    tag_words: tuple = field(default=(), repr=False)

    # ---- single elements -------------------------------------------------------------
    def fill(self, pool_name: str, **kw) -> str:
        name = pool_name
        text = self.phrase[name]
        year = kw.pop("year", None)
        lang = self.share_lang if name in ("share", "cookie", "cookie_button") else self.ui_lang
        native = data(lang).get("native_numbers", False) and not re.search(
            r"[A-Za-z]", re.sub(r"\{\w+\}", "", text))
        if year is not None:
            if isinstance(year, _dt.date):
                year = _jalali_year(year) if lang == "fa" else year.year
            kw["year"] = to_digits(str(year), lang) if native else str(year)
        if "n" in kw:
            kw["n"] = to_digits(str(kw["n"]), lang) if native else str(kw["n"])
        kw.setdefault("site", self.name)
        return text.format(**kw)

    def author(self, rng: random.Random) -> str:
        return rng.choice(self.names)

    def byline(self, name: str) -> str:
        return self.fill("byline", name=name)

    def date_line(self, date, rng: random.Random, updated: bool = False) -> str:
        style = self.date_style
        if updated:
            style = style.replace("+published", "") + "+updated"
        key = "updated" if updated else "published"
        return format_date(date, self.ui_lang, style, rng, prefix=self.phrase[key])

    def tags_line(self, rng: random.Random) -> str:
        words = rng.sample(self.tag_words, k=min(len(self.tag_words), rng.randint(2, 4)))
        sep = data(self.ui_lang).get("list_sep", ", ")
        return self.fill("tags", tags=sep.join(words))

    def reading_time(self, rng: random.Random) -> str:
        return self.fill("reading_time", n=rng.randint(3, 9))

    def shows(self, element: str, rng: random.Random) -> bool:
        """Whether an optional element of the layout appears on this page."""
        return bool(self.layout.get(element)) and rng.random() < self.keep

    # ---- plain-text pages ------------------------------------------------------------
    def nav_lines(self) -> list[tuple[str, str]]:
        style, sep = self.layout["nav"], self.layout["nav_sep"]
        items = list(self.nav) + (list(self.util) if self.layout.get("util") else [])
        if not style:
            return []
        if style == "lines":
            return [("nav", x) for x in items]
        return [("nav", sep.join(items))]

    def share_lines(self) -> list[tuple[str, str]]:
        if self.layout["share_style"] == "lines":
            return [("share", x) for x in self.share]
        return [("share", self.layout["share_sep"].join(self.share))]

    def cookie_lines(self) -> list[tuple[str, str]]:
        buttons = [self.phrase["cookie_button"], self.phrase["cookie_button2"]]
        return [("cookie", self.fill("cookie")), ("cookie", "  ".join(buttons))]

    def header_lines(self, rng: random.Random, *, date, title=None, author=None):
        L = self.layout
        out: list[tuple[str, str]] = []
        if L.get("cookie") == "top" and self.shows("cookie", rng):
            out += self.cookie_lines()
        if rng.random() < max(self.keep, 0.8):
            out += self.nav_lines()
        if L.get("breadcrumb") and self.shows("breadcrumb", rng):
            out.append(("nav", f" {L['crumb_sep']} ".join([self.nav[0], rng.choice(self.nav[1:])])))
        dline = ("date", self.date_line(date, rng))
        if L["date"] == "before_title":
            out.append(dline)
        if title:
            out.append(("title", title))
        if L["date"] == "after_title":
            out.append(dline)
        if author and L.get("byline"):
            out.append(("byline", self.byline(author)))
        if L["date"] == "after_byline":
            out.append(dline)
        if L.get("updated") and self.shows("updated", rng):
            out.append(("date", self.date_line(date + _dt.timedelta(days=rng.randint(0, 1)), rng, updated=True)))
        if L.get("reading_time") and self.shows("reading_time", rng):
            out.append(("other", self.reading_time(rng)))
        if L.get("share") in ("top", "both") and self.shows("share", rng):
            out += self.share_lines()
        if L.get("tags") == "top" and self.shows("tags", rng):
            out.append(("tags", self.tags_line(rng)))
        return out

    def footer_lines(self, rng: random.Random, *, date, related=(), teasers=()):
        L = self.layout
        out: list[tuple[str, str]] = []
        if L["date"] == "bottom":
            out.append(("date", self.date_line(date, rng)))
        if L.get("share") in ("bottom", "both") and self.shows("share", rng):
            out += self.share_lines()
        if L.get("tags") == "bottom" and self.shows("tags", rng):
            out.append(("tags", self.tags_line(rng)))
        if L.get("note") and self.shows("note", rng):
            out.append(("note", self.fill("note")))
        related, teasers = list(related), list(teasers)
        n = L.get("related_n", 5)
        rest = related[n:]
        if related and L.get("related") and self.shows("related", rng):
            out.append(("related", self.phrase["related"]))
            for i, t in enumerate(related[:n]):
                out.append(("related", t))
                if L["related"] == "cards" and i < len(teasers) and teasers[i]:
                    out.append(("teaser", teasers[i]))
        if L.get("comments") and self.shows("comments", rng):
            out.append(("other", self.fill("comments", n=rng.randint(0, 140))))
        if L.get("newsletter") and self.shows("newsletter", rng):
            out += [("newsletter", self.fill("newsletter")), ("newsletter", self.phrase["newsletter_button"])]
        if L.get("most_read") and len(rest) >= 3 and self.shows("most_read", rng):
            out.append(("related", self.phrase["most_read"]))
            out += [("related", t) for t in rest[:L.get("most_read_n", 3)]]
        if L.get("footer_links") and self.shows("footer_links", rng):
            out.append(("nav", L["nav_sep"].join(self.phrase["footer_links"])))
        if L.get("copyright", True):
            out.append(("copyright", self.fill("copyright", year=date)))
        if L.get("cookie") == "bottom" and self.shows("cookie", rng):
            out += self.cookie_lines()
        return out


def _jalali_year(d) -> int:
    import jdatetime
    return jdatetime.date.fromgregorian(date=d if not isinstance(d, _dt.datetime) else d.date()).year


# ---- site construction ---------------------------------------------------------------------

_NAV_SEPS = (" | ", " · ", " / ", " • ", "  ", " — ")
_SHARE_SEPS = (" | ", " · ", "  ", " / ")
_MARKUP = {
    "container": ("article", "div.story-body", "main", "div.post-content"),
    "classes": ("semantic", "bem", "hashed", "translit"),
    "nav": ("nav-ul", "div-soup", "nav-ul", "div-soup"),
    "byline_tag": ("span.byline", "div.author", "p"),
    "date_tag": ("time", "div", "time"),
    "share": ("ul-links", "buttons"),
    "related": ("aside", "cards", "aside"),
    "title_fmt": ("{title} | {site}", "{site} - {title}", "{title} - {site}", "{title} — {site}"),
}


def _pick(rng: random.Random, items, k=None):
    items = list(items)
    return rng.choice(items) if k is None else tuple(rng.sample(items, k=min(k, len(items))))


def _pair_cookie_buttons(phrase: dict, buttons, decline) -> None:
    """An accepting button first and a refusing/deferring one second (no rng draw: fixed)."""
    a, b = phrase["cookie_button"], phrase["cookie_button2"]
    if (a in decline) != (b in decline):
        a, b = (b, a) if a in decline else (a, b)
    else:
        other = [x for x in buttons if (x in decline) != (a in decline)]
        a, b = (a, other[0]) if a not in decline else (other[0], a)
    phrase["cookie_button"], phrase["cookie_button2"] = a, b


def _build_site(lang: str, index: int) -> Site:
    rng = random.Random(stable_seed("site", lang, index))
    split = "train" if index < 6 else "validation"
    ui_lang = "en" if index == ENGLISH_UI_SITE and lang != "en" else lang
    share_lang = ("en" if lang != "en" else "de") if index == MIXED_SITE else ui_lang
    name, domain = data(lang)["sites"][index]

    def part(lang_, name_):
        return pool(lang_, name_, split)

    phrase = {}
    for p in POOLS:
        if p in ("nav", "nav_util", "share", "names", "tag_words", "footer_links"):
            continue
        src = share_lang if p in ("cookie", "cookie_button") else ui_lang
        phrase[p] = _pick(rng, part(src, p))
    phrase["cookie_button2"] = _pick(rng, [b for b in part(share_lang, "cookie_button")
                                           if b != phrase["cookie_button"]])
    phrase["footer_links"] = _pick(rng, part(ui_lang, "footer_links"), rng.randint(3, 6))
    _pair_cookie_buttons(phrase, part(share_lang, "cookie_button"), data(share_lang)["cookie_decline"])
    nav = (phrase["nav_home"],) + _pick(rng, part(ui_lang, "nav"), rng.randint(4, 8))
    util = _pick(rng, part(ui_lang, "nav_util"), rng.randint(1, 3))
    share = _pick(rng, part(share_lang, "share"), rng.randint(2, 5))
    minimal = index in (3,) or (index == 6 and lang in ("de", "hi", "sw", "ja", "ar", "id"))
    on = (lambda p: rng.random() < p) if not minimal else (lambda p: False)
    layout = {
        "nav": None if minimal else _pick(rng, ("one_line", "one_line", "lines")),
        "nav_sep": _pick(rng, _NAV_SEPS), "share_sep": _pick(rng, _SHARE_SEPS),
        "crumb_sep": _pick(rng, (">", "›", "»", "/")),
        "util": on(0.5), "breadcrumb": on(0.3),
        "cookie": None if minimal else _pick(rng, ("top", "bottom", None)),
        "date": _pick(rng, ("before_title", "after_title", "after_byline", "after_title", "bottom")),
        "byline": on(0.8), "updated": on(0.3), "reading_time": on(0.3),
        "share": None if minimal else _pick(rng, ("top", "bottom", "both", "bottom")),
        "share_style": _pick(rng, ("lines", "one_line")),
        "tags": None if minimal else _pick(rng, ("top", "bottom", "bottom", None)),
        "note": on(0.4), "related": None if minimal else _pick(rng, ("list", "cards", "list")),
        "comments": on(0.4), "newsletter": on(0.5), "most_read": on(0.3),
        "footer_links": on(0.6), "copyright": True, "minimal": minimal,
        "related_n": rng.randint(3, 8), "most_read_n": rng.randint(3, 5),
        "glued_date": rng.random() < 0.35, "dateline": rng.random() < 0.25,
    }
    if layout["date"] == "after_byline" and not layout["byline"]:
        layout["date"] = "after_title"
    styles = [x for i, x in enumerate(date_styles(ui_lang)) if (i % 3 == 2) == (split != "train")]
    date_style = _pick(rng, styles)
    if rng.random() < 0.4 and "+published" not in date_style:
        date_style += "+published"
    markup = {k: _pick(rng, v) for k, v in _MARKUP.items()}
    markup.update(jsonld=rng.random() < 0.5, og=rng.random() < 0.6, meta_time=rng.random() < 0.5)
    markup.update(body_tag=_pick(rng, ("p",) * 5 + ("div", "br")), related_inside=rng.random() < 0.4)
    return Site(lang=lang, index=index, name=name, domain=domain, split=split, ui_lang=ui_lang,
                share_lang=share_lang, nav=nav, util=util, share=share, phrase=phrase,
                layout=layout, date_style=date_style, markup=markup,
                keep=0.95 if minimal else round(rng.uniform(0.6, 0.95), 2),
                names=part(lang, "names"), tag_words=part(ui_lang, "tag_words"))


@lru_cache(maxsize=None)
def _sites(lang: str) -> tuple[Site, ...]:
    if lang not in UI_LANGS:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(UI_LANGS)}")
    return tuple(_build_site(lang, i) for i in range(8))


def sites(lang: str, split: str | None = None) -> list[Site]:
    """The 8 fixed sites of a language (optionally only those of one split)."""
    return [s for s in _sites(lang) if split is None or s.split == split]
