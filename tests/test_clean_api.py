"""The Python API (`provenance.clean`, `Cleaner`, `Document`) on real pages and on bad
input: every bad page is a Document with `error` (or a warning), never an exception."""
from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance.clean import looks_like_html
from provenance.schema import clean_record

from conftest import HTML_FILES, RECORD_FIELDS, html_expected, norm, seed


def test_public_api():
    for name in ("clean", "Cleaner", "Document"):
        assert hasattr(provenance, name), name
        assert name in provenance.__all__
    assert callable(provenance.clean)


def test_clean_returns_a_document():
    doc = provenance.clean(HTML_FILES[0].read_bytes(), "page")
    assert isinstance(doc, provenance.Document)
    assert doc.id == "page" and doc.error is None and doc.source == "html"
    assert isinstance(doc.text, str) and doc.text
    assert doc.text == "\n\n".join(b.text for b in doc.blocks if b.kind == "body")


# -- the committed HTML pages ---------------------------------------------------------------

@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_html_page_keeps_the_article_and_drops_the_template(cleaner, path):
    exp = html_expected()[path.name]
    doc = cleaner.clean(path.read_bytes(), path.name)
    assert doc.error is None
    text = norm(doc.text)
    kept = [s for s in exp["with"] if norm(s) in text]
    assert len(kept) >= len(exp["with"]) - 1, f"kept only {len(kept)} of {exp['with']}"
    leaked = [s for s in exp["without"] if norm(s) in text]
    assert not leaked
    assert doc.title


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_kinds_and_probabilities(cleaner, path):
    doc = cleaner.clean(path.read_bytes(), path.name)
    assert doc.blocks
    for b in doc.blocks:
        assert b.kind in provenance.KINDS
        assert b.p_body is not None and 0.0 <= b.p_body <= 1.0
    assert any(b.kind == "body" for b in doc.blocks)
    assert any(b.kind != "body" for b in doc.blocks)


def test_to_record_fields(cleaner):
    doc = cleaner.clean(HTML_FILES[0].read_bytes(), "r")
    rec = clean_record(doc)
    assert set(rec) == RECORD_FIELDS
    assert rec["id"] == "r" and rec["text"] == doc.text and rec["error"] is None
    rec = clean_record(doc, True)
    assert set(rec) == RECORD_FIELDS | {"blocks"}
    assert len(rec["blocks"]) == len(doc.blocks)
    for blk in rec["blocks"]:
        assert set(blk) == {"text", "kind", "p_body"}
        assert blk["kind"] in provenance.KINDS and 0 <= blk["p_body"] <= 1


def test_threshold(cleaner):
    page = HTML_FILES[0].read_bytes()
    default = cleaner.clean(page)
    loose = provenance.Cleaner(threshold=0.0).clean(page)
    # the threshold moves the cut, not the probabilities
    assert [b.p_body for b in loose.blocks] == [b.p_body for b in default.blocks]
    assert len(loose.body_blocks) > len(default.body_blocks)
    assert set(b.position for b in default.body_blocks) <= set(b.position for b in loose.body_blocks)


def test_kind_detection():
    assert looks_like_html(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<div>hello</div>")
    assert not looks_like_html("Just a line of text.\nAnother line, 3 < 4 > 2.")
    assert not looks_like_html("if a<b and b>c then a <= c\n" * 400)


def test_a_page_that_opens_with_kilobytes_of_css_is_html(cleaner):
    """Pages often begin with a long <style> or <script> before any <html>/<body> tag: the
    sniff must see them as HTML, or the whole page comes back as its raw markup."""
    css = "<style>\n" + ".box-%d { opacity: 1; transform: scale(0.5); }\n" * 300 + "</style>\n"
    css = css % tuple(range(300))
    body = "".join(f"<p>Paragraph {i} of the article tells the reader what happened on the day.</p>"
                   for i in range(6))
    page = css + "<div class='article'>" + body + "</div>"
    assert len(css) > 4096
    assert looks_like_html(page) and looks_like_html(page.encode())
    doc = cleaner.clean(page.encode(), "css-first")
    assert doc.source == "html"
    assert "<style>" not in doc.text and "opacity" not in doc.text


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"),
                                       (codecs.BOM_UTF8, "utf-8")])
def test_bom_html_is_detected_as_html(cleaner, bom, codec):
    """A UTF-16 page (with its BOM) is HTML, not binary junk: kind detection must look
    past the BOM, as segment_html's decoder does."""
    page = HTML_FILES[0].read_text(encoding="utf-8")
    data = bom + page.encode(codec)
    assert looks_like_html(data)
    doc = cleaner.clean(data, "bom")
    assert doc.error is None and doc.source == "html"
    assert doc.text == cleaner.clean(page, "bom").text


def test_text_page_auto_detected(cleaner):
    doc = cleaner.clean(seed("004").read_bytes())
    assert doc.source == "text" and doc.error is None


def test_clean_many_order_ids_and_kinds(cleaner):
    pages = [
        ("a", HTML_FILES[0].read_bytes()),
        ("b", b""),
        ("c", seed("001").read_bytes(), "text"),
        ("d", None),
        ("e", HTML_FILES[1].read_bytes().decode("utf-8")),
    ]
    docs = cleaner.clean_many(pages)
    assert [d.id for d in docs] == ["a", "b", "c", "d", "e"]
    assert [d.error is None for d in docs] == [True, False, True, False, True]
    assert docs[2].source == "text" and docs[0].source == "html"
    same = cleaner.clean(pages[0][1], "a")
    assert docs[0].text == same.text


def test_clean_many_plain_pages_get_index_ids(cleaner):
    docs = cleaner.clean_many([seed("000").read_bytes(), b"", seed("002").read_bytes()])
    assert [d.id for d in docs] == ["0", "1", "2"]
    assert docs[1].error and not docs[0].error and not docs[2].error


def test_clean_many_empty(cleaner):
    assert cleaner.clean_many([]) == []


# -- bad input -----------------------------------------------------------------------------

def _junk(seed_: int, n: int = 20_000) -> bytes:
    rnd = random.Random(seed_)
    data = bytearray(rnd.randrange(256) for _ in range(n))
    data[10:20] = b"\x00" * 10
    return bytes(data)


def _deep(n: int = 100_000) -> bytes:
    return b"<html><body>" + b"<div>" * n + b"deep" + b"</div>" * n + b"</body></html>"


@pytest.mark.parametrize("kind", [None, "html", "text"])
@pytest.mark.parametrize("page", [b"", "", b"   \n\n\t  ", "\n\n"], ids=["b", "s", "b-ws", "s-ws"])
def test_empty_page_is_an_error(cleaner, page, kind):
    doc = cleaner.clean(page, "empty", kind)
    assert doc.error and "empty" in doc.error
    assert doc.text == "" and clean_record(doc)["text"] == ""


@pytest.mark.parametrize("kind", [None, "html", "text"])
def test_binary_junk_is_an_error(cleaner, kind):
    doc = cleaner.clean(_junk(1), "junk", kind)
    assert doc.error
    assert clean_record(doc)["text"] == ""


@pytest.mark.parametrize("page", [None, 42, ["<p>x</p>"]], ids=["none", "int", "list"])
def test_not_a_page_is_an_error(cleaner, page):
    doc = cleaner.clean(page, "x")
    assert doc.error


def test_invalid_utf8_text(cleaner):
    page = seed("001").read_bytes().replace(b"Following", b"Follow\xff\xfe\xc3ing", 1)
    doc = cleaner.clean(page, "bad-utf8", "text")
    assert doc.error is None
    assert "standing alongside ishiba" in doc.text.lower()


def test_invalid_utf8_html(cleaner):
    page = HTML_FILES[0].read_bytes()
    i = page.index(b"<body")
    page = page[:i] + b"<p>\xff\xfe\xc3\x28 broken \x80\x81 bytes</p>" + page[i:]
    doc = cleaner.clean(page, "bad-utf8-html", "html")
    assert doc.error is None
    exp = html_expected()[HTML_FILES[0].name]
    assert sum(norm(s) in norm(doc.text) for s in exp["with"]) >= len(exp["with"]) - 1


def _huge_page(target: int = 25_000_000) -> bytes:
    para = ("<p>" + "The harbour reopened after the storm and the boats came back to port. " * 40
            + "</p>\n").encode()
    head = b"<html><head><title>Huge</title></head><body><article>"
    return head + para * (target // len(para) + 1) + b"</article></body></html>"


def test_huge_page_is_truncated_with_a_warning_not_an_error():
    page = _huge_page()
    assert len(page) > 25_000_000
    small = provenance.Cleaner(max_page_bytes=300_000)
    doc = small.clean(page, "huge")
    assert doc.error is None
    assert any("max_bytes" in w for w in doc.warnings)
    assert doc.blocks and doc.text
    assert clean_record(doc)["warnings"] == doc.warnings
    text_doc = small.clean(page.decode(), "huge-str")
    assert text_doc.error is None and any("max_bytes" in w for w in text_doc.warnings)


def test_huge_plain_text_is_truncated_with_a_warning():
    line = "The harbour reopened after the storm and the boats came back to port.\n"
    page = line * (3_000_000 // len(line))
    doc = provenance.Cleaner(max_page_bytes=100_000).clean(page, "huge-text", "text")
    assert doc.error is None
    assert doc.warnings


def test_max_blocks_warning_through_cleaner():
    page = "<html><body>" + "".join(f"<p>Paragraph {i} of many.</p>" for i in range(500)) + "</body></html>"
    doc = provenance.Cleaner(max_blocks=40).clean(page, "many")
    assert doc.error is None
    assert len(doc.blocks) == 40
    assert any("max_blocks" in w for w in doc.warnings)


@pytest.mark.parametrize("as_str", [False, True])
def test_100000_deep_nesting_is_an_error(cleaner, as_str):
    page = _deep()
    doc = cleaner.clean(page.decode() if as_str else page, "deep")
    assert doc.error and "nesting depth" in doc.error
    assert doc.blocks == [] and clean_record(doc)["text"] == ""


def test_max_depth_through_cleaner():
    siblings = "".join(f"<p>Paragraph {i} of the page.</p>" for i in range(300))
    page = ("<html><body>" + siblings + "<div>" * 40 + "A deep but fine paragraph of text."
            + "</div>" * 40 + "</body></html>")
    doc = provenance.Cleaner(max_depth=30).clean(page, "deep-ish")
    assert doc.error and "nesting depth" in doc.error and doc.id == "deep-ish"
    assert provenance.Cleaner(max_depth=100).clean(page).error is None


def test_bad_pages_in_a_batch_do_not_spoil_the_good_ones(cleaner):
    good = HTML_FILES[0].read_bytes()
    pages = [("empty", b""), ("junk", _junk(2)), ("good", good), ("deep", _deep()),
             ("none", None), ("text", seed("004").read_bytes())]
    docs = cleaner.clean_many(pages)
    assert [d.id for d in docs] == [p[0] for p in pages]
    errors = {d.id: d.error for d in docs}
    assert errors["good"] is None and errors["text"] is None
    assert all(errors[k] for k in ("empty", "junk", "deep", "none"))
    assert docs[2].text == cleaner.clean(good).text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=1000)),
       source=st.sampled_from([None, "html", "text"]))
def test_any_input_gives_a_document(cleaner, data, source):
    doc = cleaner.clean(data, "h", source)
    assert isinstance(doc, provenance.Document)
    rec = clean_record(doc, True)
    assert set(rec) >= RECORD_FIELDS
    assert isinstance(rec["text"], str)
    if doc.error is None:
        assert all(b.kind in provenance.KINDS for b in doc.blocks)


def test_cleaning_pauses_the_cycle_collector_and_restores_it(cleaner):
    import gc

    from provenance.clean import cycle_collector_paused
    assert gc.isenabled()
    with cycle_collector_paused():
        assert not gc.isenabled()
        with cycle_collector_paused():        # nested: the inner one leaves it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    cleaner.clean_many(["<p>x</p>", "plain text line"])
    assert gc.isenabled()
    gc.disable()
    try:                                      # a caller who disabled it keeps it disabled
        cleaner.clean("<p>x</p>")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError):    # restored on an exception too
        with cycle_collector_paused():
            1 / 0
    assert gc.isenabled()


# -- the API of issue #18 ------------------------------------------------------------------

def test_clean_many_takes_traces_dicts_and_tuples(cleaner):
    html = HTML_FILES[0].read_bytes()
    text = seed("004").read_text(encoding="utf-8")
    docs = cleaner.clean_many([
        {"id": "h", "html": html, "url": "https://www.Example.com/a"},
        {"id": "t", "text": text},
        {"text": text},                                  # no id: its position
        {"id": "neither", "url": "https://x.org/"},
        ("tuple", text, "text"),
        text,
    ])
    assert [d.id for d in docs] == ["h", "t", "2", "neither", "tuple", "5"]
    assert docs[0].source == "html" and docs[1].source == "text"
    assert docs[0].text == cleaner.clean(html).text
    assert docs[1].text == docs[2].text == docs[4].text == docs[5].text
    assert docs[0].meta["url"] == "https://www.Example.com/a" and docs[0].meta["hostname"] == "example.com"
    assert docs[3].error and "no 'html' or 'text'" in docs[3].error
    # a dict's text is plain text even when it looks like markup (as trace reads it)
    (doc,) = cleaner.clean_many([{"id": "x", "text": "<p>" + text + "</p>"}])
    assert doc.source == "text"


def test_clean_with_a_url():
    doc = provenance.clean(HTML_FILES[0].read_bytes(), "p", url="https://news.example.org/story/1")
    assert doc.meta["url"] == "https://news.example.org/story/1" and doc.meta["hostname"] == "news.example.org"
    # without one, the URL the page itself declares (og:url, canonical), if any
    page = provenance.clean(HTML_FILES[0].read_bytes())
    assert page.meta.get("url") != "https://news.example.org/story/1"


def test_document_repr_is_short():
    doc = provenance.clean(HTML_FILES[0].read_bytes(), "p")
    r = repr(doc)
    assert r.startswith("Document(id='p', source='html', blocks=") and "body_blocks=" in r
    assert len(r) < 250 and doc.blocks[0].text not in r


def test_hostname():
    from provenance.schema import hostname

    assert hostname("https://www.BBC.co.uk/news") == "bbc.co.uk"
    assert hostname("not a url") is None and hostname(None) is None
