"""What kind of page a Document is: article, forum, product, collection, listing, documentation
or service (the page types of the WCXB benchmark), from page-level features.

The block model decides per block; some decisions need the page: the reader comments under a
news story are not the story, the posts of a forum thread are the thread; a list of linked
headlines with their summaries is another site's teaser box on an article page and the content
of a listing page. `page_features` describes a whole page by the share of its text in links,
lists, tables, forms, headings and code, its repeated sibling structures (cards), the density
of comment, price, cart and forum cues, the schema.org types and og:type it declares and the
shape of its URL path; `PageTypeModel` (one binary tree ensemble per type, one against the
rest, trained by `provenance.training.pagetype`) gives P(type) for each page, normalised to
sum 1. Plain-text pages have no markup: they have features of their own, read off the
plain-text block model's features (`text_page_features`), and a model of their own, trained on
the same pages as plain text.
"""
from __future__ import annotations

import re
from itertools import compress
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

import numpy as np

from ..document import PAGE_TYPES, Block, Document
from ..ensemble import TreeEnsemble, proba_columns
from ..lexicon.cues import ATTR_CUE_NAMES, TEXT_CUE_NAMES, text_cue_counts_lowered
from ..lexicon.flags import FLAG_BIT
from ..lexicon.page_cues import PAGE_KEYWORDS
from ..lexicon.scripts import SPACELESS_RE
from ..modelfile import ModelFileError, load_model_arrays, save_arrays
from .pagestats import block_arrays, page_sums, repeated_units, units_of
from .textstats import split_word_counts, stacked_block_stats, words_from_scripts

FORMAT = "provenance-pagetype"
FORMAT_VERSION = 1

_CUE = {name: i for i, name in enumerate(TEXT_CUE_NAMES)}
_ATTR = {name: 1 << i for i, name in enumerate(ATTR_CUE_NAMES)}
#: Text cue categories counted per page (by name: the category list may grow).
PAGE_TEXT_CUES = ("comment", "related", "share", "byline", "meta", "navigation", "subscribe", "ad")
#: Class/id cue categories whose share of the page's words is a feature.
PAGE_ATTR_CUES = ("comment", "related", "sidebar", "content", "tags", "nav", "meta")

#: Keyword cues of page types, by category (`lexicon.page_cues`: interface strings in many
#: languages), counted over a page's lower-cased text.
KEYWORDS = PAGE_KEYWORDS
_KEY_CATS = list(KEYWORDS)
_KEY_PHRASES = [(p, i) for i, cat in enumerate(_KEY_CATS) for p in KEYWORDS[cat]]
#: Whether each phrase must start / end at a word boundary: not where its first / last
#: character is of a script written without spaces (カート is a phrase inside カートに入れる).
_KEY_BOUNDED = [(not SPACELESS_RE.match(p[0]), not SPACELESS_RE.match(p[-1])) for p, _ in _KEY_PHRASES]
_KEY_AC = None
_CURRENCY = frozenset("$€£¥₹₽₺₫৳₩₦₱₴")


def _keyword_counts(joined_lower: str) -> list[int]:
    """Word-bounded matches of each KEYWORDS category, and currency signs next to a digit
    (prices), in lower-cased text: one automaton pass."""
    global _KEY_AC
    if _KEY_AC is None:
        import ahocorasick_rs

        phrases = [p for p, _ in _KEY_PHRASES] + sorted(_CURRENCY)
        _KEY_AC = ahocorasick_rs.AhoCorasick(phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    counts = [0] * (len(_KEY_CATS) + 1)
    n_key = len(_KEY_PHRASES)
    t = joined_lower
    n = len(t)
    for k, a, b in _KEY_AC.find_matches_as_indexes(t):
        if k >= n_key:           # a currency sign: a price when a digit is next to it
            if (b < n and (t[b].isdigit() or (t[b] == " " and b + 1 < n and t[b + 1].isdigit()))) or \
                    (a > 0 and t[a - 1].isdigit()):
                counts[-1] += 1
        else:
            start, end = _KEY_BOUNDED[k]
            if (not start or a == 0 or not t[a - 1].isalnum()) and (not end or b == n or not t[b].isalnum()):
                counts[_KEY_PHRASES[k][1]] += 1
    return counts


_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d)(?:/|$)|/(?:19|20)\d\d-\d\d-\d\d")

#: URL path cues, each a regex on the lower-cased path.
URL_CUES = {
    "product": r"/(?:products?|p|dp|item|items|pdp|shop/[^/]+/[^/]+)(?:/|$)|/[^/]*-p-?\d+|\.html?$.*\bprod",
    "collection": r"/(?:collections?|category|categories|c|b|catalog|catalogue|shop|store|sb\d+)(?:/|$)",
    "forum": r"/(?:t|threads?|forums?|community|discussions?|questions?|topics?|r|board|viewtopic\S*|showthread\S*)(?:/|$|\.)",
    "docs": r"/(?:docs?|documentation|api|reference|manual|guides?|tutorials?|learn|wiki|kb|help|handbook|sdk)(?:/|$)",
    "article": r"/(?:blog|news|articles?|posts?|story|stories|\d{4}/\d{2})(?:/|$)",
    "listing": r"/(?:tags?|authors?|page/\d+|archives?|latest|search|topics|feed|all)(?:/|$)",
    "service": r"/(?:about|about-us|contact|pricing|services?|solutions?|features|careers|team|company|plans)(?:/|$)",
}
_URL_CUES = [(name, re.compile(rx)) for name, rx in URL_CUES.items()]
#: Host name cues ("forum.example.com", "docs.example.com", "shop.example.com").
HOST_CUES = {
    "forum": r"forum|community|discuss|board|talk\.|answers|stackexchange|stackoverflow|reddit",
    "docs": r"^(?:docs?|developers?|dev|api|wiki|learn|help|support|kb|manual)\.|readthedocs|docs\.",
    "shop": r"^(?:shop|store)\.|shop|store",
    "news": r"news|times|post\.|herald|tribune|gazette|daily|journal",
}
_HOST_CUES = [(name, re.compile(rx)) for name, rx in HOST_CUES.items()]

#: schema.org types (JSON-LD @type, microdata itemtype), grouped by what they say.
LD_GROUPS = {
    "article": ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                "OpinionNewsArticle", "ScholarlyArticle", "LiveBlogPosting", "Report"),
    "product": ("Product", "Offer", "AggregateOffer", "ProductGroup", "IndividualProduct", "Vehicle", "Book"),
    "forum": ("DiscussionForumPosting", "QAPage", "Question", "Answer", "Comment", "SocialMediaPosting"),
    "collection": ("CollectionPage", "ItemList", "SearchResultsPage", "OfferCatalog", "ListItem"),
    "docs": ("TechArticle", "APIReference", "SoftwareSourceCode", "HowTo", "SoftwareApplication"),
    "service": ("Organization", "LocalBusiness", "Service", "FAQPage", "ContactPage", "AboutPage",
                "ProfessionalService", "Corporation", "Place", "PostalAddress", "Event"),
    "rating": ("AggregateRating", "Review", "Rating"),
    "breadcrumb": ("BreadcrumbList",),
    "webpage": ("WebPage", "WebSite", "SiteNavigationElement"),
}
_LD_GROUP_OF = {t: g for g, types in LD_GROUPS.items() for t in types}
OG_TYPES = ("article", "product", "website")

_H = FLAG_BIT["h"]
_FLAG_SHARES = ("li", "table", "form", "article", "main", "nav", "footer", "aside", "blockquote", "header")
_FLAG_MASKS = np.array([FLAG_BIT[f] for f in _FLAG_SHARES], dtype=np.int64)
_ATTR_MASKS = np.array([_ATTR[c] for c in PAGE_ATTR_CUES], dtype=np.int64)


def page_feature_names() -> list[str]:
    names = ["log_blocks", "log_words", "link_share", "link_blocks", "log_mean_words", "prose_share",
             "log_max_words", "log_headings", "heading_rate", "heading_links", "log_pre", "pre_share",
             "log_h1", "date_blocks", "ellipsis_blocks", "short_blocks", "best_container_share",
             "log_rep_units", "rep_share", "rep_groups", "log_price", "price_rate", "log_cart", "cart_rate",
             "forum_rate", "doc_rate", "service_rate", "title_words", "title_seps"]
    names += [f"flag_{f}" for f in _FLAG_SHARES]
    names += [f"cue_{c}" for c in PAGE_TEXT_CUES]
    names += [f"attr_{c}" for c in PAGE_ATTR_CUES]
    names += [f"og_{t}" for t in OG_TYPES] + ["og_other", "og_none"]
    names += [f"ld_{g}" for g in LD_GROUPS] + ["ld_none"]
    names += ["url_none", "url_depth", "url_date", "url_html", "url_slug_words", "url_numeric",
              "url_query", "url_root"] + [f"url_{name}" for name in URL_CUES]
    names += [f"host_{name}" for name in HOST_CUES]
    return names


N_PAGE_FEATURES = len(page_feature_names())


def _url_features(url: Optional[str]) -> list[float]:
    if not url or "://" not in url:
        return [1.0] + [0.0] * (7 + len(URL_CUES) + len(HOST_CUES))
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return [1.0] + [0.0] * (7 + len(URL_CUES) + len(HOST_CUES))
    path = parts.path.lower()
    segs = [s for s in path.split("/") if s]
    last = segs[-1] if segs else ""
    stem = re.sub(r"\.\w{2,5}$", "", last)
    out = [0.0, float(len(segs)), float(bool(_DATE_PATH.search(path))),
           float(last.endswith((".html", ".htm", ".php", ".aspx", ".asp", ".shtml"))),
           float(stem.count("-") + stem.count("_") + (1 if stem else 0)),
           float(bool(re.search(r"\d{4,}", last))), float(bool(parts.query)), float(not segs)]
    out += [float(bool(rx.search(path))) for _, rx in _URL_CUES]
    host = (parts.hostname or "").lower().removeprefix("www.")
    out += [float(bool(rx.search(host))) for _, rx in _HOST_CUES]
    return out


def _meta_features(meta: dict) -> list[float]:
    og = meta.get("og_type")
    out = [float(og == t) for t in OG_TYPES]
    out += [float(bool(og) and og not in OG_TYPES), float(not og)]
    types = meta.get("ld_types") or ()
    groups = {_LD_GROUP_OF.get(t) for t in types}
    out += [float(g in groups) for g in LD_GROUPS] + [float(not types)]
    return out


def page_features(docs: list[Document]) -> np.ndarray:
    """One row of `page_feature_names()` per HTML document (documents without blocks
    included); plain-text pages have `text_page_features`."""
    rows = np.zeros((len(docs), N_PAGE_FEATURES), dtype=np.float64)
    texts = [b.text for d in docs for b in d.blocks]
    if texts:
        # words in any script (`language_word_counts`), from the block statistics the block
        # features read too (`textstats.page_block_stats`: counted once)
        _, scripts = stacked_block_stats([d for d in docs if d.blocks])
        all_words = words_from_scripts(split_word_counts(texts), scripts).astype(np.float64)
        cues = text_cue_counts_lowered(texts, 300)
    start = 0
    cue_idx = [_CUE[c] for c in PAGE_TEXT_CUES]
    for r, d in enumerate(docs):
        n = len(d.blocks)
        blocks = d.blocks
        words = all_words[start:start + n] if n else np.zeros(0)
        c = cues[start:start + n] if n else np.zeros((0, len(TEXT_CUE_NAMES)))
        start += n
        # kept on the Document (a plain attribute, derived from the blocks): the block typer
        # needs the same counts for the blocks the model drops (`kinds.assign_kinds_many`)
        d._block_counts = (words, c)
        rows[r] = _one_page(d, blocks, words, c, cue_idx)
    return rows


def _one_page(d: Document, blocks: list[Block], words: np.ndarray, cues: np.ndarray, cue_idx) -> list[float]:
    n = len(blocks)
    meta = d.meta
    title = meta.get("html_title") or ""
    tail = [float(len(title.split())), float(sum(title.count(s) for s in (" | ", " - ", " – ", " — ", " :: ", " · ")))]
    if not n:
        return ([0.0] * 27 + tail + [0.0] * (len(_FLAG_SHARES) + len(PAGE_TEXT_CUES) + len(PAGE_ATTR_CUES))
                + _meta_features(meta) + _url_features(meta.get("url")))
    arrays = block_arrays(blocks)
    anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis, _ = arrays
    texts = [b.text for b in blocks]
    sums = page_sums(anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis, words, _H, _FLAG_MASKS,
                     _ATTR_MASKS)
    (total_w, total_c, link_sum, linky_n, prose_w, max_w, heading_n, heading_linky, pre_n, pre_w, h1,
     short_n, ellipsis_n, best_held, flag_w, attr_w) = sums
    total_w = max(total_w, 1.0)
    total_c = max(total_c, 1.0)
    dates = _dated_blocks(list(compress(texts, chars <= 40)))
    # keyword counts over the page's text (each block's first 300 characters) in one pass
    cart, forum, doc, service, price = _keyword_counts("\n".join([t[:300] for t in texts]).lower())
    # the densest container among each block's three nearest (its own element excluded)
    best_container = best_held / total_w
    units, rshare, link_units = units_of(d, words, arrays)
    rep = units >= 3
    rep_groups = len(set(np.round(rshare[rep], 6).tolist()))
    out = [np.log1p(n), np.log1p(total_w), link_sum / total_c, linky_n / n,
           np.log1p(total_w / n), prose_w / total_w, np.log1p(max_w),
           np.log1p(float(heading_n)), heading_n / n, heading_linky / max(float(heading_n), 1.0),
           np.log1p(float(pre_n)), pre_w / total_w, np.log1p(h1),
           dates / n, ellipsis_n / n, short_n / n, best_container,
           np.log1p(float(units.max())), float(rshare.max()), float(rep_groups),
           np.log1p(price), price / n, np.log1p(cart), cart / n, forum / n, doc / n, service / n]
    out += tail
    out += (flag_w / total_w).tolist()
    out += (cues[:, cue_idx].sum(axis=0) / n).tolist()
    out += (attr_w / total_w).tolist()
    return out + _meta_features(meta) + _url_features(meta.get("url"))


def _dated_blocks(texts: list[str]) -> int:
    """How many of `texts` `_DATEISH` finds something in: one scan of them joined by newlines
    (no match crosses one), each match counted once per text."""
    if not texts:
        return 0
    joined = "\n".join(texts)
    ends = np.cumsum([len(t) + 1 for t in texts])
    starts = [m.start() for m in _DATEISH.finditer(joined)]
    return len(set(np.searchsorted(ends, starts, side="right").tolist())) if starts else 0


_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\bago\b", re.I)


#: Block-feature columns (plain-text `BlockFeatures`) whose page mean describes a plain-text page.
TEXT_MEAN_COLUMNS = ("log_chars", "log_words", "text_density", "avg_word_len", "upper_ratio", "digit_ratio",
                     "punct_ratio", "sentences", "stop_density", "terminal", "date_line", "separators", "repeats")


def text_page_feature_names(block_names) -> list[str]:
    """Names of `text_page_features` given the plain-text block feature names."""
    cues = [c for c in block_names if c.startswith("cue_")]
    return ([f"mean_{c}" for c in TEXT_MEAN_COLUMNS] + [f"mean_{c}" for c in cues] +
            ["page_log_words", "page_log_blocks", "max_log_words", "prose_blocks", "short_blocks"] +
            [f"og_{t}" for t in OG_TYPES] + ["og_other", "og_none"] + [f"ld_{g}" for g in LD_GROUPS] +
            ["ld_none", "url_none", "url_depth", "url_date", "url_html", "url_slug_words", "url_numeric",
             "url_query", "url_root"] + [f"url_{name}" for name in URL_CUES] + [f"host_{name}" for name in HOST_CUES])


def text_page_features(docs: list[Document], X: np.ndarray, block_names) -> np.ndarray:
    """Page features of plain-text pages from their block feature matrix `X` (the plain-text
    block model's, documents concatenated; `block_names` its columns): the page means of the
    text statistics and cue counts of its lines, its size, its longest line, its share of prose
    lines and of short ones, and what its metadata and URL say. Read off what the block model
    computed anyway, they cost almost nothing (plain text is cleaned at thousands of pages a
    second); pages without lines get zeros but for their metadata and URL."""
    names = list(block_names)
    col = {c: i for i, c in enumerate(names)}
    cues = [col[c] for c in names if c.startswith("cue_")]
    n_out = len(text_page_feature_names(names))
    out = np.zeros((len(docs), n_out))
    lens = np.array([len(d.blocks) for d in docs])
    has = lens > 0
    if has.any():
        starts = np.concatenate([[0], np.cumsum(lens[has])[:-1]])
        m = lens[has].astype(np.float64)[:, None]
        Xd = np.asarray(X, dtype=np.float64)
        means = np.add.reduceat(Xd[:, [col[c] for c in TEXT_MEAN_COLUMNS] + cues], starts, axis=0) / m
        lw, lc, term = Xd[:, col["log_words"]], Xd[:, col["log_chars"]], Xd[:, col["terminal"]]
        prose = np.add.reduceat(((lw >= np.log1p(25)) & (term > 0)).astype(np.float64), starts) / m[:, 0]
        short = np.add.reduceat((lc <= np.log1p(80)).astype(np.float64), starts) / m[:, 0]
        k = means.shape[1]
        out[has, :k] = means
        out[has, k] = Xd[starts, col["page_log_words"]]
        out[has, k + 1] = Xd[starts, col["page_log_blocks"]]
        out[has, k + 2] = np.maximum.reduceat(lw, starts)
        out[has, k + 3] = prose
        out[has, k + 4] = short
    tail = n_out - len(_meta_features({})) - len(_url_features(None))
    for r, d in enumerate(docs):
        out[r, tail:] = _meta_features(d.meta) + _url_features(d.meta.get("url"))
    return out


def _text_block_features(docs: list[Document]) -> tuple[np.ndarray, np.ndarray]:
    from .features import BlockFeatures      # (features imports this module)

    bf = BlockFeatures(dom=False)
    return bf.transform(docs), bf.get_feature_names_out()


class PageTypeModel:
    """P(page type) per document: one binary ensemble per type of PAGE_TYPES for HTML pages
    (`page_features`) and one per type for plain-text pages (`text_page_features`),
    normalised to sum 1."""

    def __init__(self, html: list[TreeEnsemble], text: list[TreeEnsemble], info: Optional[dict] = None):
        self.html, self.text = html, text
        self.info = info or {}

    def predict_proba(self, docs: list[Document], text_X: Optional[np.ndarray] = None) -> np.ndarray:
        """(len(docs), len(PAGE_TYPES)) probabilities; each row sums to 1. ``text_X``: the
        plain-text block features of the plain-text documents (in order), when computed."""
        out = np.zeros((len(docs), len(PAGE_TYPES)))
        if not docs:
            return out
        is_text = np.array([d.source == "text" for d in docs])
        if (~is_text).any():
            X = page_features([d for d, t in zip(docs, is_text) if not t])
            out[~is_text] = proba_columns(self.html, X)
        if is_text.any():
            tdocs = [d for d, t in zip(docs, is_text) if t]
            if text_X is None:
                text_X, names = _text_block_features(tdocs)
            else:
                names = TEXT_BLOCK_NAMES()
            X = text_page_features(tdocs, text_X, names)
            out[is_text] = proba_columns(self.text, X)
        out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-12)
        return out

    def classify(self, docs: list[Document], text_X: Optional[np.ndarray] = None) -> None:
        """Set every document's `page_type` and `page_type_p`, in place."""
        if not docs:
            return
        p = self.predict_proba(docs, text_X)
        for d, row in zip(docs, p.tolist()):
            d.page_type_p = tuple(row)
            d.page_type = PAGE_TYPES[int(np.argmax(row))]

    def save(self, path: str | Path) -> None:
        arrays = {}
        for family, ensembles in (("html", self.html), ("text", self.text)):
            for t, e in zip(PAGE_TYPES, ensembles):
                arrays.update(e.to_arrays(f"{family}.{t}"))
        save_arrays(path, arrays, {"format": FORMAT, "version": FORMAT_VERSION, "types": list(PAGE_TYPES),
                                   "n_features": N_PAGE_FEATURES, "n_text_features": N_TEXT_PAGE_FEATURES(),
                                   "info": self.info})

    @classmethod
    def load(cls, path: str | Path) -> "PageTypeModel":
        arrays, meta = load_model_arrays(path, FORMAT, FORMAT_VERSION)
        if meta.get("types") != list(PAGE_TYPES):
            raise ModelFileError(f"model file {path} classifies {meta.get('types')}, this code {list(PAGE_TYPES)}")
        widths = {"html": N_PAGE_FEATURES, "text": N_TEXT_PAGE_FEATURES()}
        for family, key in (("html", "n_features"), ("text", "n_text_features")):
            if meta.get(key) != widths[family]:
                raise ModelFileError(f"model file {path} was trained on {meta.get(key)} {family} page features, "
                                     f"this code computes {widths[family]}: rebuild it")
        fams = {}
        for family in ("html", "text"):
            fams[family] = [TreeEnsemble.from_arrays(arrays, f"{family}.{t}", str(path)) for t in PAGE_TYPES]
            if any(e.n_features != widths[family] for e in fams[family]):
                raise ModelFileError(f"model file {path}: its trees read another number of features")
        return cls(fams["html"], fams["text"], info=meta.get("info") or {})


_TEXT_NAMES: list = []


def TEXT_BLOCK_NAMES():
    """The plain-text block feature names (computed once)."""
    if not _TEXT_NAMES:
        from .features import BlockFeatures

        _TEXT_NAMES.append(BlockFeatures(dom=False).get_feature_names_out())
    return _TEXT_NAMES[0]


def N_TEXT_PAGE_FEATURES() -> int:
    return len(text_page_feature_names(TEXT_BLOCK_NAMES()))


__all__ = ["PAGE_TYPES", "PageTypeModel", "page_features", "page_feature_names", "repeated_units",
           "text_page_features"]
