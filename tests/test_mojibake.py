"""Double-decoded UTF-8 (UTF-8 read as Latin-1/Windows-1252, written again as UTF-8) repaired in
HTML blocks, head titles and plain-text lines; real "â", "Ã" and "Â" left alone."""
from __future__ import annotations

import pytest

from provenance.segment.html import segment_html
from provenance.segment.mojibake import repair, repair_all
from provenance.segment.text import segment_text


def double(s: str, codec: str = "latin-1") -> str:
    """What a page shows when its UTF-8 was decoded as `codec` and encoded again (a byte
    Windows-1252 leaves undefined, as 0x9D of "”", becomes its C1 control, as browsers do)."""
    return "".join(bytes([x]).decode(codec, errors="ignore") or chr(x) for x in s.encode("utf-8"))


@pytest.mark.parametrize("good", ["Let’s not just throw numbers at you — a “quoted” phrase…",
                                  "Le café est prêt, c’est l’été.", "Veröffentlichung prüfen: Straße"])
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_double_decoded_text_is_repaired(good, codec):
    bad = double(good, codec)
    assert bad != good
    assert repair(bad) == good
    assert repair_all(["nothing to see", bad]) == ["nothing to see", good]


@pytest.mark.parametrize("text", ["Une pâte brisée, en français.", "SÃO PAULO — À la Île", "Â la carte",
                                  "Plain ASCII text.", ""])
def test_real_text_is_left_alone(text):
    assert repair(text) == text
    assert repair_all([text]) is None


def test_html_blocks_and_titles_repaired_with_a_warning():
    body = "But hey, let’s not just throw numbers at you. Costs vary—a lot.\u00a0"
    page = (f"<html><head><title>{double('Pet insurance: what it costs — 2025')}</title></head>"
            f"<body><p>{double(body)}</p><p>Second paragraph without trouble.</p></body></html>")
    doc = segment_html(page.encode("utf-8"))
    assert doc.blocks[0].text == "But hey, let’s not just throw numbers at you. Costs vary—a lot."
    assert doc.blocks[1].text == "Second paragraph without trouble."
    assert doc.meta["html_title"] == "Pet insurance: what it costs — 2025"
    assert any("double-decoded UTF-8 repaired in 1 blocks" in w for w in doc.warnings)


def test_plain_text_lines_repaired():
    doc = segment_text(double("Le café est prêt.") + "\nUne pâte brisée reste telle quelle.\n")
    assert [b.text for b in doc.blocks] == ["Le café est prêt.", "Une pâte brisée reste telle quelle."]
    assert doc.warnings == ["double-decoded UTF-8 repaired in 1 lines"]


def test_training_labels_match_a_double_decoded_gold():
    from provenance.training.labels import block_labels

    good = "Le café est prêt et l’été commence à Paris, dit-on dans la rue."
    doc = segment_text(double(good) + "\nMenu Accueil Contact\n")
    assert doc.blocks[0].text == good
    assert block_labels(doc, double(good)).tolist() == [1, 0]   # the gold as copied from the page
