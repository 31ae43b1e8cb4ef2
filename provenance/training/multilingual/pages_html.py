"""HTML rendering of one generated news page (used by ``pages.generate``).

``render_html(article, site, when, rng, related, teasers) -> dict`` returns ``content`` (the HTML),
``body_lines`` (the article paragraphs, one ``<p>`` each, exactly the source's), ``template_lines``
(the visible text of every template element, whitespace-normalised, with its kind) and ``author``.
Markup follows the site's fixed ``markup`` choices: container (``<article>``, ``div.story-body``,
``<main>``, ``div.post-content``), class-name style (semantic, BEM, hashed, or local-language
transliterated), nav as ``<nav><ul><li><a>`` or div soup, byline/date tags, share bar as links or
buttons, related list as ``<aside>`` or teaser cards (inside or after the article container),
body paragraphs as ``<p>``, ``<div class="para">`` or text between ``<br><br>``; plus ``og:``/``article:published_time`` meta
and JSON-LD NewsArticle on some sites, and CSS/script/comment noise.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from html import escape
from urllib.parse import quote

from . import ui

TZ = {"ar": "+03:00", "bn": "+06:00", "de": "+01:00", "es": "+01:00", "fa": "+03:30",
      "fr": "+00:00", "hi": "+05:30", "id": "+07:00", "ja": "+09:00", "ru": "+03:00",
      "sw": "+03:00", "ur": "+05:00", "en": "+00:00"}
ROLES = ("nav", "article", "body", "byline", "date", "share", "related", "footer", "cookie",
         "newsletter", "tags", "title")
RTL = {"ar", "fa", "ur"}
SHARE_URLS = ("https://www.facebook.com/sharer/sharer.php?u=", "https://twitter.com/intent/tweet?url=",
              "https://api.whatsapp.com/send?text=", "https://t.me/share/url?url=",
              "mailto:?body=", "https://www.linkedin.com/shareArticle?url=")
SVG = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M{a} {b}h{c}v{d}H{a}z"/></svg>'


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _hex(rng: random.Random, n: int = 8) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def classes(site: ui.Site) -> dict:
    """Class names of the site's template roles, in its markup style (fixed per site)."""
    rng = random.Random(ui.stable_seed("classes", site.lang, site.index))
    style = site.markup["classes"]
    if style == "semantic":
        return dict(ui.data("en")["translit"])
    if style == "bem":
        return {r: f"c-{r}" for r in ROLES}
    if style == "hashed":
        return {r: rng.choice(("x", "_", "css-", "sc-")) + _hex(rng, rng.randint(2, 6)) for r in ROLES}
    tr = ui.data(site.lang)["translit"]
    return {r: tr.get(r, r) for r in ROLES}


def _noise_css(rng: random.Random, C: dict) -> str:
    rules = []
    for name in list(C.values()) + [f"col-{i}" for i in range(rng.randint(4, 10))]:
        rules.append(f".{name}{{margin:{rng.randint(0, 24)}px {rng.randint(0, 16)}px;"
                     f"font-size:{rng.choice((12, 13, 14, 15, 16, 18))}px;color:#{_hex(rng, 6)}}}")
    return "\n".join(rules)


def _noise_js(rng: random.Random, site: ui.Site) -> str:
    return ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
            f"gtag('js',new Date());gtag('config','G-{_hex(rng, 10).upper()}');"
            f"var _cfg={{site:'{site.domain}',section:{rng.randint(1, 40)},ads:{{slots:['top','mpu','"
            f"sky'],refresh:{rng.randint(20, 90)}}},consent:'v{rng.randint(1, 4)}'}};")


def render_html(art: dict, site: ui.Site, when: dt.datetime, rng: random.Random, related, teasers) -> dict:
    C, L, M = classes(site), site.layout, site.markup
    T: list[dict] = []

    def t(kind: str, text: str) -> str:
        T.append({"kind": kind, "text": _norm(text)})
        return escape(text)

    def link(path: str, text: str, kind: str, cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        return f'<a{c} href="/{quote(path)}">{t(kind, text)}</a>'

    lang, title, iso = art["lang"], art["title"], when.isoformat() + TZ.get(site.lang, "+00:00")
    author = site.author(rng) if L.get("byline") and rng.random() < max(site.keep, 0.7) else None
    out = []
    # ---- head ----
    page_title = M["title_fmt"].format(title=title, site=site.name) if title else site.name
    head = [f'<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(page_title)}</title>",
            f'<link rel="canonical" href="https://{site.domain}/{when:%Y/%m/%d}/{art["id"]}.html">',
            f'<link rel="stylesheet" href="https://{site.domain}/static/css/app.{_hex(rng)}.css">']
    if M.get("og"):
        head += [f'<meta property="og:title" content="{escape(title or site.name)}">',
                 f'<meta property="og:site_name" content="{escape(site.name)}">',
                 '<meta property="og:type" content="article">']
    if M.get("meta_time"):
        head.append(f'<meta property="article:published_time" content="{iso}">')
    head.append(f"<style>\n{_noise_css(rng, C)}\n</style>")
    head.append(f"<script>{_noise_js(rng, site)}</script>")
    if M.get("jsonld"):
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": iso, "publisher": {"@type": "Organization", "name": site.name}}
        if author:
            ld["author"] = {"@type": "Person", "name": author}
        head.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    rtl = ' dir="rtl"' if site.ui_lang in RTL or lang in RTL else ""
    out.append(f'<!DOCTYPE html>\n<html lang="{lang}"{rtl}>\n<head>\n' + "\n".join(head) + "\n</head>")
    out.append(f'<body class="page-article {C["article"]}-page">\n<!-- {site.domain} build {_hex(rng, 12)} -->')

    def cookie():
        b = site.phrase["cookie_button"], site.phrase["cookie_button2"]
        return (f'<div id="cookie-consent" class="{C["cookie"]}" role="dialog"><p>{t("cookie", site.fill("cookie"))}</p>'
                f'<div class="actions"><button type="button" data-consent="all">{t("cookie", b[0])}</button>'
                f'<button type="button" data-consent="min">{t("cookie", b[1])}</button></div></div>')

    if L.get("cookie") == "top" and site.shows("cookie", rng):
        out.append(cookie())
    # ---- header / nav ----
    hdr = [f'<header class="site-header"><div class="topbar"><a class="logo" href="/">'
           f'<img src="/static/img/logo.svg" alt="{escape(site.name)}" width="180" height="40"></a></div>']
    if L.get("nav") is not None or rng.random() < 0.9:
        items = list(site.nav)
        if M["nav"] == "nav-ul":
            lis = "".join(f"<li>{link('section/' + str(i), x, 'nav')}</li>" for i, x in enumerate(items))
            hdr.append(f'<nav class="{C["nav"]}" aria-label="main"><ul>{lis}</ul></nav>')
        else:
            divs = "".join(f'<div class="{C["nav"]}__item">{link("s/" + str(i), x, "nav", "lnk")}</div>'
                           for i, x in enumerate(items))
            hdr.append(f'<div class="{C["nav"]}"><div class="{C["nav"]}__list">{divs}</div></div>')
        if L.get("util"):
            hdr.append('<div class="tools">' + "".join(
                f'<button type="button" class="tool-{i}">{t("nav", x)}</button>' for i, x in enumerate(site.util)) + "</div>")
    hdr.append("</header>")
    out.append("\n".join(hdr))
    if L.get("breadcrumb") and site.shows("breadcrumb", rng):
        sec = rng.choice(site.nav[1:])
        out.append(f'<ol class="breadcrumb"><li>{link("", site.nav[0], "nav")}</li><li>{link("section/x", sec, "nav")}</li></ol>')
    # ---- article ----
    dtag = M["date_tag"]
    def date_el(updated=False):
        text = site.date_line(when + dt.timedelta(hours=rng.randint(1, 20)) if updated else when, rng, updated=updated)
        if dtag == "time":
            return f'<time class="{C["date"]}" datetime="{iso}">{t("date", text)}</time>'
        return f'<div class="{C["date"]}">{t("date", text)}</div>'

    art_html = []
    if L["date"] == "before_title":
        art_html.append(date_el())
    if title:
        art_html.append(f'<h1 class="{C["title"]}">{t("title", title)}</h1>')
    if L["date"] == "after_title":
        art_html.append(date_el())
    if author:
        before, after = site.byline("\x00").split("\x00")
        T.append({"kind": "byline", "text": _norm(before + author + after)})
        tag, _, cls = M["byline_tag"].partition(".")
        inner = f'{escape(before)}<a href="/author/{quote(author)}" rel="author">{escape(author)}</a>{escape(after)}'
        art_html.append(f'<{tag} class="{cls or C["byline"]}">{inner}</{tag}>')
    if L["date"] == "after_byline":
        art_html.append(date_el())
    if L.get("updated") and site.shows("updated", rng):
        art_html.append(date_el(updated=True))
    if L.get("reading_time") and site.shows("reading_time", rng):
        art_html.append(f'<span class="reading-time">{t("other", site.reading_time(rng))}</span>')

    def share():
        if M["share"] == "ul-links":
            lis = "".join(f'<li><a href="{SHARE_URLS[i % len(SHARE_URLS)]}{quote("https://" + site.domain)}" '
                          f'target="_blank" rel="noopener">{SVG.format(a=i, b=2 * i, c=20, d=20)}'
                          f'<span>{t("share", x)}</span></a></li>' for i, x in enumerate(site.share))
            return f'<ul class="share {C["share"]}">{lis}</ul>'
        btns = "".join(f'<button type="button" class="btn-{i}" data-network="{i}">{SVG.format(a=i, b=i, c=18, d=18)}'
                       f'{t("share", x)}</button>' for i, x in enumerate(site.share))
        return f'<div class="{C["share"]}">{btns}</div>'

    def tags():
        before, after = site.phrase["tags"].split("{tags}")
        words = rng.sample(site.tag_words, k=min(len(site.tag_words), rng.randint(2, 4)))
        sep = ui.data(site.ui_lang).get("list_sep", ", ")
        T.append({"kind": "tags", "text": _norm(before + sep.join(words) + after)})
        links = sep.join(f'<a href="/tag/{quote(w)}">{escape(w)}</a>' for w in words)
        return f'<div class="{C["tags"]}">{escape(before)}{links}{escape(after)}</div>'

    if L.get("share") in ("top", "both") and site.shows("share", rng):
        art_html.append(share())
    if L.get("tags") == "top" and site.shows("tags", rng):
        art_html.append(tags())
    # body: the source paragraphs, with empty ad slots and sometimes an inline "read also" box
    paras, body, first = art["paras"], [], True
    ptag = M.get("body_tag", "p")  # <p>, <div class="para">, or text separated by <br><br>
    glue = rng.random() < (0.35 if L.get("dateline") else 0.04)
    inline_at = rng.randrange(1, len(paras)) if len(paras) > 2 and related and rng.random() < 0.3 else None
    i = -1
    for kind, p in art["blocks"]:
        if kind != "body":  # furniture the source left in the body (see pages.prepare)
            body.append(f'<p>{t(kind, p)}</p>' if kind == "related" else f'<div class="ads-label">{t(kind, p)}</div>')
            continue
        i += 1
        text = escape(p)
        if first and glue:
            dl = ui.format_date(when, site.ui_lang, "dateline", rng)
            T.append({"kind": "date", "text": _norm(dl), "glued": True})
            text = f'<strong class="dateline">{escape(dl)}</strong> {text}'
        body.append(f"<p>{text}</p>" if ptag == "p" else f'<div class="para">{text}</div>'
                    if ptag == "div" else (text if first else "<br><br>" + text))
        first = False
        if i == inline_at:
            body.append(f'<aside class="inline-related"><h4>{t("related", site.phrase["related"])}</h4>'
                        f'{link("story/" + str(i), related[0], "related")}</aside>')
        elif i % 3 == 2 and rng.random() < 0.5:
            body.append(f'<div class="ad-slot" id="ad-{i}" data-ad-unit="/{rng.randint(1000, 9999)}/article"></div>')
    art_html.append(f'<div class="{C["body"]}">\n' + "\n".join(body) + "\n</div>")
    if L["date"] == "bottom":
        art_html.append(date_el())
    if L.get("share") in ("bottom", "both") and site.shows("share", rng):
        art_html.append(share())
    if L.get("tags") == "bottom" and site.shows("tags", rng):
        art_html.append(tags())
    if L.get("note") and site.shows("note", rng):
        art_html.append(f'<p class="note"><em>{t("note", site.fill("note"))}</em></p>')
    cont = M["container"]
    tag, _, cls = cont.partition(".")
    wrap_cls = cls or C["article"]
    main = []
    # ---- after the article ----
    n = L.get("related_n", 5)
    rel, rest = list(related[:n]), list(related[n:])
    if inline_at is not None:
        rel = rel[1:]
    if rel and L.get("related") and site.shows("related", rng):
        head_ = t("related", site.phrase["related"])
        if M["related"] == "cards" or L["related"] == "cards":
            cards = "".join(f'<div class="card"><a href="/story/{k}">'
                            f'<h3>{t("related", x)}</h3></a>'
                            + (f'<p>{t("teaser", teasers[k])}</p>' if k < len(teasers) and teasers[k] else "")
                            + "</div>" for k, x in enumerate(rel))
            main.append(f'<section class="{C["related"]}"><h2>{head_}</h2><div class="cards">{cards}</div></section>')
        else:
            lis = "".join(f"<li>{link('story/' + str(k), x, 'related')}</li>" for k, x in enumerate(rel))
            main.append(f'<aside class="{C["related"]}"><h2>{head_}</h2><ul>{lis}</ul></aside>')
    if L.get("comments") and site.shows("comments", rng):
        main.append(f'<section id="comments"><h2>{t("other", site.fill("comments", n=rng.randint(0, 140)))}</h2>'
                    f'<div id="comments-root" data-thread="{_hex(rng)}"></div></section>')
    if L.get("newsletter") and site.shows("newsletter", rng):
        main.append(f'<form class="{C["newsletter"]}" action="/newsletter" method="post">'
                    f'<p>{t("newsletter", site.fill("newsletter"))}</p><input type="email" name="email" required>'
                    f'<button type="submit">{t("newsletter", site.phrase["newsletter_button"])}</button></form>')
    if L.get("most_read") and len(rest) >= 3 and site.shows("most_read", rng):
        lis = "".join(f"<li>{link('top/' + str(k), x, 'related')}</li>" for k, x in enumerate(rest[:L.get('most_read_n', 3)]))
        main.append(f'<div class="most-read"><h3>{t("related", site.phrase["most_read"])}</h3><ol>{lis}</ol></div>')
    if M.get("related_inside"):  # related/newsletter boxes inside the article container
        art_html, main = art_html + main, []
    main.insert(0, f'<{tag} class="{wrap_cls}">\n' + "\n".join(art_html) + f"\n</{tag}>")
    wrapper = "main" if tag != "main" else "div"
    out.append(f'<{wrapper} id="content">\n' + "\n".join(main) + f"\n</{wrapper}>")
    # ---- footer ----
    foot = []
    if L.get("footer_links") and site.shows("footer_links", rng):
        foot.append("<ul class=\"legal\">" + "".join(f"<li>{link('page/' + str(i), x, 'nav')}</li>"
                                                    for i, x in enumerate(site.phrase["footer_links"])) + "</ul>")
    foot.append(f'<p class="copyright">{t("copyright", site.fill("copyright", year=when))}</p>')
    out.append(f'<footer class="{C["footer"]}">' + "".join(foot) + "</footer>")
    if L.get("cookie") == "bottom" and site.shows("cookie", rng):
        out.append(cookie())
    out.append(f'<script src="https://{site.domain}/static/js/main.{_hex(rng)}.js" defer></script>')
    out.append(f"<!-- rendered in {rng.randint(20, 400)} ms -->\n</body>\n</html>\n")
    return {"content": "\n".join(out), "body_lines": list(paras), "template_lines": T, "author": author}
