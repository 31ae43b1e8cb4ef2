"""HTML segmentation: paragraph-level blocks with their structure, encodings, broken
markup, invisible content and the size/depth/block limits."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.document import Block, Document
from provenance.segment.html import PageError, decode_html, segment_html

from conftest import HTML_FILES

PAGE = b"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Harbour reopens after storm</title>
<style>.lead { color: red } STYLE_TEXT_MARKER</style>
<script>var SCRIPT_TEXT_MARKER = "never text";</script>
</head>
<body>
<nav class="site-nav" id="top-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article class="story-body">
  <h1 class="headline">Harbour reopens after storm</h1>
  <p class="lead intro">The harbour reopened on Monday after <a href="/storm">the storm</a> closed it for a week.</p>
  <p>Fishing boats returned <b>at dawn</b>, and the market was busy again by noon.</p>
  <div hidden>HIDDEN_ATTR_MARKER</div>
  <p style="display: none">HIDDEN_STYLE_MARKER</p>
  <p style="visibility:hidden">HIDDEN_VISIBILITY_MARKER</p>
  <span aria-hidden="true">HIDDEN_ARIA_MARKER</span>
  <template><p>TEMPLATE_MARKER</p></template>
  <noscript>Please enable JavaScript.</noscript>
  <p>Officials said repairs would take a month.<script>document.write("INLINE_SCRIPT_MARKER")</script></p>
</article>
<footer id="site-footer"><p>Copyright 2025 Example News</p></footer>
</body></html>
"""

MARKERS = ["STYLE_TEXT_MARKER", "SCRIPT_TEXT_MARKER", "never text", "INLINE_SCRIPT_MARKER",
           "HIDDEN_ATTR_MARKER", "HIDDEN_STYLE_MARKER", "HIDDEN_VISIBILITY_MARKER",
           "HIDDEN_ARIA_MARKER", "TEMPLATE_MARKER"]


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def all_text(doc: Document) -> str:
    return "\n".join(texts(doc))


def block_with(doc: Document, needle: str) -> Block:
    found = [b for b in doc.blocks if needle in b.text]
    assert len(found) == 1, f"{needle!r} in {len(found)} blocks: {texts(doc)}"
    return found[0]


# -- blocks and their structure ------------------------------------------------------------

def test_blocks_are_paragraphs_with_text():
    doc = segment_html(PAGE, "page-1")
    assert isinstance(doc, Document)
    assert doc.id == "page-1" and doc.source == "html" and doc.error is None
    assert doc.warnings == []
    t = texts(doc)
    # each paragraph is its own block, inline elements (<a>, <b>) stay inside it
    assert "The harbour reopened on Monday after the storm closed it for a week." in t
    assert "Fishing boats returned at dawn, and the market was busy again by noon." in t
    assert "Harbour reopens after storm" in t
    assert "Officials said repairs would take a month." in t
    assert all(b.text == b.text.strip() and b.text for b in doc.blocks)
    assert all("\n" not in b.text and "  " not in b.text for b in doc.blocks)


def test_block_positions_are_document_order():
    doc = segment_html(PAGE)
    assert [b.position for b in doc.blocks] == list(range(len(doc.blocks)))
    order = [block_with(doc, s).position for s in
             ("Home", "Harbour reopens", "The harbour reopened", "Fishing boats",
              "Officials said", "Copyright 2025")]
    assert order == sorted(order)


def test_block_tag_path_and_class_id_tokens():
    doc = segment_html(PAGE)
    lead = block_with(doc, "The harbour reopened")
    assert lead.tag == "p"
    assert lead.path.split(">")[-2:] == ["article", "p"]
    tokens = lead.attrs.split()
    assert {"lead", "intro", "story-body"} <= set(tokens)
    h1 = block_with(doc, "Harbour reopens")
    assert h1.tag == "h1" and "headline" in h1.attrs.split()
    nav = block_with(doc, "Home")
    assert "nav" in nav.path.split(">")
    assert "site-nav" in nav.attrs or "top-menu" in nav.attrs
    footer = block_with(doc, "Copyright 2025")
    assert "footer" in footer.path.split(">")
    assert "site-footer" in footer.attrs
    # deeper blocks have a larger depth than their containers' blocks
    assert lead.depth > 0 and nav.depth > 0


@pytest.mark.parametrize("inner", ["Plain paragraph.", "With <a href='x'>a link</a> inside.",
                                   "Ends in <b>bold</b>", "<i>Starts</i> in italics."])
def test_block_structure_is_its_own_element(inner):
    """A paragraph block's tag/path/attrs/depth are those of its own <p>, whatever inline
    elements it holds and whether it is the page's last block or not."""
    p = f'<p class="para-x">{inner}</p>'
    for page in (f"<html><body><article>{p}<p>Next.</p></article></body></html>",
                 f"<html><body><article><p>Before.</p>{p}</article></body></html>"):
        doc = segment_html(page)
        (b,) = [b for b in doc.blocks if b.text not in ("Next.", "Before.")]
        assert b.tag == "p", (page, b)
        assert b.path.split(">")[-2:] == ["article", "p"], (page, b)
        assert "para-x" in b.attrs.split(), (page, b)
        assert b.depth == 3, (page, b)


def test_link_chars_count_text_inside_links():
    doc = segment_html(PAGE)
    lead = block_with(doc, "The harbour reopened")
    assert lead.link_chars == len("the storm")
    assert block_with(doc, "Fishing boats").link_chars == 0
    for item in ("Home", "World"):  # menu items: all of their text is link text
        nav = block_with(doc, item)
        assert nav.text == item and nav.link_chars == len(item)


def test_head_metadata_hints():
    page = b"""<html><head><title>Page title | Site</title>
    <meta property="og:title" content="The OG headline">
    <meta property="article:published_time" content="2025-08-23T10:00:00Z">
    <meta name="author" content="Jane Reporter"></head>
    <body><p>Body text.</p></body></html>"""
    doc = segment_html(page)
    assert doc.meta["html_title"] == "Page title | Site"
    assert doc.meta["og_title"] == "The OG headline"
    assert doc.meta["date"] == "2025-08-23T10:00:00Z"
    assert doc.meta["author"] == "Jane Reporter"


def test_str_input_is_accepted():
    doc = segment_html(PAGE.decode("utf-8"))
    assert texts(doc) == texts(segment_html(PAGE))


# -- never text: script, style, hidden ------------------------------------------------------

@pytest.mark.parametrize("marker", MARKERS)
def test_invisible_content_never_appears(marker):
    assert marker not in all_text(segment_html(PAGE))


@pytest.mark.parametrize("style", ["display:none", "display: none", "visibility:hidden",
                                   "visibility: hidden", "Display: None", "DISPLAY:NONE",
                                   "color: red; display:none !important", "display :none"])
def test_hidden_by_inline_style_in_any_spelling(style):
    page = f'<html><body><p>Visible.</p><div style="{style}"><p>HIDDEN</p></div><p>After.</p></body></html>'
    assert texts(segment_html(page)) == ["Visible.", "After."]


@pytest.mark.parametrize("attr", ["hidden", 'hidden=""', 'hidden="hidden"', 'aria-hidden="true"'])
def test_hidden_attribute(attr):
    page = f"<html><body><p>Visible.</p><section {attr}><p>HIDDEN</p><p>ALSO</p></section></body></html>"
    assert texts(segment_html(page)) == ["Visible."]


def test_script_and_style_in_body_are_skipped():
    page = (b"<html><body><p>Visible one.</p><script>if (a < b) { alert('SCRIPT_BODY'); }</script>"
            b"<style>p { content: 'STYLE_BODY' }</style><p>Visible two.</p>"
            b"<script type='application/ld+json'>{\"headline\": \"JSONLD_BODY\"}</script></body></html>")
    doc = segment_html(page)
    assert texts(doc) == ["Visible one.", "Visible two."]


# -- encodings -----------------------------------------------------------------------------

RUSSIAN = "Москва — столица России. Здравствуй, мир!"
FRENCH = "Café, façade, naïve — « déjà vu » à l’œil."


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1251">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
])
def test_meta_charset_windows_1251(head):
    doc = segment_html(_page(RUSSIAN, head).encode("cp1251"))
    assert texts(doc) == [RUSSIAN]


@pytest.mark.parametrize("charset", ["iso-8859-1", "ISO-8859-1", "latin1"])
def test_meta_charset_iso_8859_1(charset):
    body = "Café, façade, naïve, déjà vu, Grüße aus Köln"
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    doc = segment_html(_page(body, head).encode("latin-1"))
    assert texts(doc) == [body]


def test_iso_8859_1_declared_but_cp1252_bytes_decode_like_browsers():
    body = "“Quoted” – dash"
    head = '<meta charset="iso-8859-1">'
    doc = segment_html(_page(body, head).encode("cp1252"))
    assert texts(doc) == [body]


@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_byte_order_marks(bom, codec):
    doc = segment_html(bom + _page(FRENCH).encode(codec))
    assert texts(doc) == [FRENCH]
    assert "\ufeff" not in all_text(doc)


def test_bom_wins_over_wrong_meta_charset():
    page = _page(FRENCH, '<meta charset="windows-1251">')
    doc = segment_html(codecs.BOM_UTF8 + page.encode("utf-8"))
    assert texts(doc) == [FRENCH]


def test_undeclared_cp1252_bytes_are_detected():
    body = ("Les élèves ont été très contents de la fête. “Voilà”, a dit la maîtresse — "
            "c’était déjà la troisième fois. Señor Núñez está en España. Grüße für Straße.")
    raw = _page(body).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = segment_html(raw)
    assert texts(doc) == [body]
    assert "\ufffd" not in all_text(doc)


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be"])
def test_meta_utf16_on_ascii_bytes_is_read_as_utf8(charset):
    """A page whose <meta> claims UTF-16 but whose bytes are ASCII/UTF-8 (a meta tag can only
    be read at all in an ASCII-compatible encoding; browsers then use UTF-8, per the HTML
    standard's encoding sniffing). The text must not become CJK mojibake, whatever the
    page's length."""
    for pad in ("", " "):
        page = _page(FRENCH, f'<meta charset="{charset}">') + pad
        doc = segment_html(page.encode("utf-8"))
        assert texts(doc) == [FRENCH], (charset, len(page))


def test_undeclared_utf8_is_utf8():
    doc = segment_html(_page(RUSSIAN + " " + FRENCH).encode("utf-8"))
    assert texts(doc) == [RUSSIAN + " " + FRENCH]


def test_decode_html_passes_str_through():
    assert decode_html("<p>é</p>") == "<p>é</p>"


# -- broken markup -------------------------------------------------------------------------

@pytest.mark.parametrize("page,expected", [
    (b"<html><body><div><p>Unclosed one<p>Unclosed two</div></div></div><div>After stray closers",
     ["Unclosed one", "Unclosed two", "After stray closers"]),
    (b"<p>alpha <b>beta <i>gamma</p></span></div> delta <table><tr><td>epsilon",
     ["alpha beta gamma", "delta", "epsilon"]),
    (b"</div></div><p>Text after stray end tags</p></body></html></html>",
     ["Text after stray end tags"]),
    (b"<div><p>No closing tags at all<div>Second block",
     ["No closing tags at all", "Second block"]),
    (b"Just some text without any tags at all <br> and a break",
     ["Just some text without any tags at all", "and a break"]),
    (b"<p>Unquoted <a href=x.html>link</a> and &amp; entity &copy unterminated<p>Next",
     ["Unquoted link and & entity \u00a9 unterminated", "Next"]),
])
def test_broken_markup_still_yields_text(page, expected):
    assert texts(segment_html(page)) == expected


# -- limits --------------------------------------------------------------------------------

def _long_page(n: int) -> bytes:
    return (b"<html><body>" + b"".join(b"<p>Paragraph number %d of a long page.</p>" % i
                                       for i in range(n)) + b"</body></html>")


def test_page_over_max_bytes_is_truncated_with_warning():
    page = _long_page(2000)
    doc = segment_html(page, max_bytes=10_000)
    assert doc.error is None
    assert len(doc.warnings) == 1 and "max_bytes" in doc.warnings[0]
    assert doc.blocks and doc.blocks[0].text == "Paragraph number 0 of a long page."
    assert "Paragraph number 1999" not in all_text(doc)
    full = segment_html(page)
    assert full.warnings == [] and len(full.blocks) == 2000
    assert len(doc.blocks) < len(full.blocks)


def test_page_over_max_blocks_is_truncated_with_warning():
    doc = segment_html(_long_page(300), max_blocks=50)
    assert len(doc.blocks) == 50
    assert doc.blocks[-1].text == "Paragraph number 49 of a long page."
    assert len(doc.warnings) == 1 and "max_blocks" in doc.warnings[0]


def test_nesting_deeper_than_max_depth_is_a_page_error():
    """The documented limit: nesting deeper than max_depth is refused, on a small page too."""
    deep = b"<html><body>" + b"<div>" * 60 + b"deep text" + b"</div>" * 60 + b"</body></html>"
    with pytest.raises(PageError, match="nesting depth"):
        segment_html(deep, max_depth=50)
    assert texts(segment_html(deep, max_depth=100)) == ["deep text"]


def test_nesting_deeper_than_max_depth_in_a_page_with_many_tags():
    siblings = b"".join(b"<p>Paragraph %d.</p>" % i for i in range(400))
    deep = (b"<html><body>" + siblings + b"<div>" * 60 + b"deep text" + b"</div>" * 60
            + b"</body></html>")
    with pytest.raises(PageError, match="nesting depth"):
        segment_html(deep, max_depth=50)
    doc = segment_html(deep, max_depth=100)
    assert texts(doc)[-1] == "deep text" and len(doc.blocks) == 401


@pytest.mark.parametrize("tag", [b"div", b"span", b"b"])
def test_100000_deep_nesting_is_refused(tag):
    deep = (b"<" + tag + b">") * 100_000 + b"deep text" + (b"</" + tag + b">") * 100_000
    with pytest.raises(PageError, match="nesting depth"):
        segment_html(deep)


def test_empty_page_is_a_page_error():
    for page in (b"", b"   \n\t ", ""):
        with pytest.raises(PageError):
            segment_html(page)


def test_binary_is_a_page_error():
    import random

    rnd = random.Random(7)
    junk = bytes(rnd.randrange(256) for _ in range(5000)) + b"\x00" * 50
    with pytest.raises(PageError):
        segment_html(junk)


def test_page_error_is_a_value_error():
    assert issubclass(PageError, ValueError)


# -- the committed real pages --------------------------------------------------------------

@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_real_pages_segment(path):
    doc = segment_html(path.read_bytes(), path.name)
    assert doc.error is None and doc.warnings == []
    assert len(doc.blocks) >= 10
    assert [b.position for b in doc.blocks] == list(range(len(doc.blocks)))
    assert any(b.tag == "p" for b in doc.blocks)
    assert all(0 <= b.link_chars <= len(b.text) for b in doc.blocks)
    assert "function(" not in all_text(doc)  # no script text
    assert doc.meta.get("html_title")


# -- property: any input either segments or raises PageError --------------------------------

_html_bits = st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href='x'>", "</a>",
                              "<script>", "</script>", "<style>", "<!--", "-->", "<br>",
                              "<table><tr><td>", "&amp;", "&#0;", "&#xD800;", "\x00", "<",
                              ">", "word ", "Ünïcödé ", "\ud800", "\n", "<span hidden>"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_html_bits, st.text(max_size=20)), max_size=40))
def test_any_markup_segments_or_raises_page_error(parts):
    page = "".join(parts)
    for data in (page, page.encode("utf-8", "surrogatepass")):
        try:
            doc = segment_html(data)
        except PageError:
            continue
        for b in doc.blocks:
            assert b.text and b.text == b.text.strip()
            assert 0 <= b.link_chars <= len(b.text)
            b.text.encode("utf-8")  # no lone surrogates


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_segment_or_raise_page_error(data):
    try:
        doc = segment_html(data)
    except PageError:
        return
    assert isinstance(doc, Document)


def test_utf8_page_with_a_few_broken_bytes_stays_utf8():
    """Detectors guess a legacy code page for such pages and garble every curly quote."""
    body = "“Quoted,” she said — naïve café. ".encode("utf-8") * 50
    page = b"<html><body><p>" + body + b"\xff\xfe\x80 broken</p></body></html>"
    text = decode_html(page)
    assert "“Quoted,” she said — naïve café." in text and "\ufffd" in text
    legacy = "“Quoted,” she said — naïve café.".encode("cp1252") * 50
    assert "“Quoted,”" in decode_html(b"<html><body><p>" + legacy + b"</p></body></html>")
