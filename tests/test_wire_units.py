"""Units of wire provenance: normalisation, MinHash/LSH, alignment, clustering, the pair model."""
from __future__ import annotations

import random

import numpy as np
import pytest

from provenance.boilerplate.model import ModelFileError
from provenance.wire.align import align, prepare
from provenance.lexicon.stopwords import stopwords_for
from provenance.wire.align import Passage
from provenance.wire.groups import PairResult, cluster, event_groups, group_id, wire_groups
from provenance.wire.minhash import (_probability, candidate_pairs, estimated_jaccard, lsh_params,
                                     shingles, signature)
from provenance.wire.normalize import names, numbers, quotations, tokenize
from provenance.wire.pairs import PairModel
from provenance.wire.vocabulary import Vocabulary


def test_normalisation_unifies_house_styles():
    a = tokenize("The U.S. economy grew 15 percent, it’s said — a “record”.")
    b = tokenize("the US economy grew 15% , it's said - a \"record\".")
    assert a.words == b.words
    assert a.words[:5] == ["the", "us", "economy", "grew", "15%"]
    text = "Prices rose 3 per cent in Seoul."
    t = tokenize(text)
    i = t.words.index("3%")
    assert text[t.starts[i]:t.ends[i]] == "3 per cent"


def test_sentence_units_do_not_split_abbreviations():
    t = tokenize("The U.S. and Mr. Lee met. Then they left.\nNew line")
    assert len(t.units) == 3


def test_names_numbers_quotes():
    text = 'On Saturday Prime Minister Ishiba met Lee in Tokyo. He said “we will build a future-oriented relationship” with 15 percent tariffs.'
    t = tokenize(text)
    assert {"ishiba", "lee", "tokyo", "prime", "minister"} <= names(text, t)
    assert "15%" in numbers(t)
    assert quotations(text) == ["we will build a future oriented relationship"]


def test_signature_is_stable_across_processes_and_machines():
    sig = signature(shingles(tokenize("Japan and South Korea agreed to deepen cooperation on trade",
                                      stopwords_for("en"))))
    # a fixed value: xxh3 token hashes and seeded multiply-shift permutations, nothing random
    assert int(sig.astype(np.uint64).sum()) == 172201237871
    assert sig.dtype == np.uint32 and sig.shape == (256,)


def test_minhash_estimates_jaccard():
    rng = random.Random(0)
    for target in (0.1, 0.3, 0.6):
        base = [rng.getrandbits(63) for _ in range(2000)]
        k = int(len(base) * 2 * target / (1 + target))   # |A∩B| for |A|=|B|=2000 and Jaccard target
        a = np.array(base, dtype=np.uint64)
        b = np.array(base[:k] + [rng.getrandbits(63) for _ in range(len(base) - k)], dtype=np.uint64)
        sigs = np.stack([signature(a), signature(b)])
        est = estimated_jaccard(sigs, np.array([[0, 1]]))[0]
        assert abs(est - target) < 0.08


def test_lsh_params_put_the_s_curve_at_the_target():
    for t in (0.1, 0.3, 0.5):
        bands, rows = lsh_params(t, 256)
        assert bands * rows <= 256
        assert 0.3 < _probability(np.array(t), bands, rows) < 0.9
        assert _probability(np.array(min(1.0, 2.5 * t)), bands, rows) > 0.95
        assert _probability(np.array(t / 5), bands, rows) < 0.1


def test_candidate_pairs_and_huge_buckets():
    sigs = np.arange(10 * 256, dtype=np.uint32).reshape(10, 256)
    sigs[3] = sigs[7]
    assert candidate_pairs(sigs).tolist() == [[3, 7]]
    same = np.zeros((500, 256), dtype=np.uint32)             # 500 identical documents
    pairs = candidate_pairs(same, max_bucket=64, window=4)
    assert len(pairs) < 500 * 4 * lsh_params()[0]            # windowed, not 124,750 pairs
    # still one connected component
    parent = list(range(500))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x
    for i, j in pairs:
        parent[find(int(i))] = find(int(j))
    assert len({find(i) for i in range(500)}) == 1
    empty = np.full((3, 256), 0xFFFFFFFF, dtype=np.uint32)    # documents with no shingles
    assert len(candidate_pairs(empty)) == 0


SOURCE = ("Japan and South Korea agreed on Saturday to deepen cooperation on trade and security. "
          "The two leaders met in Tokyo for ninety minutes and issued a joint statement. "
          "Officials said the talks covered tariffs, supply chains and the North Korean threat.")


def test_alignment_finds_edited_copy_and_paraphrase():
    copy = ("Japan and South Korea agreed on Saturday to deepen their cooperation on trade and "
            "security. Unrelated local sentence about a football match that ended in a draw.")
    para = "Tariffs, the North Korean threat and supply chains were covered in the talks, officials said."
    A, B, C = prepare("a", SOURCE), prepare("b", copy), prepare("c", para)
    df = {}
    for d in (A, B, C):
        for w in set(d.tokens.words):
            df[w] = df.get(w, 0) + 1
    ab = align(A, B, Vocabulary(df, 3))
    exact = [p for p in ab.passages if p.exact]
    assert len(exact) == 1 and ab.longest >= 14
    p = exact[0]
    assert SOURCE[p.a_start:p.a_end].startswith("Japan and South Korea") and SOURCE[p.a_start:p.a_end].endswith("security")
    assert copy[p.b_start:p.b_end].endswith("security")
    ac = align(A, C, Vocabulary(df, 3))
    assert not any(p.exact for p in ac.passages)
    (q,) = ac.passages
    assert SOURCE[q.a_start:q.a_end].startswith("Officials said") and 0.2 < ac.cov[0] < 0.5


def test_cluster_does_not_chain_two_stories_through_one_link():
    ids = list("abcdefg")
    links = [(0.99, "a", "b"), (0.98, "a", "c"), (0.97, "b", "c"),
             (0.99, "d", "e"), (0.98, "d", "f"), (0.97, "e", "f"),
             (0.6, "c", "d"),                       # one stray link between the stories
             (0.7, "g", "a")]                       # a copy that shares text with one member
    assert cluster(ids, links) == [["a", "b", "c", "g"], ["d", "e", "f"]]


def test_a_pair_joins_a_story_through_one_member_only_by_a_strong_link():
    # x and y are one story's two copies; x also shares one paragraph with a member of another
    # story (wirebench-dev's w058 and w028): half of the pair linked, by a weak link, is no merge
    ids = ["a", "b", "c", "x", "y"]
    story = [(0.99, "a", "b"), (0.98, "a", "c"), (1.0, "x", "y")]
    assert cluster(ids, story + [(0.61, "c", "x")]) == [["a", "b", "c"], ["x", "y"]]
    # a strong link (a copy of the story that kept one of its own copies' text) still merges
    assert cluster(ids, story + [(0.95, "c", "x")]) == [["a", "b", "c", "x", "y"]]
    # and so do weak links from every member of the pair
    assert cluster(ids, story + [(0.61, "c", "x"), (0.6, "b", "y")]) == [["a", "b", "c", "x", "y"]]


def test_group_ids_depend_on_members_only():
    assert group_id("w", ["b", "a"]) == group_id("w", ["a", "b"]) != group_id("w", ["a", "c"])


def test_pair_model_refuses_bad_files(tmp_path):
    bad = tmp_path / "pairs.npz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelFileError, match="pairs.npz"):
        PairModel.load(bad)
    with pytest.raises(ModelFileError, match="not found"):
        PairModel.load(tmp_path / "missing.npz")


def test_frequent_tokens_of_a_large_corpus_are_not_content_words():
    df = {"zorblat": 900, "quennix": 3}
    vocab = Vocabulary(df, 1000)
    t = tokenize("zorblat quennix zorblat", frozenset(), vocab)
    assert t.content.tolist() == [False, True, False]
    # a small corpus has no frequent tokens: a story copied by all of its 20 documents stays content
    assert tokenize("zorblat quennix", frozenset(), Vocabulary({"zorblat": 20}, 20)).content.tolist() == [True, True]


def _pair(a, b, p_derived, passages=0, p_event=0.0, names_event=False, chars=120):
    return PairResult(a, b, 1 - p_derived - p_event, p_event, p_derived,
                      [Passage(k * chars, (k + 1) * chars, k * chars, (k + 1) * chars, True, chars // 6)
                       for k in range(passages)], names_event)


def test_one_stock_sentence_is_no_derived_link():
    # two short notices sharing one 45-character sentence: however sure the pair model is,
    # less than DERIVED_MIN_SHARED_CHARS of shared text links nothing
    from provenance.wire.thresholds import DERIVED_MIN_SHARED_CHARS

    assert wire_groups(["a", "b"], [_pair("a", "b", 0.99, passages=1, chars=45)], {"a": 150, "b": 150}, {}) == []
    (g,) = wire_groups(["a", "b"], [_pair("a", "b", 0.99, passages=1, chars=DERIVED_MIN_SHARED_CHARS)],
                       {"a": 150, "b": 150}, {})
    assert g.members == ["a", "b"]


def test_a_document_joins_a_wire_group_only_through_shared_passages():
    pairs = [_pair("a", "b", 0.99, passages=2), _pair("a", "c", 0.95, passages=0)]
    (g,) = wire_groups(list("abc"), pairs, {"a": 100, "b": 100, "c": 100}, {})
    assert g.members == ["a", "b"] and all(f > 0 for f in g.fractions.values())


def test_origin_is_the_earliest_dated_member_whatever_the_date_format():
    pairs = [_pair("a", "b", 0.99, passages=1)]
    (g,) = wire_groups(["a", "b"], pairs, {"a": 100, "b": 100}, {"a": "3 May 2024", "b": "2024-05-01"})
    assert g.origin == "b"


def test_every_wire_group_lies_inside_one_event_group():
    # a wire group alone is an event group too; an article on the same event joins it
    pairs = [_pair("a", "b", 0.99, passages=1), _pair("b", "c", 0.1, p_event=0.8), _pair("x", "y", 0.99, passages=1)]
    events = event_groups(list("abcxyz"), pairs, {"a": "w1", "b": "w1", "x": "w2", "y": "w2"})
    assert events == [["a", "b", "c"], ["x", "y"]]
