"""Page types, repeated card structures, reader comments, --favor, and empty pages said so."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import provenance
from provenance.boilerplate.pagetype import (N_PAGE_FEATURES, PageTypeModel, page_feature_names,
                                             page_features, repeated_units)
from provenance.cli import main
from provenance.clean import Cleaner, explain_empty
from provenance.document import PAGE_TYPES, Document
from provenance.io.output import Progress
from provenance.options import CleanOptions, OptionError
from provenance.segment.html import is_streamed_segment, segment_html, walk_c, walk_python
from provenance.boilerplate.textstats import language_word_counts

ARTICLE = ("<p>The council voted on Tuesday to approve the new budget for the coming year, after "
           "a long debate about the cost of the bridge repairs and the school buildings.</p>")


def card_page(cards: int) -> str:
    card = ("<div class='card post-{i}'><h3><a href='/story-{i}'>Another story number {i} here</a></h3>"
            "<p>A one-sentence summary of story {i} that ends in the middle of…</p></div>")
    return ("<html><head><title>Budget approved</title></head><body><article>" + ARTICLE * 6 +
            "</article><section class='more'>" + "".join(card.format(i=i) for i in range(cards)) +
            "</section></body></html>")


def test_repeated_units_see_a_card_list_and_not_paragraphs():
    doc = segment_html(card_page(8))
    from provenance.boilerplate.textstats import split_word_counts

    words = split_word_counts([b.text for b in doc.blocks]).astype(float)
    units, share, link_units = repeated_units(doc.blocks, words)
    kinds = ["card" if "summary" in b.text or "Another" in b.text else "para" for b in doc.blocks]
    assert all(u == 8 for u, k in zip(units, kinds) if k == "card")
    assert all(u == 0 for u, k in zip(units, kinds) if k == "para")
    assert all(lu == 1.0 for lu, k in zip(link_units, kinds) if k == "card")
    assert 0 < max(share) < 1


def test_page_features_shape_and_names():
    docs = [segment_html(card_page(5)), Document(id="empty"),
            Document(id="t", source="text", blocks=segment_html(card_page(2)).blocks[:3])]
    X = page_features(docs)
    assert X.shape == (3, N_PAGE_FEATURES) == (3, len(page_feature_names()))
    assert np.isfinite(X).all()


def test_streamed_segment_ids():
    assert is_streamed_segment("S:0") and is_streamed_segment("S:123")
    assert not any(map(is_streamed_segment, ["S:", "s:1", "S:1a", "P:1", "S:\u0661", "B:0", ""]))


@pytest.mark.parametrize("walk", [walk_c, walk_python])
def test_streamed_content_is_text_and_hidden_pages_are_read(walk):
    page = ("<body><div id='app'><template id='B:0'></template></div>"
            "<div hidden id='S:0'><p>Streamed article text.</p></div><div hidden>menu</div></body>")
    assert [b.text for b in segment_html(page, walk_with=walk).blocks] == ["Streamed article text."]
    doc = segment_html("<body><div style='visibility:hidden'><p>Only text.</p></div></body>", walk_with=walk)
    assert [b.text for b in doc.blocks] == ["Only text."] and doc.meta["hidden_text"]


def test_page_hints_read_from_markup():
    page = ("<html><head><meta property='og:type' content='Product'><link rel='canonical' href='https://x.com/p/1'>"
            "<script type='application/ld+json'>{\"@type\": \"Product\", \"offers\": {\"@type\": \"Offer\"}}</script>"
            "</head><body><p>x</p></body></html>")
    meta = segment_html(page).meta
    assert meta["og_type"] == "product" and meta["url"] == "https://x.com/p/1"
    assert meta["ld_types"] == ("Product", "Offer") and meta["scripts"] == 1


def test_every_record_has_a_page_type():
    cleaner = Cleaner()
    for page in (card_page(3), "just some words of plain text.\nAnother line of it here."):
        doc = cleaner.clean(page)
        assert doc.page_type in PAGE_TYPES and len(doc.page_type_p) == len(PAGE_TYPES)
        assert abs(sum(doc.page_type_p) - 1) < 1e-9
        from provenance.schema import CLEAN_FIELDS, clean_record

        rec = clean_record(doc)
        assert rec["page_type"] == doc.page_type and list(rec)[:6] == [
            "id", "text", "title", "date", "author", "page_type"]
        assert list(rec)[:len(CLEAN_FIELDS)] == list(CLEAN_FIELDS)
    assert cleaner.clean(None).page_type is None


def test_pagetype_model_roundtrip(tmp_path):
    model = Cleaner().pagetype_model
    model.save(tmp_path / "m.npz")
    again = PageTypeModel.load(tmp_path / "m.npz")
    docs = [segment_html(card_page(4))]
    assert np.array_equal(model.predict_proba(docs), again.predict_proba(docs))


COMMENTS = ("<div id='comments' class='comments-area'><ol class='comment-list'>" + "".join(
    f"<li class='comment'><div class='comment-body'><p>Reader {i} thinks the budget is far too high and "
    f"says so at length here.</p></div></li>" for i in range(6)) + "</ol></div>")


def comment_page() -> str:
    return ("<html><head><title>Budget approved</title><meta property='og:type' content='article'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head><body><article>"
            "<h1>Budget approved</h1>" + ARTICLE * 8 + "</article>" + COMMENTS + "</body></html>")


def test_comments_dropped_on_articles_and_kept_with_the_option():
    page = comment_page()
    doc = Cleaner().clean(page, url="https://news.example.com/2025/01/02/budget-approved")
    assert doc.page_type == "article"
    kinds = {b.kind for b in doc.blocks if b.text.startswith("Reader")}
    assert kinds == {"comment"} and "Reader" not in doc.text
    kept = Cleaner(comments=True).clean(page, url="https://news.example.com/2025/01/02/budget-approved")
    assert kept.text.count("Reader") == 6 and "council voted" in kept.text
    assert "comment" in provenance.KINDS


def test_favor_options():
    with pytest.raises(OptionError):
        CleanOptions(favor="speed")
    with pytest.raises(OptionError):
        CleanOptions(favor="precision", threshold=0.4)
    c = Cleaner(favor="precision")
    assert c.threshold_of(c.html_model) > c.html_model.threshold > Cleaner(favor="recall").threshold_of(c.html_model)
    long_ = Cleaner(favor="recall").clean(card_page(6)).text
    short = Cleaner(favor="precision").clean(card_page(6)).text
    assert len(short) <= len(long_)


def test_empty_pages_say_why():
    cleaner = Cleaner()
    doc = cleaner.clean("<html><head><script>render()</script></head><body><div id='root'></div></body></html>")
    assert doc.text == "" and doc.error is None
    assert len(doc.warnings) == 1 and "no text blocks" in doc.warnings[0] and "script-rendered" in doc.warnings[0]
    doc = Document(id="x", blocks=segment_html("<body><nav><a href='/'>Home</a></nav></body>").blocks)
    for b in doc.blocks:
        b.p_body = 0.01
    assert "below the threshold 0.5" in explain_empty(doc, 0.5)


def test_summary_counts_empty_records_apart():
    progress = Progress("clean", quiet=True)
    for rec in ({"text": "a", "error": None}, {"text": "", "error": None, "warnings": ["no text"]},
                {"text": "", "error": "bad"}):
        progress.update(rec)
    line = progress.summary()
    assert "3 read, 1 cleaned, 1 empty" in line and "1 errors" in line


def test_cli_flags(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(comment_page())
    runner = CliRunner()
    out = runner.invoke(main, ["clean", str(page), "--comments", "-q"])
    assert out.exit_code == 0, out.output
    rec = json.loads(out.output.splitlines()[0])
    assert "Reader" in rec["text"] and rec["page_type"] in PAGE_TYPES
    out = runner.invoke(main, ["clean", str(page), "--favor", "precision", "-q"])
    assert out.exit_code == 0 and "Reader" not in json.loads(out.output.splitlines()[0])["text"]
    out = runner.invoke(main, ["clean", str(page), "--favor", "recall", "--threshold", "0.3", "-q"])
    assert out.exit_code != 0 and "not both" in out.output


def test_compiled_block_arrays_equal_the_reference():
    from conftest import HTML_FILES

    from provenance.boilerplate import pagestats as pt

    module = pt.PAGE_STATS.get()
    assert module is not None, "boilerplate._pagestats is not built or disagrees with its reference"
    pages = [p.read_bytes() for p in HTML_FILES] + [card_page(7), comment_page(), "<body></body>"]
    for page in pages:
        blocks = segment_html(page).blocks
        args = (blocks, pt.K_ANCESTORS, pt._NO_DIGITS, pt._TERMINAL, pt._ELLIPSIS)
        fast, ref = module.block_arrays(*args), pt.block_arrays_python(*args)
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(fast, ref))


def test_compiled_repeated_units_equal_the_reference():
    from conftest import HTML_FILES

    from provenance.boilerplate import pagestats as pt

    assert pt.UNITS.get() is not None, "boilerplate._pagestats is not built or disagrees with its reference"
    pages = [p.read_bytes() for p in HTML_FILES] + [card_page(7), card_page(3), comment_page()]
    seen_cards = 0
    for page in pages:
        blocks = segment_html(page).blocks
        words = language_word_counts([b.text for b in blocks]).astype(np.float64)
        fast, ref = pt.repeated_units(blocks, words), pt.repeated_units_python(blocks, words)
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(fast, ref))
        seen_cards += int((ref[0] > 0).sum())
    assert seen_cards > 20          # the pages hold card lists: the comparison is not of zeros


def test_compiled_page_sums_equal_the_reference():
    from conftest import HTML_FILES

    from provenance.boilerplate import pagestats as pt
    from provenance.boilerplate.pagetype import _ATTR_MASKS, _FLAG_MASKS, _H

    module = pt.SUMS.get()
    assert module is not None, "boilerplate._pagestats is not built or disagrees with its reference"
    pages = [p.read_bytes() for p in HTML_FILES] + [card_page(7), comment_page()]
    for page in pages:
        blocks = segment_html(page).blocks
        words = language_word_counts([b.text for b in blocks]).astype(np.float64)
        arrays = pt.block_arrays(blocks)
        fast = module.page_sums(*arrays[:9], words, _H, _FLAG_MASKS, _ATTR_MASKS)
        ref = pt.page_sums_python(*arrays[:9], words, _H, _FLAG_MASKS, _ATTR_MASKS)
        assert [type(x) for x in fast] == [type(x) for x in ref]
        assert all(np.array_equal(x, y) for x, y in zip(fast, ref))
        assert ref[0] > 0 and ref[-2].any()       # words, and words under some flag


def test_plain_text_page_types_read_off_the_block_features():
    cleaner = Cleaner()
    pages = [("a", "Headline here\nSome words of the first line of text.\nAnother line.", "text"),
             ("b", "Reply\nJoined 2019\nPosts: 44\nI think so too, thanks for the answer.", "text")]
    docs = cleaner.clean_many(pages)
    fresh = [cleaner.segment(p, i, s) for i, p, s in pages]
    for f, d in zip(fresh, docs):
        f.lang = d.lang             # the block features read each page's language
    expected = cleaner.pagetype_model.predict_proba(fresh)
    assert np.allclose([d.page_type_p for d in docs], expected, rtol=0, atol=0)
    assert all(d.page_type in PAGE_TYPES for d in docs)
