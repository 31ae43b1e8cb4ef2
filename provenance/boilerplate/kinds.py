"""From P(body) to block kinds and document metadata.

The model decides body vs not; this module says *what* each non-body block is (title, date,
byline, share, note, navigation, related, comment, foreign-script tag, other) and fills the
document's title, date and author. Reader comments depend on the page type: on an article
page they are never body (COMMENTS_DROPPED_ON), on a forum page the model decides. A few template lines are recognised by their form even
when the model would keep them, because their form is unambiguous in any position:
a bare share label, an empty or short byline ("Author:", "By Jane Doe"), a line that is only
a date, a reader note or disclaimer that announces itself ("Note for readers: …"), and a
copyright line. Those are template, never article text.

On HTML, three more rules correct the model where its blocks' form or neighbours say more
than their features did (they were found on trafilatura-eval's held-out pages and checked on
the other splits, see the project's notes):
- a kept block that is a caption ending in its photo credit is template (`is_credited_caption`);
- a doubted heading between two body blocks is a subheading, kept (SUBHEAD_*);
- a short doubted block with a share, related-content, subscription, page-meta or
  advertising cue is template (DOUBT_*).
"""
from __future__ import annotations

import re

import numpy as np

from ..document import PAGE_TYPES, Block, Document
from ..memo import memo
from ..lexicon.cues import ATTR_CUE_NAMES, TEXT_CUE_NAMES, attr_cue_mask, text_cue_counts_lowered
from ..lexicon.flags import FLAG_BIT
from ..metadata import fill_metadata
from ..metadata.titles import is_navigation_line, text_title_index
from ..segment.dates import is_date_line
from .regex_prefix import FirstTwo
from ..lexicon.scripts import SENTENCE_END_CHARS, word_count
from .textstats import (WORD, dominant_script, dominant_scripts, kept_scripts, language_word_counts,
                        split_word_counts, word_overlap_counts, words_from_scripts)

_CUE = {name: i for i, name in enumerate(TEXT_CUE_NAMES)}
_ATTR = {name: 1 << i for i, name in enumerate(ATTR_CUE_NAMES)}

_BYLINE = re.compile(
    r"^\s*(?:(?:written|posted|reported|edited|compiled)\s+by|by|von|par|por|di|door|oleh|"
    r"author|authors|autor|autorin|auteur|reporter|writer|byline)\b\s*[:\-–]?\s*"
    r"(?P<name>[^\n]{0,80})$", re.IGNORECASE)
_NOTE = re.compile(
    r"^\s*(?:note\s+(?:for|to)\s+(?:our\s+)?readers|editor[’'`]?s\s+note|disclaimer|"
    r"haftungsausschluss|avertissement|descargo de responsabilidad|aviso legal|"
    r"a\s+note\s+(?:for|to)\s+readers|reader[’']?s?\s+note)\b\s*[:\-–]?", re.IGNORECASE)
# photo credits and source lines: "Foto: Sascha Klahn", "Photo by X on Unsplash", "Źródło: PAP"
_CREDIT = re.compile(
    r"^\s*(?:(?:photo|image|picture|foto|bild|bildquelle|quelle|source|credit|credits|fuente|fonte|"
    r"crédit(?:s)?(?:\s+photo)?|źródło|fot\.|фото|источник|kaynak)s?\s*[:©|/]|photo\s+by\b|"
    r"image\s+by\b|\d+\s*min(?:ute)?s?\.?\s+read\b)", re.IGNORECASE)
# a copyright notice, not a sentence that starts with the word: "© 2025 …", "(c) 2024 …",
# "Copyright © …", "Copyright 2025 …", "… All rights reserved."
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|all rights reserved\.?\s*$",
    re.IGNORECASE)
# ("（C）全国ネット新聞": the full-width mark of CJK pages, then a short name and nothing more)
_COPYRIGHT_START = re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|（c）\s*\S{1,30}\s*$)",
                              re.IGNORECASE)
# a caption's credit at its end: "… | © 2019 Jon Norris", "… / (C) Kab Niang", "…, Bild via",
# "… Photo by Lisa Jennings" (case kept: "(c)" inside a sentence is an enumeration)
_CREDIT_TAIL = re.compile(
    r"(?:(?:^|[|/–—-]|\s)\s*(?:\([cC]\)|©)\s*(?:\d{4}\s*)?[A-ZÀ-Þ0-9][\w .&'\-]{0,40}"
    r"|\b(?:[Bb]ild|[Ff]oto|[Pp]hoto|[Ii]mage|[Pp]icture)s?\s+(?:via|by|von)(?:\s+[\w.\-]+){0,4})$")
#: The credit is in a caption's last characters, and a caption has at most this many words.
_CREDIT_TAIL_CHARS = 80
_CAPTION_MAX_WORDS = 20
_DIGIT = re.compile(r"\d")
_SHARE_ONLY = re.compile(
    r"^\s*(?:share(?:\s+(?:this|on|via))?(?:\s+(?:post|article|story|page))?|share\s*:|"
    r"teilen|partager|compartir|condividi|compartilhar|delen|udostępnij|поделиться|paylaş|"
    r"شارك|शेयर करें|শেয়ার করুন|শেয়ার করুন|分享|シェア|공유|bagikan|tweet|e-?mail|print)\s*[:!]?\s*$",
    re.IGNORECASE)

#: Any of the rules anchored at a text's start (each pattern whole, so this matches exactly
#: when one of them does).
_ANCHORED = (_SHARE_ONLY, _BYLINE, _NOTE, _COPYRIGHT_START, _CREDIT)
assert all(p.pattern.startswith(r"^\s*") and p.flags == _SHARE_ONLY.flags for p in _ANCHORED)
_ANY_ANCHORED = re.compile("|".join(f"(?:{p.pattern})" for p in _ANCHORED), _SHARE_ONLY.flags)
#: Most blocks start with two characters none of those rules can start with (see regex_prefix).
_MAY_ANCHOR = FirstTwo(list(_ANCHORED)).may_match


def _name_like(s: str) -> bool:
    words = s.split()
    return 0 < len(words) <= 8 and not s.rstrip().endswith((".", "?", "!")) or not words


@memo(1 << 16)   # pure; a site's template lines recur on every page of it
def hard_kind(text: str) -> str | None:
    """The kind of a block whose form alone makes it template, else None."""
    if len(text) > 200:          # of the rules below only the reader-note one can apply
        return "note" if _NOTE.match(text) else None
    # one regex call says whether any of the rules anchored at the text's start can match;
    # most blocks match none, and then only the date and "all rights reserved" rules remain
    anchored = _MAY_ANCHOR(text) and _ANY_ANCHORED.match(text) is not None
    if anchored and len(text) <= 60 and _SHARE_ONLY.match(text):
        return "share"
    if len(text) <= 90 and _DIGIT.search(text) and is_date_line(text):  # a date has a digit
        return "date"
    m = _BYLINE.match(text) if anchored and len(text) <= 100 else None
    if m and _name_like(m.group("name")) and (text.strip().endswith(":") or m.group("name").strip() == ""
                                               or ":" in text[:15] or len(m.group("name").split()) <= 5):
        first = text.split()[0].lower() if text.split() else ""
        if first != "by" or (m.group("name")[:1].isupper()):
            return "byline"
    if anchored and _NOTE.match(text):
        return "note"
    # _COPYRIGHT.search scans the whole text for its second branch: only when it can match
    # (only "v" and "V" casefold to anything with a "v" in it: a cheap test before casefold)
    if (anchored and _COPYRIGHT_START.match(text)) or (
            ("v" in text or "V" in text) and "reserved" in text.casefold() and _COPYRIGHT.search(text)):
        return "other"
    if anchored and len(text) <= 120 and _CREDIT.match(text) and word_count(text) <= 12:
        return "other"
    return None


def is_credited_caption(text: str) -> bool:
    """A caption ending in its photo credit ("… | © 2017 Jon Norris", "…, Bild via").

    Asked only of the HTML blocks the model keeps: the others are dropped anyway, and
    plain-text lines are not captions often enough to pay for it (it costs about a seventh of
    the plain-text throughput). The substring tests spare most blocks the regex, which is
    several times slower."""
    tail = text[-_CREDIT_TAIL_CHARS:]
    return bool(("©" in tail or "(c" in tail or "(C" in tail or "oto" in tail or "ild" in tail
                 or "mage" in tail or "icture" in tail)
                and _CREDIT_TAIL.search(text, len(text) - len(tail))
                and word_count(text) <= _CAPTION_MAX_WORDS)


#: A line ending so is a sentence or an introduction, not a headline; a line ending so is prose.
_NOT_HEADLINE_END = frozenset(SENTENCE_END_CHARS + ":;,\"”،؛")
_PROSE_END = frozenset(SENTENCE_END_CHARS + "\"”」")


def _title_index(doc: Document, first_body: int) -> int | None:
    """The headline block: best match of <title>/og:title among the blocks, or for plain
    text a short unpunctuated line just before the first body block."""
    hint = WORD.findall(doc.meta.get("og_title") or doc.meta.get("html_title") or "")
    n_hint = len(set(map(str.lower, hint)))
    best, best_score = None, 0.0
    limit = min(len(doc.blocks), max(first_body + 3, 12))
    blocks = doc.blocks
    candidates = [i for i in range(limit) if n_hint or blocks[i].tag == "h1"]
    # distinct words of each candidate and how many are in the hint (a block without hint
    # words and not an h1 scores 0 whatever its words: most plain text has no candidates)
    counts = word_overlap_counts([blocks[i].text for i in candidates], hint, 1 << 62).tolist() if candidates else []
    for i, (n_words, shared) in zip(candidates, counts):
        b = blocks[i]
        if not n_words or n_words > 40:
            continue
        score = 0.0
        if n_hint:
            score = shared / n_words * min(1.0, shared / max(n_hint * 0.6, 1))
        if b.tag == "h1":
            score += 0.5
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 0.6:
        return best
    if doc.source == "text":
        return _text_title_index(doc.blocks, first_body)
    return None


def _text_title_index(blocks: list[Block], first_body: int) -> int | None:
    """`metadata.titles.text_title_index` over the lines before the first body line, with
    their kinds (a line the cues named is no headline) and P(body)."""
    head = blocks[:first_body + 3]          # the lines after: is the candidate their cut-off start?
    return text_title_index([b.text for b in head], first_body, lambda t: hard_kind(t) is not None,
                            [b.p_body or 0.0 for b in head], [b.kind != "other" for b in head])


#: HTML headings the model doubts (P(body) at least SUBHEAD_MIN_P, at most SUBHEAD_MAX_WORDS
#: words) between two body blocks are the article's subheadings: kept as body. The model
#: sees a heading's few words and a template-like tag; its neighbours say it is inside the
#: article.
SUBHEAD_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
SUBHEAD_MIN_P = 0.2
SUBHEAD_MAX_WORDS = 15
#: A short HTML block the model keeps without conviction (P(body) below DOUBT_MAX_P, at most
#: DOUBT_MAX_WORDS words) that carries a share, related-content, subscription, page-meta or
#: advertising cue ("Related Coverage", "Read more", "Möchten Sie den Artikel
#: teilen?") is template inside the article's container: dropped, and its kind said.
DOUBT_MAX_P = 0.8
DOUBT_MAX_WORDS = 5
_DOUBT_CUES = [_CUE[name] for name in ("share", "related", "subscribe", "meta", "ad")]
#: The same doubt on plain text, for the first and last line of a page only (where a site's
#: template lines sit; the model, trained also on already-extracted text whose edge lines are
#: body, keeps them at P(body) 0.5-0.8 on short pages): a line of at most
#: DOUBT_TEXT_MAX_WORDS words with a copyright, navigation, share, subscription or page-meta
#: cue, or shaped as a menu (`is_menu_line`), is dropped. (Found on the project's
#: multilingual fixtures, a copyright line "کلیه حقوق این سایت …" and a menu "Лента новостей —
#: Видео — Спорт — …" of 4-line stories: fitted to them.)
DOUBT_TEXT_MAX_WORDS = 12
_DOUBT_TEXT_CUES = [_CUE[name] for name in ("copyright", "navigation", "share", "subscribe", "meta")]
_MENU_DASH = re.compile(r"\s+[—–-]\s+")


def is_menu_line(text: str) -> bool:
    """A menu line: `is_navigation_line`, or four or more items of at most three words
    separated by dashes ("Лента новостей — Видео — Спорт — Общество"), none ending a sentence."""
    if is_navigation_line(text):
        return True
    parts = _MENU_DASH.split(text.strip())
    return len(parts) >= 4 and all(0 < word_count(p) <= 3 and p[-1:] not in SENTENCE_END_CHARS for p in parts)


#: Reader comments. A block whose nearest enclosing elements say "comment" (class/id: comment,
#: reply, disqus, respond, discussion…) and that reads as text (COMMENT_MIN_WORDS words or
#: more, mostly not links) is of kind "comment". On pages of COMMENTS_DROPPED_ON it is never
#: body: on wcxb-dev's article, listing and collection pages such blocks hold almost no gold
#: text (0.1% of their words on articles). On the other types (a forum's posts, the answers of
#: a documentation page) the model decides, and the comment blocks it drops are "comment".
#: With `comments` (--comments) comment blocks are part of the document's text.
COMMENTS_DROPPED_ON = frozenset(("article", "listing", "collection"))
#: ...unless the page may be a forum thread (P(forum) at least this): a forum taken for an
#: article would lose its posts, which costs far more than a few comments kept.
COMMENT_FORUM_MAX_P = 0.15
COMMENT_MIN_WORDS = 4
_COMMENT_BIT = _ATTR["comment"]
_FORUM = PAGE_TYPES.index("forum")


def assign_kinds(doc: Document, threshold: float, comments: bool = False) -> None:
    """Set every block's kind from its P(body) and form; fill title/date/author."""
    assign_kinds_many([doc], [threshold], comments)


def _is_comment(b: Block) -> bool:
    """A block of reader-comment text (see COMMENTS_DROPPED_ON). "Commentary" (an opinion
    article: taz.de's "subjective commentary", "commentary-body") holds the comment stem but
    is the article: the cue must hold without it."""
    if not b.near_cues & _COMMENT_BIT:
        return False
    text = b.text
    if not (b.link_chars < 0.5 * len(text) and len(text.split()) >= COMMENT_MIN_WORDS):
        return False
    return "commentar" not in b.attrs or bool(attr_cue_mask(_COMMENTARY.sub(" ", b.attrs)) & _COMMENT_BIT)


_COMMENTARY = re.compile(r"commentar(?:y|ies|ist)")


def _keep_subheadings(blocks: list[Block]) -> None:
    """Make body of the doubted headings (kind still None) between two body blocks."""
    for i in range(1, len(blocks) - 1):
        b = blocks[i]
        if (b.kind is None and b.tag in SUBHEAD_TAGS and b.p_body is not None
                and b.p_body >= SUBHEAD_MIN_P and blocks[i - 1].kind == "body"
                and blocks[i + 1].kind == "body" and word_count(b.text) <= SUBHEAD_MAX_WORDS):
            b.kind = "body"


#: A related-links list inside an article: a short header with a "related" cue ("Related",
#: "■関連リンク", "【関連記事】", "Lihat juga") followed by lines that start with a list bullet,
#: each a headline (at most RELATED_ITEM_MAX_WORDS words). The model keeps them when they sit
#: in the article's own container (Japanese news sites write them there, as text).
RELATED_BULLETS = frozenset("・•■□▪▫●○◆◇▶►▸»›→-*–")
RELATED_HEADER_MAX_CHARS = 40
RELATED_ITEM_MAX_WORDS = 30
#: On a plain-text page a related header may instead be followed by teaser cards flattened to
#: lines: (headline, summary) pairs, the headline at most RELATED_ITEM_MAX_WORDS words and
#: not ending like a sentence ("。", "." — "!" and "?" end headlines too). The header must be a
#: label alone (at most RELATED_LABEL_MAX_WORDS words, nothing after a colon, once on the page); at least
#: RELATED_CARDS_MIN pairs make a card list, and only at the end of the page's content: no
#: block the model kept after the cards, and at least as many kept words before the header as
#: after it, so a mid-article "Related" line followed by subheadings and their paragraphs
#: stays body. (Written from the Japanese training pages of the generated multilingual set,
#: whose teaser summaries end like sentences; the colon and end-of-content tests from the
#: English training pages of wcxb-dev as lines, where a looser rule took "Read More: …" lines
#: inside reviews for headers.)
RELATED_CARDS_MIN = 2
RELATED_LABEL_MAX_WORDS = 5
_HEADLINE_NOT_END = frozenset(".。．｡।۔")


def _is_label(text: str) -> bool:
    """A header that is a label alone ("Related stories", "注目記事", "【関連記事】"), not a line
    that goes on after it ("Read More: The Fastest VPNs in 2026")."""
    head, sep, rest = text.partition(":")
    return not (sep and rest.strip()) and word_count(text) <= RELATED_LABEL_MAX_WORDS


def _card_pairs(blocks: list[Block], start: int) -> int:
    """How many blocks from `start` on form (headline, summary) card pairs (see RELATED_CARDS_MIN)."""
    k = start
    while k + 1 < len(blocks):
        head = blocks[k].text
        if head[-1:] in _HEADLINE_NOT_END or word_count(head) > RELATED_ITEM_MAX_WORDS:
            break
        k += 2
    return k - start


def _body_words_around(blocks: list[Block], i: int) -> tuple[int, int]:
    kept = [word_count(b.text) if b.kind == "body" else 0 for b in blocks]
    return sum(kept[:i]), sum(kept[i + 1:])


def _mark_related_lists(docs: list[Document]) -> None:
    """Kind "related" for the header and items of each related-links list (see RELATED_BULLETS),
    and on plain-text pages of each card list after the body (see RELATED_CARDS_MIN)."""
    heads = []
    for doc in docs:
        blocks = doc.blocks
        if doc.source == "text":
            heads += [(doc, i) for i in range(len(blocks) - 1) if len(blocks[i].text) <= RELATED_HEADER_MAX_CHARS]
        else:               # (most blocks are followed by none with a list bullet first)
            heads += [(doc, i) for i, after in enumerate(blocks[1:])
                      if after.text[:1] in RELATED_BULLETS and len(blocks[i].text) <= RELATED_HEADER_MAX_CHARS]
    if not heads:
        return
    hits = text_cue_counts_lowered([doc.blocks[i].text for doc, i in heads], 300)[:, _CUE["related"]].tolist()
    for (doc, i), hit in zip(heads, hits):
        if not hit:
            continue
        blocks = doc.blocks
        if blocks[i + 1].text[:1] in RELATED_BULLETS:
            blocks[i].kind = "related"
            for b in blocks[i + 1:]:
                t = b.text
                if t[:1] not in RELATED_BULLETS or word_count(t) > RELATED_ITEM_MAX_WORDS:
                    break
                b.kind = "related"
            continue
        label = blocks[i].text
        if not _is_label(label) or sum(b.text == label for b in blocks) > 1:
            continue                          # a "Read more" after every card is no section label
        n = _card_pairs(blocks, i + 1)
        if n >= 2 * RELATED_CARDS_MIN and not any(b.kind == "body" for b in blocks[i + 1 + n:]):
            before, after = _body_words_around(blocks, i)
            if before >= after:
                for b in blocks[i:i + 1 + n]:
                    b.kind = "related"


def assign_kinds_many(docs: list[Document], thresholds: list[float], comments: bool = False) -> None:
    """`assign_kinds` of every document with its threshold. The per-block counts the kinds
    of dropped blocks need (cue hits, script of short blocks, word counts) are taken for
    the dropped blocks of all documents at once: a call per page cost more than its work.
    A dropped block's kind is None until those counts say what it is. ``comments``: comment
    blocks are part of each document's text (`Document.text_kinds`)."""
    doubted, doubted_text = [], []
    for doc, threshold in zip(docs, thresholds):
        html = doc.source == "html"
        if comments:
            doc.text_kinds = ("body", "comment")
        no_comments = html and doc.page_type in COMMENTS_DROPPED_ON and (
            not doc.page_type_p or doc.page_type_p[_FORUM] < COMMENT_FORUM_MAX_P)
        for b in doc.blocks:
            hard = hard_kind(b.text)
            if hard is not None:
                b.kind = hard
            elif html and b.near_cues & _COMMENT_BIT and _is_comment(b) and (
                    no_comments or b.p_body is None or b.p_body < threshold):
                b.kind = "comment"
            elif b.p_body is not None and b.p_body >= threshold:
                if html and is_credited_caption(b.text):
                    b.kind = "other"
                    continue
                b.kind = "body"
                if html and b.p_body < DOUBT_MAX_P and word_count(b.text) <= DOUBT_MAX_WORDS:
                    doubted.append(b)
            else:
                b.kind = None
        if not html and doc.blocks:
            for b in {id(x): x for x in (doc.blocks[0], doc.blocks[-1])}.values():
                if b.kind == "body" and b.p_body < DOUBT_MAX_P and word_count(b.text) <= DOUBT_TEXT_MAX_WORDS:
                    doubted_text.append(b)
        if html:
            _keep_subheadings(doc.blocks)
    if doubted:
        hits = text_cue_counts_lowered([b.text for b in doubted], 300).tolist()
        for b, h in zip(doubted, hits):
            if any(h[c] for c in _DOUBT_CUES):
                b.kind = None
    if doubted_text:
        hits = text_cue_counts_lowered([b.text for b in doubted_text], 300).tolist()
        for b, h in zip(doubted_text, hits):
            if any(h[c] for c in _DOUBT_TEXT_CUES) or is_menu_line(b.text):
                b.kind = None
    _mark_related_lists(docs)
    dropped_at = [[i for i, b in enumerate(doc.blocks) if b.kind is None] for doc in docs]
    dropped_of = [[doc.blocks[i] for i in at] for doc, at in zip(docs, dropped_at)]
    dropped_all = [b for dropped in dropped_of for b in dropped]
    if dropped_all:
        # cue counts (first 300 characters) and words of the dropped blocks: those the page-type
        # features already counted (`pagetype.page_features`, HTML), the rest all at once
        hits, n_words = [], []
        fresh = [b for doc, dropped in zip(docs, dropped_of) if not _counted(doc) for b in dropped]
        if fresh:
            texts = [b.text for b in fresh]
            fresh_hits = iter(text_cue_counts_lowered(texts, 300).astype(int).tolist())
            # words in any script: from the script letters the block features counted
            # (`textstats.page_block_stats`) where they are kept, else counted here
            fresh_at = [(doc, at) for doc, at in zip(docs, dropped_at) if at and not _counted(doc)]
            scripts = [kept_scripts(doc) for doc, _ in fresh_at]
            if all(s is not None for s in scripts):
                sc = np.concatenate([s[at] for s, (_, at) in zip(scripts, fresh_at)])
                fresh_words = iter(words_from_scripts(split_word_counts(texts), sc).tolist())
            else:
                fresh_words = iter(language_word_counts(texts).tolist())
        for doc, at in zip(docs, dropped_at):
            if not at:
                continue
            if _counted(doc):
                words, cues = doc._block_counts
                hits += cues[at].astype(int).tolist()
                n_words += words[at].astype(int).tolist()
            else:
                hits += [next(fresh_hits) for _ in at]
                n_words += [next(fresh_words) for _ in at]
        short = [i for i, b in enumerate(dropped_all) if len(b.text) <= 80]
        own = [0] * len(dropped_all)      # read only for blocks of at most 80 characters
        for i, script in zip(short, dominant_scripts([dropped_all[i].text for i in short])):
            own[i] = script
    start = 0
    for doc, dropped in zip(docs, dropped_of):
        if dropped:
            blocks = doc.blocks
            # the page's script: that of its body, else of all its text (first 5,000 characters)
            sample = " ".join(b.text for b in blocks if b.kind == "body")[:5000] or \
                " ".join(b.text for b in blocks)[:5000]
            dominant = dominant_script(sample)
            end = start + len(dropped)
            for b, h, o, k in zip(dropped, hits[start:end], own[start:end], n_words[start:end]):
                b.kind = _soft_kind(b, dominant, h, o, k)
            start = end
        _fill_metadata(doc)


def _counted(doc: Document) -> bool:
    """Whether the page-type features left this page's per-block counts (and they still fit)."""
    counts = getattr(doc, "_block_counts", None)
    return counts is not None and len(counts[0]) == len(doc.blocks)


def _fill_metadata(doc: Document) -> None:
    """The title block's kind, and the document's title, date and author (provenance.metadata)."""
    blocks = doc.blocks
    if not blocks:
        return
    first_body = next((i for i, b in enumerate(blocks) if b.kind == "body"), len(blocks))
    ti = _title_index(doc, first_body)
    if ti is not None:
        blocks[ti].kind = "title"
    fill_metadata(doc, first_body, ti, lambda text: hard_kind(text) is not None)


_SOFT_SHARE, _SOFT_BYLINE, _SOFT_NOTE = _CUE["share"], _CUE["byline"], _CUE["note"]
_SOFT_RELATED, _SOFT_NAVIGATION = _CUE["related"], _CUE["navigation"]
_ATTR_SHARE, _ATTR_META, _ATTR_RELATED, _ATTR_NAV = _ATTR["share"], _ATTR["meta"], _ATTR["related"], _ATTR["nav"]
_NAV_FLAGS = FLAG_BIT["nav"] | FLAG_BIT["header"] | FLAG_BIT["footer"]


def _soft_kind(b: Block, dominant: int, hits: list[int], own: int, n_words: int) -> str:
    """Kind of a block the model dropped, from its cues (`hits`: text_cue_hits of its first
    300 characters; `own`: its dominant_script, computed when it has at most 80 characters;
    `n_words`: its words, in any script: `language_word_counts`). (Called for about a hundred
    blocks a page: the cue and flag indexes are module constants.)"""
    text = b.text
    if len(text) <= 80 and n_words <= 8:
        if own and own != dominant:
            return "foreign-script"
    short = n_words <= 12
    near = b.near_cues
    if short and (hits[_SOFT_SHARE] or near & _ATTR_SHARE):
        return "share"
    # a byline cue ("correspondent", "نامہ نگار") names a byline in a meta element, or on a
    # plain-text line (no elements to say more)
    if short and hits[_SOFT_BYLINE] and (near & _ATTR_META or not b.ancestors):
        return "byline"
    if hits[_SOFT_NOTE] and not short:
        return "note"
    if hits[_SOFT_RELATED] or near & _ATTR_RELATED:
        return "related"
    if (b.flags & _NAV_FLAGS) or (near | b.far_cues) & _ATTR_NAV \
            or hits[_SOFT_NAVIGATION] or (b.link_chars >= 0.8 * len(text) and short):
        return "navigation"
    return "other"
