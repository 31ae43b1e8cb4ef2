"""Block features: shape, finiteness, and the columns the issue names (foreign script,
share/copyright cues, link density)."""
from __future__ import annotations

import numpy as np
import pytest

from provenance.lexicon.cues import attr_cue_mask, attr_cue_masks, text_cue_hits, ATTR_CUE_NAMES, TEXT_CUE_NAMES
from provenance.boilerplate.features import BlockFeatures, context_features
from provenance.document import Block, Document
from provenance.segment.html import segment_html
from provenance.segment.text import segment_text

from conftest import HTML_FILES, SEED_FILES, seed

ENGLISH = [
    "Japanese Prime Minister Shigeru Ishiba hosted South Korean President Lee Jae Myung in Tokyo.",
    "The two leaders agreed to resume shuttle diplomacy and to expand exchanges.",
    "Share This Post",
    "শেয়ার করুন",
    "© 2025 Example Corp. All rights reserved.",
    "Both countries host significant US military presence in the region, officials said.",
]


def text_doc(lines) -> Document:
    return Document(id="t", source="text",
                    blocks=[Block(text=t, position=i) for i, t in enumerate(lines)])


def column(feats: BlockFeatures, X: np.ndarray, name: str) -> np.ndarray:
    names = list(feats.get_feature_names_out())
    assert name in names, name
    return X[:, names.index(name)]


@pytest.mark.parametrize("dom", [True, False])
def test_one_finite_row_per_block(dom):
    docs = [segment_html(p.read_bytes(), p.name) for p in HTML_FILES[:2]]
    docs += [segment_text(p.read_bytes(), p.name) for p in SEED_FILES]
    docs.append(text_doc(ENGLISH))
    feats = BlockFeatures(dom=dom)
    X = feats.fit(docs).transform(docs)
    names = feats.get_feature_names_out()
    assert X.shape == (sum(len(d.blocks) for d in docs), len(names))
    assert len(set(names)) == len(names)
    assert np.isfinite(X).all()
    # row i is block i: per-document transforms stack to the same matrix
    assert np.array_equal(np.vstack([feats.transform([d]) for d in docs]), X)


def test_dom_adds_columns():
    assert len(BlockFeatures(dom=True).get_feature_names_out()) > \
        len(BlockFeatures(dom=False).get_feature_names_out())


def test_empty_inputs():
    for dom in (True, False):
        feats = BlockFeatures(dom=dom)
        width = len(feats.get_feature_names_out())
        assert feats.transform([]).shape == (0, width)
        assert feats.transform([Document(id="e")]).shape == (0, width)


def test_deterministic():
    doc = segment_html(HTML_FILES[0].read_bytes())
    feats = BlockFeatures()
    assert np.array_equal(feats.transform([doc]), feats.transform([doc]))


def test_foreign_script_bengali_share_label_in_english_page():
    feats = BlockFeatures(dom=False)
    X = feats.transform([text_doc(ENGLISH)])
    foreign = column(feats, X, "foreign_script")
    assert foreign[ENGLISH.index("শেয়ার করুন")] == 1
    for i, t in enumerate(ENGLISH):
        if t != "শেয়ার করুন":
            assert foreign[i] == 0, t


def test_foreign_script_in_seed_004():
    doc = segment_text(seed("004").read_bytes())
    feats = BlockFeatures(dom=False)
    foreign = column(feats, feats.transform([doc]), "foreign_script")
    flagged = [b.text for b, f in zip(doc.blocks, foreign) if f == 1]
    assert flagged == ["শেয়ার করুন"]


def test_cue_columns():
    feats = BlockFeatures(dom=False)
    X = feats.transform([text_doc(ENGLISH)])
    share = column(feats, X, "cue_share")
    copyright_ = column(feats, X, "cue_copyright")
    assert share[ENGLISH.index("Share This Post")] >= 1
    assert copyright_[ENGLISH.index("© 2025 Example Corp. All rights reserved.")] >= 1
    # body sentences fire neither
    for i in (0, 1, 5):
        assert share[i] == 0 and copyright_[i] == 0
    assert share[ENGLISH.index("© 2025 Example Corp. All rights reserved.")] == 0
    assert copyright_[ENGLISH.index("Share This Post")] == 0


def test_cue_words_are_word_bounded():
    hits = dict(zip(TEXT_CUE_NAMES, text_cue_hits("the homeless shelter offered menus")))
    assert hits["navigation"] == 0  # "home" inside "homeless", "menu" inside "menus"
    hits = dict(zip(TEXT_CUE_NAMES, text_cue_hits("back to home | menu")))
    assert hits["navigation"] >= 2


def test_attr_cue_mask():
    names = {n: 1 << i for i, n in enumerate(ATTR_CUE_NAMES)}
    assert attr_cue_mask("site-footer") & names["footer"]
    assert attr_cue_mask("social-share-buttons") & names["share"]
    assert attr_cue_mask("") == 0


def test_attr_cue_masks_of_many_texts_are_each_texts_mask():
    """The batch the C walk asks once a page gives every text its own mask: matches at the
    joins belong to the text they start in, none spans two texts, lone surrogates are kept."""
    texts = ["site-footer", "social-share-buttons related", "x", "nav", "main content", "comment\ud800share",
             "menu-main-menu-container", "sidebar widget", "share", "foot", "er", "é-article-body"]
    assert attr_cue_masks(texts) == [attr_cue_mask(t) for t in texts]
    assert any(attr_cue_masks(texts)) and attr_cue_masks([]) == [] and attr_cue_masks(["zzz"]) == [0]
    # two halves of a cue in neighbouring texts make no match
    assert attr_cue_masks(["foo", "ter"]) == [attr_cue_mask("foo"), attr_cue_mask("ter")]


def test_link_density():
    page = (b"<html><body><ul><li><a href='/a'>An entirely linked menu entry</a></li></ul>"
            b"<p>A paragraph of plain prose with no links at all in it.</p>"
            b"<p>Half of this <a href='/x'>is a link</a></p></body></html>")
    doc = segment_html(page)
    feats = BlockFeatures(dom=True)
    ld = column(feats, feats.transform([doc]), "link_density")
    assert [b.text for b in doc.blocks][0] == "An entirely linked menu entry"
    assert ld[0] == pytest.approx(1.0, abs=0.05)
    assert ld[1] == 0
    assert 0.3 < ld[2] < 0.8
    assert ((ld >= 0) & (ld <= 1)).all()


def test_context_features_shape():
    docs = [text_doc(ENGLISH), text_doc(ENGLISH[:2])]
    p1 = np.linspace(0, 1, len(ENGLISH) + 2)
    C = context_features(docs, p1)
    assert C.shape[0] == len(ENGLISH) + 2
    assert np.isfinite(C).all()


def test_compiled_block_columns_equal_the_reference():
    """`_blockcols` gives the numpy references' columns bit for bit, page by page and for
    pages batched together (document boundaries), HTML and plain text, in several scripts."""
    from provenance.boilerplate import blockcols as F
    from provenance.boilerplate.textstats import block_stats

    module = F.COLUMNS.get()
    assert module is not None, "boilerplate._blockcols is not built or disagrees with its reference"
    docs = [segment_html(p.read_bytes()) for p in HTML_FILES]
    docs += [segment_text("عنوان الخبر\nهذا نص الخبر الأول، وفيه كلمات.\nشارك"),
             segment_text("東京で会議\n会議は午前十時に始まった。\n関連記事"), segment_text("x")]
    docs = [d for d in docs if d.blocks]
    for group in [[d] for d in docs] + [docs]:
        texts = [b.text for d in group for b in d.blocks]
        st, sc = block_stats(texts, frozenset({"the", "of"}))
        link = np.array([float(b.link_chars) for d in group for b in d.blocks])
        lens = np.array([len(d.blocks) for d in group], dtype=np.int64)
        stop = np.ones(len(group))
        ref_rows, ref_words = F.block_columns_python(st, sc, link, lens, stop)
        rows, words = module.block_columns(np.ascontiguousarray(st), np.ascontiguousarray(sc, dtype=np.int64),
                                           link, lens, stop, F._SPACELESS, F._CASELESS, F.SPACELESS_CHARS_PER_WORD)
        assert np.array_equal(rows, ref_rows) and np.array_equal(words, ref_words)
        assert np.array_equal(module.neighbour_columns(rows, F._BASE_ROWS, F._SHIFTS, lens),
                              F.neighbour_columns_python(rows, F._BASE_ROWS, F._SHIFTS, lens))
