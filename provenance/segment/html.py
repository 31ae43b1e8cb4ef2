"""HTML page → `Document` of paragraph-level blocks.

Parsing uses Lexbor (selectolax), an HTML5-conformant C parser: libxml2 mis-nests real pages
(articles swallowed by an unclosed <button>, bodies ending up in <head>), Lexbor does not, and
it parses a 100 KB page in about a millisecond. BeautifulSoup is used only for what it does
best, guessing the encoding of bytes that declare none and are not UTF-8.

A block is the text gathered between two block-level boundaries, with the structure around it:
its nearest block tag, a short tag path, the class/id text of its nearest ancestors, the
characters inside links, structural ancestor flags and class/id cue bitmasks.

Limits (documented in the README; each one is reported in the record, never silent):
- pages over ``max_bytes`` are truncated to that many bytes before parsing (a warning);
- nesting deeper than ``max_depth`` is refused with an error (Lexbor's tree building is
  quadratic in depth: 100,000 nested elements take ~15 s);
- after ``max_blocks`` blocks the rest of the page is dropped (a warning).
"""
from __future__ import annotations

import codecs
import re
from operator import attrgetter
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from ..compiled import verified
from ..document import Block, Document
from ..lexicon.cues import attr_cue_mask, attr_cue_masks
from ..lexicon.flags import FLAG_BIT
from ..limits import MAX_BLOCKS, MAX_DEPTH, MAX_PAGE_BYTES as MAX_BYTES
from .mojibake import repair, repair_all

#: Elements whose start or end closes the current block.
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th caption "
    "blockquote pre section article header footer nav aside main form fieldset figure "
    "figcaption address details summary hr br center menu dialog legend hgroup".split()
)
#: Elements whose content is never page text.
SKIP_TAGS = frozenset(
    "script style template svg math iframe object embed canvas select option textarea input "
    "head noembed frameset frame audio video source track map area picture img "
    "-comment".split()
)
_STRIP = sorted(SKIP_TAGS - {"-comment"})      # elements; comments are skipped node by node

NEAR_ANCESTORS = 3      # class/id cues "near" = within this many enclosing elements
KEEP_ANCESTORS = 12     # container ids kept per block for region features

_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_TAG_SCAN = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr p li "
                  b"td th tr dt dd option".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_streamed_segment(ident: str) -> bool:
    """Whether an element id names a React streaming segment ("S:0", "S:12"): server-rendered
    content that React's streaming renderer (Next.js App Router and others) sends in a
    ``<div hidden id="S:n">`` and moves into the page with a script. It is the page's text, so
    its ``hidden`` attribute does not hide it."""
    return len(ident) >= 3 and ident[0] == "S" and ident[1] == ":" and ident[2:].isascii() and ident[2:].isdigit()


#: Page-type evidence read from the raw bytes (`_read_page_hints`): schema.org types of JSON-LD
#: and microdata, and a canonical link.
_LD_TYPE = re.compile(rb'"@type"\s*:\s*\[?\s*"(?:https?://schema\.org/)?([A-Za-z]{2,40})"')
_ITEMTYPE = re.compile(rb'itemtype\s*=\s*["\']?https?://schema\.org/([A-Za-z]{2,40})')
_CANONICAL = re.compile(rb'<link\s[^>]*rel\s*=\s*["\']?canonical["\']?[^>]*>', re.I)
CANONICAL_BYTES = 262144
_HREF = re.compile(rb'href\s*=\s*["\']?([^"\'\s>]+)', re.I)
MAX_TYPES = 32
#: Pages with less block text than this get meta["scripts"] (see `clean.explain_empty`).
SCRIPT_PAGE_CHARS = 500
_TEXT = attrgetter("text")
_UTF16_32 = ("utf-16", "utf-16le", "utf-16be", "utf-16-le", "utf-16-be", "utf-32", "utf-32le",
             "utf-32be", "utf16", "utf32")


class PageError(ValueError):
    """A page that cannot be segmented; the message goes into the record's `error`."""


def decode_html(data: bytes | str) -> str:
    """Bytes in any encoding → str: BOM, then a declared meta charset, then strict UTF-8, then
    UTF-8 with a few broken bytes (`mostly_utf8`), then bs4's UnicodeDammit detection."""
    return _decode(data)[0]


def _decode(data: bytes | str) -> tuple[str, bool]:
    """(`decode_html` of data, whether that str is `data` read as strict UTF-8, so that the
    bytes themselves can go to the parser instead of the str re-encoded)."""
    if isinstance(data, str):
        return data, False
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), False
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            enc = "cp1252"  # what browsers do
        elif enc in _UTF16_32:
            enc = "utf-8"   # HTML standard: a meta tag that can be read is not UTF-16/32
        try:
            return data.decode(enc), codecs.lookup(enc).name == "utf-8"
        except LookupError:
            pass
        except UnicodeDecodeError:
            if codecs.lookup(enc).name == "utf-8":   # what browsers do: U+FFFD for bad bytes
                return data.decode("utf-8", errors="replace"), False
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    text = mostly_utf8(data)
    if text is not None:
        return text, False
    import logging

    from bs4 import UnicodeDammit  # only for undeclared, non-UTF-8 pages

    # its "some characters could not be decoded" warning would go to stderr once per page
    logging.getLogger("bs4.dammit").setLevel(logging.ERROR)

    dammit = UnicodeDammit(data[:200_000], ["utf-8", "cp1252"], is_html=True)
    enc = dammit.original_encoding or "cp1252"
    try:
        return data.decode(enc, errors="replace"), False
    except LookupError:
        return data.decode("cp1252", errors="replace"), False


_ASCII = bytes(range(128))


def mostly_utf8(data: bytes, max_bad: float = 0.05) -> str | None:
    """The page as UTF-8 with U+FFFD for broken bytes, when nearly all its non-ASCII bytes are
    valid UTF-8 (a UTF-8 page with a few corrupt bytes); else None. Encoding detectors guess a
    legacy code page for such pages (chardet said MacRoman for one), which garbles every
    non-ASCII character instead of the few broken ones."""
    high = len(data.translate(None, _ASCII))      # count of bytes >= 0x80, in C
    if not high:
        return None
    text = data.decode("utf-8", errors="replace")
    return text if text.count("\ufffd") <= max_bad * high else None


def nesting_depth(data: bytes) -> int:
    """Estimated maximum element depth, counting only elements that need a closing tag
    (in C when `_fastwalk` is built: the regex scan took ~10 ms on a 300 KB page)."""
    module = DEPTH_SCAN.get()
    if module is not None:
        return module.nesting_depth(data, _VOID)
    return nesting_depth_python(data)


def nesting_depth_python(data: bytes) -> int:
    """`nesting_depth` by regex (the reference)."""
    depth = best = 0
    for m in _TAG_SCAN.finditer(data):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > best:
                best = depth
    return best


_DEPTH_PROBE = b"<div><DIV class=x><p>a<br/><img src=y><span>b</span></p></div><a <b>c</b><x/> </div>"


def _scans_like_reference(module) -> bool:
    return module.nesting_depth(_DEPTH_PROBE, _VOID) == nesting_depth_python(_DEPTH_PROBE)


#: The compiled depth scan (it needs none of the walk's Lexbor checks).
DEPTH_SCAN = verified("segment._fastwalk", _scans_like_reference)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _is_binary(text: str) -> bool:
    """Mostly control characters or undecodable bytes near the start: not a web page."""
    head = text[:2048]
    return bool(head) and len(_CONTROL.findall(head)) > 0.1 * len(head)


@dataclass(slots=True)
class _Open:
    tag: str
    uid: int
    mid: int         # Lexbor's node id, to recognise a later node's parent
    attrs: str
    cues: int
    flags: int       # cumulative ancestor flags including this element
    far: int         # cumulative cue mask including this element
    hidden: bool = False  # this element or an ancestor is hidden: its text is not page text
    row: int = 0     # uid of the nearest enclosing <tr>, this element included (0: none)


def segment_html(data: bytes | str, doc_id: str = "", *, max_bytes: int = MAX_BYTES,
                 max_depth: int = MAX_DEPTH, max_blocks: int = MAX_BLOCKS,
                 walk_with=None) -> Document:
    """Segment one HTML page. Raises PageError for pages that cannot be read.
    `walk_with`: `walk_c` or `walk_python` (default: `default_walk()`, the C one when available)."""
    doc = Document(id=doc_id, source="html")
    if isinstance(data, str):
        raw = data.encode("utf-8", errors="surrogatepass")
    else:
        raw = bytes(data)
    if not raw or raw.isspace():      # = not raw.strip(), without copying the page
        raise PageError("empty page")
    if len(raw) > max_bytes:
        doc.warnings.append(f"page of {len(raw)} bytes truncated to max_bytes={max_bytes}")
        raw = raw[:max_bytes]
    # A page with fewer tags than max_depth cannot nest deeper; only larger pages are scanned.
    if raw.count(b"<") > max_depth:
        depth = nesting_depth(raw)
        if depth > max_depth:
            raise PageError(f"nesting depth {depth} exceeds max_depth={max_depth}")
    utf8 = False
    if isinstance(data, str) and len(raw) <= max_bytes:
        # a str may hold lone surrogates, which the parser cannot take
        text = raw.decode("utf-8", errors="replace")
    else:
        text, utf8 = _decode(raw)
    if _is_binary(text):
        raise PageError("not HTML: binary content")
    # the parser reads UTF-8: bytes that are the page's UTF-8 spare re-encoding the str
    tree = LexborHTMLParser(raw if utf8 else text)
    walker = walk_with or default_walk()
    _read_head(tree, doc, head_fields_c if walker is walk_c else head_fields_python)
    _read_page_hints(raw, doc.meta)
    root = tree.body or tree.root
    if root is None:
        return doc
    walker(root, doc, max_blocks)
    if sum(map(len, map(_TEXT, doc.blocks))) < SCRIPT_PAGE_CHARS:
        # how many scripts a page with (almost) no text has or preloads: it may be rendered by
        # them (some crawls keep an app's <link rel=preload as=script> and drop its <script>s)
        doc.meta["scripts"] = (raw.count(b"<script") + raw.count(b"<SCRIPT") + raw.count(b'as="script"')
                               + raw.count(b"as='script'"))
    if not doc.blocks:
        # a page whose every text is hidden (a "visibility:hidden" wrapper shown by a script, a
        # client-side app's pre-rendered copy): its hidden text is the page's text
        walker(root, doc, max_blocks, read_hidden=True)
        if doc.blocks:
            doc.meta["hidden_text"] = True
    _repair_double_decoding(doc)
    return doc


def _repair_double_decoding(doc: Document) -> None:
    """Block texts and the head's titles with double-decoded UTF-8 repaired (`mojibake`)."""
    fixed = repair_all([b.text for b in doc.blocks])
    changed = 0
    for b, text in zip(doc.blocks, fixed or ()):
        if text != b.text:
            b.text = text
            b.link_chars = min(b.link_chars, len(text))
            changed += 1
    if changed:
        doc.warnings.append(f"double-decoded UTF-8 repaired in {changed} blocks")
    for key in ("html_title", "og_title"):
        if key in doc.meta:
            doc.meta[key] = repair(doc.meta[key])


def _read_page_hints(raw: bytes, meta: dict) -> None:
    """What says which kind of page this is, from the raw markup (read by the page-type
    classifier): the schema.org types the page declares (JSON-LD ``"@type"``, microdata
    ``itemtype`` in lower case; "ld_types", in order of first appearance), and its URL when a
    canonical link (``rel="canonical"``, lower case, in the first 256 KB) gives it and og:url
    did not ("url"). Plain substring searches find where to look: a regex scan of a whole page
    for a tag would cost more than the walk (glibc's memmem, `_fastwalk.find`, when the C walk
    is in use: bytes.find is 2-3x slower on these long pages)."""
    find = _fastwalk.find if _fastwalk is not None else _bytes_find
    types: dict[str, None] = {}
    for literal, pattern in ((b'"@type"', _LD_TYPE), (b"itemtype", _ITEMTYPE)):
        # = pattern.finditer(raw), faster: bytes.find jumps to each place the match can start
        at = find(raw, literal)
        while at >= 0 and len(types) < MAX_TYPES:
            m = pattern.match(raw, at)
            if m:
                types[m.group(1).decode("ascii")] = None
                at = find(raw, literal, m.end())
            else:
                at = find(raw, literal, at + 1)
    if types:
        meta["ld_types"] = tuple(types)
    if "url" not in meta:
        at = find(raw, b"canonical", 0, CANONICAL_BYTES)
        while at >= 0:
            start, end = raw.rfind(b"<", 0, at), raw.find(b">", at)
            tag = raw[start:end + 1] if start >= 0 and end >= 0 else b""
            if _CANONICAL.match(tag):
                h = _HREF.search(tag)
                if h:
                    meta["url"] = h.group(1).decode("utf-8", "replace")
                    break
            at = find(raw, b"canonical", at + 9, CANONICAL_BYTES)


def _bytes_find(data: bytes, needle: bytes, start: int = 0, end: int = -1) -> int:
    """`_fastwalk.find` in Python: bytes.find."""
    return data.find(needle, start, len(data) if end < 0 else end)


def head_fields_python(tree: LexborHTMLParser):
    """(text of the first <title> or None, (property, name, itemprop, content) of every <meta>,
    datetime of the first <time datetime> or None) by selectolax's CSS queries (the
    reference; `_fastwalk.head_fields` reads the same in one pass)."""
    node = tree.css_first("title")
    title = None if node is None else (node.text() or "")
    metas = [(a.get("property"), a.get("name"), a.get("itemprop"), a.get("content"))
             for a in (m.attributes for m in tree.css("meta"))]
    node = tree.css_first("time[datetime]")
    when = None if node is None else (node.attributes.get("datetime") or "")
    return title, metas, when


def head_fields_c(tree: LexborHTMLParser):
    """`head_fields_python` in C (`_fastwalk.head_fields`)."""
    root = tree.root
    return (None, [], None) if root is None else _fastwalk.head_fields(root.mem_id)


def _read_head(tree: LexborHTMLParser, doc: Document, head_fields) -> None:
    """Page-level metadata hints: <title>, og:title, published date and author meta tags
    (`head_fields`: head_fields_c or head_fields_python)."""
    meta = doc.meta
    title, metas, when = head_fields(tree)
    if title is not None:
        meta["html_title"] = _WS.sub(" ", title).strip()
    pairs = meta["metas"] = []         # every (key, content) pair, for provenance.metadata
    for prop, name, itemprop, val in metas:
        key = (prop or name or itemprop or "").lower()
        if not key or not val:
            continue
        pairs.append((key, val))
        if key in ("og:title", "twitter:title") and "og_title" not in meta:
            meta["og_title"] = val.strip()
        elif key == "og:type" and "og_type" not in meta:
            meta["og_type"] = val.strip().lower()
        elif key == "og:url" and "url" not in meta:
            meta["url"] = val.strip()
        elif key in ("article:published_time", "datepublished", "date", "pubdate",
                     "publish-date", "dc.date", "dc.date.issued", "og:published_time",
                     "sailthru.date", "parsely-pub-date") and "date" not in meta:
            meta["date"] = val.strip()
        elif key in ("author", "article:author", "dc.creator", "byl", "parsely-author",
                     "sailthru.author") and "author" not in meta:
            if not val.startswith("http"):
                meta["author"] = val.strip()
    if when is not None:
        meta["time_datetime"] = when.strip()
        if "date" not in meta:
            meta["date"] = when.strip()
    _read_markup_hints(tree, meta)


#: One CSS pass for the hints the C head walk does not read (it skips <script> content).
_HINT_SELECTOR = 'script[type="application/ld+json"], link[rel="canonical"], [rel="author"], [itemprop="author"]'


def _read_markup_hints(tree: LexborHTMLParser, meta: dict) -> None:
    """JSON-LD script texts, the canonical URL, rel=author/itemprop=author texts and the declared
    <html lang>, into doc.meta ("jsonld", "canonical", "rel_author", "html_lang")."""
    root = tree.root
    if root is None:
        return
    lang = root.attributes.get("lang") if root.tag == "html" else None
    if lang:
        meta["html_lang"] = lang.strip()
    for node in tree.css(_HINT_SELECTOR):
        tag = node.tag
        if tag == "script":
            meta.setdefault("jsonld", []).append(node.text(deep=True) or "")
        elif tag == "link":
            if node.attributes.get("rel", "").lower() == "canonical" and "canonical" not in meta:
                href = node.attributes.get("href")
                if href:
                    meta["canonical"] = href.strip()
        elif tag != "meta":
            text = " ".join((node.text(deep=True) or "").split())
            if text and len(text) <= 100:
                authors = meta.setdefault("rel_author", [])
                if text not in authors and len(authors) < 8:
                    authors.append(text)


def walk_python(root, doc: Document, max_blocks: int, read_hidden: bool = False) -> None:
    """The block walk in Python (the reference; `_fastwalk` does the same in C).

    Hidden elements (the ``hidden`` attribute except on React streaming segments, see
    `is_streamed_segment`; ``aria-hidden="true"``; an inline ``display:none`` or
    ``visibility:hidden``) and what they hold are not page text, unless ``read_hidden``.

    One pass over Lexbor's C-level traversal. Traversal gives no end-of-element events,
    so an element is closed when a later node's parent is no longer inside it; this keeps
    the walk iterative (no recursion, any depth) and cheap (~1 µs a node)."""
    root.strip_tags(_STRIP)      # skipped elements and their content go before the walk
    blocks = doc.blocks
    stack: list[_Open] = []
    parts: list[str] = []
    link_chars = 0
    uid = 0
    a_bit = FLAG_BIT["a"]

    def flush() -> bool:
        nonlocal parts, link_chars
        if parts:
            # = _WS.sub(" ", ...).strip(): split() and \s are both Py_UNICODE_ISSPACE, 5x faster
            txt = " ".join("".join(parts).split())
            parts = []
            if txt:
                if len(blocks) >= max_blocks:
                    doc.warnings.append(f"page truncated at max_blocks={max_blocks}")
                    return False
                near = 0
                for o in stack[-NEAR_ANCESTORS:]:
                    near |= o.cues
                btag = ""
                for o in reversed(stack):
                    if o.tag in BLOCK_TAGS:
                        btag = o.tag
                        break
                top = stack[-1] if stack else None
                blocks.append(Block(
                    text=txt, position=len(blocks), tag=btag or (top.tag if top else ""),
                    path=">".join([o.tag for o in stack[-4:]]),
                    attrs=" ".join([o.attrs for o in stack[-NEAR_ANCESTORS:] if o.attrs]),
                    link_chars=min(link_chars, len(txt)), depth=len(stack),
                    ancestors=tuple([o.uid for o in stack[-KEEP_ANCESTORS:]][::-1]),
                    flags=top.flags if top else 0, near_cues=near,
                    far_cues=top.far if top else 0, row=top.row if top else 0,
                ))
        link_chars = 0
        return True

    def close_until(mid) -> bool:
        """Close open elements until the one with Lexbor id `mid` (None: all). The text
        gathered so far belongs to the element being closed, so it is flushed while that
        element is still innermost. False when max_blocks was reached."""
        while stack and stack[-1].mid != mid:
            if parts and stack[-1].tag in BLOCK_TAGS and not flush():
                return False
            stack.pop()
        return True

    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag is None or tag == "-comment":  # comments, processing instructions (<?php ?>)
            continue
        parent = node.parent
        pid = parent.mem_id if parent is not None else 0
        if stack and stack[-1].mid != pid and not close_until(pid):
            return
        top = stack[-1] if stack else None
        if tag == "-text":
            if top is None or not top.hidden:
                t = node.text_content
                if t:
                    parts.append(t)
                    if top is not None and top.flags & a_bit:
                        link_chars += len(t.strip())
            continue
        attrs = node.attributes
        hidden = not read_hidden and (
            (top is not None and top.hidden)
            or ("hidden" in attrs and not is_streamed_segment(attrs.get("id") or ""))
            or attrs.get("aria-hidden") == "true" or bool(_HIDDEN_STYLE.search(attrs.get("style") or "")))
        if parts and tag in BLOCK_TAGS and not flush():
            return
        cls = attrs.get("class") or ""
        ident = attrs.get("id") or ""
        cls = (cls + " " + ident).strip().lower() if ident else cls.lower()
        cues = attr_cue_mask(cls) if cls else 0
        uid += 1
        stack.append(_Open(tag, uid, node.mem_id, cls[:200], cues,
                           (top.flags if top else 0) | FLAG_BIT.get(tag, 0),
                           (top.far if top else 0) | cues, hidden,
                           uid if tag == "tr" else (top.row if top else 0)))
    if close_until(None):  # close what is still open, innermost first
        flush()


def walk_c(root, doc: Document, max_blocks: int, read_hidden: bool = False) -> None:
    """The block walk in C (`_fastwalk`): the same blocks as `walk_python`, ~10x faster; it
    passes over skipped elements (SKIP_TAGS) instead of stripping them from the tree first."""
    _fastwalk.walk(root.mem_id, doc.blocks, doc.warnings, max_blocks, read_hidden)


_PROBE = ("<html><head><title>t <b>x</b></title><meta property='og:title' content='T'><meta name=author "
          "content='A B'><meta itemprop=datePublished></head><body class='page'><nav id='Top-Nav'><a href='/'>Home"
          "</a> | <a>World</a></nav><div class='entry-content' style='color:red'><h1>Head line</h1>"
          "<p>First <b>para</b>graph, <a href='#'>a link</a>.</p><p hidden>gone</p><div aria-hidden="
          "'true'>gone too</div><span style='display: none'>hidden</span><ul><li>one<li>two</ul>"
          "caf\u00e9 \u0995\u09bf <custom-el data-x>custom</custom-el><table><tr><th>h</th><td>cell</table>"
          "</div><time datetime='2025-01-02'>Jan 2</time><footer class='site-footer'>\u00a9 2025<br>All rights"
          "</footer><div hidden id='S:0'><p>streamed</p></div></body></html>")


def _walks_like_reference(module) -> bool:
    """The C walk can run here (this selectolax's Lexbor is a version its struct layout was
    checked against, and the walk accepts this package's Block) and gives the Python walk's
    blocks on a probe page."""
    import ctypes

    import selectolax.lexbor as lexbor_module

    if getattr(lexbor_module, "LEXBOR_VERSION_MAJOR", None) not in (2, 3):
        return False
    try:
        lib = ctypes.CDLL(lexbor_module.__file__)
        address = {name: ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
                   for name in ("lxb_dom_element_qualified_name", "lxb_dom_attr_qualified_name")}
    except (OSError, AttributeError):
        return False
    try:
        module.configure(address["lxb_dom_element_qualified_name"], address["lxb_dom_attr_qualified_name"],
                         Block, attr_cue_mask, _HIDDEN_STYLE.search, BLOCK_TAGS, _STRIP, FLAG_BIT,
                         NEAR_ANCESTORS, KEEP_ANCESTORS, attr_cue_masks)
    except ValueError:        # Block's fields changed order: the C walk would build wrong blocks
        return False
    global _fastwalk
    _fastwalk = module        # what walk_c and head_fields_c call
    return segment_html(_PROBE, walk_with=walk_c) == segment_html(_PROBE, walk_with=walk_python)


_fastwalk = None
#: The C walk and head reading (see `_walks_like_reference`).
WALK = verified("segment._fastwalk", _walks_like_reference)


def default_walk():
    """The walk `segment_html` uses: `walk_c` when the C walk is verified, else `walk_python`."""
    return walk_c if WALK.get() is not None else walk_python
