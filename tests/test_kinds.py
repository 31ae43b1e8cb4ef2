"""Block kinds after the model: the form rules (`hard_kind`) and the two HTML rules that read
a block's neighbours and cues (doubted subheadings kept, doubted short cue blocks dropped)."""
from __future__ import annotations

import pytest

from provenance.boilerplate.kinds import (DOUBT_MAX_P, SUBHEAD_MIN_P, assign_kinds, hard_kind,
                                          is_credited_caption)
from provenance.document import Block, Document
from provenance.lexicon.cues import attr_cue_mask as attr_mask
from provenance.segment.html import segment_html
from provenance.segment.text import segment_text
from provenance.schema import clean_record

BODY = "The council approved the budget after a long debate on Tuesday evening in the town hall."


def page(rows, source="html") -> Document:
    """A Document of (text, tag, P(body)) rows."""
    blocks = [Block(text=t, position=i, tag=tag) for i, (t, tag, _p) in enumerate(rows)]
    for b, (_t, _tag, p) in zip(blocks, rows):
        b.p_body = p
    return Document(id="x", source=source, blocks=blocks)


@pytest.mark.parametrize("text", [
    "Le piquet de grève dans le hall de l’université / (C) Kab Niang",
    "Paris Haute Couture SS14, Serkan Cura, Bild via",
    "Catalina Island, CA | © 2017 Jon Norris",
    "Guests pick their pastries from glass-enclosed cabinets. | Photo by Lisa Jennings",
])
def test_a_caption_ending_in_its_credit_is_template(text):
    assert is_credited_caption(text)
    doc = page([(BODY, "p", 0.9), (text, "p", 0.9), (BODY, "p", 0.9)])
    assign_kinds(doc, 0.5)
    assert doc.blocks[1].kind == "other" and text not in doc.text


@pytest.mark.parametrize("text", [
    "The contract lists (a), (b) or (c) and I have not modified it",
    "He was hit by the car on the way home",
    "Dining and Drinking",                      # "Di…" is not the Italian byline "di"
    "Paris Haute Couture SS14",                 # nor "Par…" the French "par"
    "Doorbell cameras are everywhere now",
    # a long paragraph that happens to end with a credit-like tail is article text
    " ".join(["word"] * 30) + " | © 2017 Jon Norris",
])
def test_text_that_only_looks_like_a_credit_or_byline_is_not_template(text):
    assert hard_kind(text) is None and not is_credited_caption(text)


@pytest.mark.parametrize("text", ["By Jane Doe", "Von Max Muster", "Author:", "Di Mario Rossi"])
def test_bylines_are_still_bylines(text):
    assert hard_kind(text) == "byline"


def test_a_doubted_heading_between_body_blocks_is_a_subheading():
    doc = page([(BODY, "p", 0.9), ("Vintage meets urban jungle", "h2", SUBHEAD_MIN_P + 0.05),
                (BODY, "p", 0.9), ("Latest articles", "h2", 0.3)])
    assign_kinds(doc, 0.5)
    assert [b.kind for b in doc.blocks][:3] == ["body", "body", "body"]
    assert doc.blocks[3].kind != "body"          # no body after it
    assert "Vintage meets urban jungle" in doc.text


@pytest.mark.parametrize("rows", [
    # too unlikely
    [(BODY, "p", 0.9), ("Vintage meets urban jungle", "h2", SUBHEAD_MIN_P - 0.05), (BODY, "p", 0.9)],
    # not a heading
    [(BODY, "p", 0.9), ("Vintage meets urban jungle", "div", 0.45), (BODY, "p", 0.9)],
    # no body before it
    [("Menu", "div", 0.0), ("Vintage meets urban jungle", "h2", 0.45), (BODY, "p", 0.9)],
])
def test_other_doubted_blocks_stay_dropped(rows):
    doc = page(rows)
    assign_kinds(doc, 0.5)
    assert doc.blocks[1].kind != "body"


def test_plain_text_has_no_subheading_rule():
    doc = page([(BODY, "", 0.9), ("Vintage meets urban jungle", "h2", 0.45), (BODY, "", 0.9)], source="text")
    assign_kinds(doc, 0.5)
    assert doc.blocks[1].kind != "body"


@pytest.mark.parametrize("text,kind", [("Related Coverage", "related"), ("Read more", "related"),
                                       ("Möchten Sie den Artikel teilen?", "share")])
def test_a_doubted_short_cue_block_inside_the_body_is_dropped(text, kind):
    doc = page([(BODY, "p", 0.9), (text, "p", DOUBT_MAX_P - 0.2), (BODY, "p", 0.9)])
    assign_kinds(doc, 0.5)
    assert doc.blocks[1].kind == kind
    assert text not in doc.text and doc.text.count(BODY) == 2


@pytest.mark.parametrize("rows,source", [
    ([(BODY, "p", 0.9), ("Related Coverage", "p", DOUBT_MAX_P + 0.1), (BODY, "p", 0.9)], "html"),  # sure
    ([(BODY, "p", 0.9), ("Related to the budget, three motions", "p", 0.6), (BODY, "p", 0.9)], "html"),  # 6 words
    ([(BODY, "", 0.9), ("Related Coverage", "", 0.6), (BODY, "", 0.9)], "text"),
    ([(BODY, "p", 0.9), ("The vote was close", "p", 0.6), (BODY, "p", 0.9)], "html"),  # no cue
])
def test_confident_long_or_cue_free_blocks_are_kept(rows, source):
    doc = page(rows, source=source)
    assign_kinds(doc, 0.5)
    assert doc.blocks[1].kind == "body"


@pytest.mark.parametrize("source", ["html", "text"])
def test_soft_hyphens_are_dropped_from_the_document_text(source):
    html = "<p>St. Mag\u00adda\u00adle\u00adner neben Bar&shy;olo</p><p>x</p>"
    text = "St. Mag\u00adda\u00adle\u00adner neben Bar\u00adolo\nx"
    doc = segment_html(html) if source == "html" else segment_text(text)
    for b in doc.blocks:
        b.kind = "body"
    assert doc.text == "St. Magdalener neben Barolo\n\nx"
    assert clean_record(doc)["text"] == doc.text


@pytest.mark.parametrize("text,menu", [
    ("Лента новостей — Видео — Спорт — Общество — Мнения", True),
    ("Home | News | Sport", True),
    ("The talks — held in Tokyo — ended early.", False),
    ("Japan — South Korea — summit", False),           # three items: could be a headline
])
def test_menu_lines(text, menu):
    from provenance.boilerplate.kinds import is_menu_line
    assert is_menu_line(text) is menu


JA_BODY = "象印マホービン株式会社では、好評なキャラクター柄の調理家電を新たに発売すると発表した。価格は未定である。"


@pytest.mark.parametrize("heading", ["注目記事", "Related stories"])
def test_teaser_cards_after_the_body_of_a_plain_text_page_are_related(heading):
    cards = [("進む自然エネルギーへの関心！ 太陽電池の出荷が大幅に伸びる【話題】", "", 0.64),
             ("東日本大震災以降、太陽電池への関心が高まっている。", "", 0.51),
             ("インタビュー：磯山さやかさん「癒し系をアピールして婚活します！」", "", 0.60),
             ("グラビアアイドルとして芸能界デビューを果たし、現在はタレントとしても活躍中の磯山さやかさん。", "", 0.68)]
    doc = page([(JA_BODY, "", 0.95)] * 4 + [(heading, "", 0.3)] + cards, source="text")
    assign_kinds(doc, 0.5)
    assert [b.kind for b in doc.blocks] == ["body"] * 4 + ["related"] * 5
    # before the body, or one headline alone, is no card list: the lines stay as the model said
    doc = page([(heading, "", 0.3)] + cards + [(JA_BODY, "", 0.95)], source="text")
    assign_kinds(doc, 0.5)
    assert [b.kind for b in doc.blocks[1:]].count("body") == 5
    doc = page([(JA_BODY, "", 0.95)] * 4 + [(heading, "", 0.3)] + cards[:2], source="text")
    assign_kinds(doc, 0.5)
    assert [b.kind for b in doc.blocks[5:]] == ["body", "body"]


def test_a_repeated_or_run_on_label_heads_no_card_list():
    cards = [("Bernette B33 Swiss Design Sewing Machine", "", 0.7), ("Bernette machines are well made but not as expensive.", "", 0.8),
             ("Zeal Baby Lock Sewing Machine", "", 0.7), ("Baby Lock makes really good sewing machines.", "", 0.8)]
    for rows in ([(BODY, "", 0.95)] * 4 + [("Read more", "", 0.3)] + cards[:2] + [("Read more", "", 0.3)] + cards[2:],
                 [(BODY, "", 0.95)] * 4 + [("Read More: The best machines of 2026", "", 0.3)] + cards):
        doc = page(rows, source="text")
        assign_kinds(doc, 0.5)
        assert sum(b.kind == "body" for b in doc.blocks) == 8


def test_commentary_is_an_article_not_a_comment_thread():
    text = "Ein paar Konsumentinnen mögen vielleicht denken: Dann kaufe ich den nächsten Herd eben woanders."
    for attrs, kind in (("sect sect_article news subjective commentary", "body"),
                        ("comment-body div-comment-7573 comment-content", "comment"),
                        ("commentary comment-list", "comment")):
        doc = Document(id="c", source="html", page_type="article",
                       blocks=[Block(text=text, tag="p", attrs=attrs, near_cues=attr_mask(attrs))])
        doc.blocks[0].p_body = 0.9
        assign_kinds(doc, 0.5)
        assert doc.blocks[0].kind == kind, attrs
