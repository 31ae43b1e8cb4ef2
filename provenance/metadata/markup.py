"""Page markup → metadata hints: JSON-LD objects and <meta> fields, read as plain data.

`segment.html._read_head` collects the raw material (the <meta> (key, content) pairs, the text
of the ``application/ld+json`` scripts, canonical link, ``<html lang>``, rel=author texts);
the functions here turn it into candidates. Pure functions, no I/O.
"""
from __future__ import annotations

import html as _html
import json
import re

__all__ = ["parse_jsonld", "meta_candidates", "meta_index", "hostname_of", "ARTICLE_TYPES"]

#: JSON-LD types whose headline/date/author are the page's own (a WebPage's only when no
#: article-like object is there).
ARTICLE_TYPES = frozenset(
    "article newsarticle blogposting reportagenewsarticle analysisnewsarticle opinionnewsarticle "
    "backgroundnewsarticle reviewnewsarticle techarticle scholarlyarticle report socialmediaposting "
    "liveblogposting medicalwebpage howto recipe review creativework".split())
_PAGE_TYPES = frozenset("webpage itempage aboutpage faqpage qapage collectionpage".split())
_PERSON_TYPES = frozenset(("person",))
_ORG_TYPES = frozenset("organization newsmediaorganization corporation educationalorganization "
                       "localbusiness governmentorganization ngo".split())
_MAX_LD_CHARS = 200_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _objects(data, depth: int = 0):
    """Every dict in a JSON-LD document, @graph members and nested values included
    (depth-limited: pages nest breadcrumbs, images and offers)."""
    if depth > 5:
        return
    if isinstance(data, list):
        for x in data:
            yield from _objects(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        for k, v in data.items():
            if isinstance(v, (dict, list)) and k not in ("author", "publisher", "creator"):
                yield from _objects(v, depth + 1)


def _text(v) -> str | None:
    if isinstance(v, list):
        v = next((x for x in v if isinstance(x, str)), None)
    if isinstance(v, dict):
        v = v.get("@value") or v.get("name")
    if not isinstance(v, str):
        return None
    v = " ".join(_html.unescape(v).split())
    return v or None


def _names(v, ids: dict) -> list[tuple[str, bool]]:
    """(name, is_person) of an author/creator value: a string, a Person/Organization object,
    an {"@id"} reference into the graph, or a list of these."""
    out: list[tuple[str, bool]] = []
    items = v if isinstance(v, list) else [v]
    for it in items[:12]:
        if isinstance(it, str):
            name = _text(it)
            if name:
                out.append((name, True))
        elif isinstance(it, dict):
            if "name" not in it and isinstance(it.get("@id"), str) and it["@id"] in ids:
                it = ids[it["@id"]]
            name = _text(it.get("name"))
            if name:
                types = _types(it)
                out.append((name, not (types & _ORG_TYPES)))
    return out


def parse_jsonld(scripts: list[str]) -> dict:
    """Hints from the page's JSON-LD script texts: ``headline``, ``date`` (datePublished, else
    dateCreated), ``modified``, ``authors`` ([(name, is_person)]), ``publisher``, ``type``, ``url``.
    The first article-like object wins (ARTICLE_TYPES), else the first WebPage; a script that
    is not valid JSON is skipped (after one lenient retry without control characters)."""
    objects = []
    for text in scripts[:20]:
        if not text or len(text) > _MAX_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            try:
                data = json.loads(_CONTROL.sub(" ", text), strict=False)
            except ValueError:
                continue
        objects.extend(_objects(data))
    if not objects:
        return {}
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES and (o.get("headline") or o.get("datePublished"))), None)
    page = next((o for o in objects if _types(o) & _PAGE_TYPES), None)
    out: dict = {}
    site = next((o for o in objects if "website" in _types(o)), None)
    for src in (article, page):
        if src is None:
            continue
        out.setdefault("type", next(iter(_types(src)), ""))
        for key, fields in (("headline", ("headline", "name")), ("date", ("datePublished", "dateCreated")),
                            ("modified", ("dateModified",)), ("url", ("url", "mainEntityOfPage"))):
            if key not in out:
                for f in fields:
                    val = _text(src.get(f))
                    if val:
                        out[key] = val
                        break
        if "authors" not in out:
            names = _names(src.get("author") or src.get("creator"), ids)
            if names:
                out["authors"] = names
        if "publisher" not in out:
            pub = _names(src.get("publisher"), ids)
            if pub:
                out["publisher"] = pub[0][0]
    if "publisher" not in out:
        org = next((o for o in objects if _types(o) & _ORG_TYPES and _text(o.get("name"))), None)
        if site is not None and _text(site.get("name")):
            out["publisher"] = _text(site.get("name"))
        elif org is not None:
            out["publisher"] = _text(org.get("name"))
    return out


#: <meta> keys (lower case) by what they give, in order of trust.
META_DATE_KEYS = ("article:published_time", "datepublished", "og:published_time", "published_time",
                  "publish-date", "publish_date", "parsely-pub-date", "sailthru.date",
                  "cxenseparse:publishtime", "citation_publication_date", "citation_date",
                  "citation_online_date", "article.published", "og:article:published_time",
                  "dcterms.created", "datecreated", "release_date")
#: Date <meta>s that are as often a modification or crawl date: read after the text's date lines.
META_WEAK_DATE_KEYS = ("date", "pubdate", "dc.date.issued", "dc.date", "dcterms.date")
META_MODIFIED_KEYS = ("article:modified_time", "datemodified", "og:updated_time", "last-modified",
                      "dcterms.modified", "updated")
META_AUTHOR_KEYS = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator",
                    "byl", "parsely-author", "sailthru.author", "cxenseparse:author", "citation_author",
                    "article.author", "twitter:data1")
META_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title", "title", "headline",
                   "parsely-title", "sailthru.title")
META_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher",
                  "twitter:site")
META_URL_KEYS = ("og:url", "twitter:url")


def meta_index(metas: list[tuple[str, str]]) -> dict[str, list[str]]:
    """(lower-case key, content) pairs → {key: [contents in page order]} (read once a page)."""
    by_key: dict[str, list[str]] = {}
    for k, v in metas:
        by_key.setdefault(k, []).append(v)
    return by_key


def meta_candidates(metas, keys: tuple[str, ...]) -> list[str]:
    """The values of `metas` ((lower-case key, content) pairs, or their `meta_index`) under
    `keys`, in key order then page order, de-duplicated."""
    by_key = metas if isinstance(metas, dict) else meta_index(metas)
    out: list[str] = []
    for k in keys:
        for v in by_key.get(k, ()):
            v = " ".join(_html.unescape(v).split())
            if v and v not in out:
                out.append(v)
    return out


_HOST = re.compile(r"^[a-z][a-z0-9+.\-]*://(?:[^@/?#]*@)?(?P<host>[^/:?#]+)", re.IGNORECASE)


def hostname_of(url: str | None) -> str | None:
    """The host of an absolute http(s) URL, lower case, without "www."."""
    if not url:
        return None
    m = _HOST.match(url.strip())
    if not m:
        return None
    host = m.group("host").lower().rstrip(".")
    return host.removeprefix("www.") or None
