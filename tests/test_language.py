"""Language identification (`provenance.language`): py3langid's answers, a lazy and cached load.

The compiled walk gives py3langid's `visit_counts` features (same order, same counts) and the
compiled classifier py3langid's label, with both scoring kernels, on inline sentences in 19
languages and on generated strings (letters of many scripts, digits, punctuation, lone
surrogates, empty and very long strings); the exact-score path equals py3langid's `_decide`
bit for bit; "und" for texts without letters; importing the package loads nothing; the cache
is built once, then mapped; a corrupt, truncated or foreign cache entry is rebuilt; an
unwritable cache falls back to memory; forked workers and threads get the same answers.
"""
from __future__ import annotations

import functools
import importlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from provenance import compiled
from provenance.language import cache, identify, identify_many, iso639_1

ident = importlib.import_module("provenance.language.identify")

SENTENCES = {
    "ar": "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة، بحضور عدد من المسؤولين والأطباء.",
    "fa": "وزارت بهداشت امروز از افتتاح یک بیمارستان جدید در پایتخت خبر داد و گفت که کار ساخت آن دو سال طول کشید.",
    "ur": "وزیر اعظم نے کہا ہے کہ حکومت ملک میں مہنگائی کم کرنے کے لیے نئے اقدامات کر رہی ہے۔",
    "hi": "प्रधानमंत्री ने कहा कि सरकार देश में महंगाई कम करने के लिए नए कदम उठा रही है।",
    "bn": "প্রধানমন্ত্রী বলেছেন যে সরকার দেশে মূল্যস্ফীতি কমাতে নতুন পদক্ষেপ নিচ্ছে।",
    "ja": "政府は来年度の予算案を閣議決定し、防衛費と子育て支援の拡充を盛り込んだ。",
    "zh": "国务院总理在记者会上表示，政府将继续推进经济改革，扩大国内需求。",
    "ru": "Правительство объявило о новых мерах поддержки малого бизнеса в регионах страны.",
    "de": "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen.",
    "es": "El gobierno anunció ayer un nuevo plan para reducir el desempleo entre los jóvenes del país.",
    "fr": "Le gouvernement a annoncé hier un nouveau plan pour réduire le chômage des jeunes dans le pays.",
    "id": "Kami tidak bisa memastikan kapan jalan tol itu akan dibuka, tapi pekerjaannya sudah hampir selesai, "
          "ujarnya kepada wartawan.",
    "sw": "Serikali imetangaza mpango mpya wa kupunguza ukosefu wa ajira miongoni mwa vijana nchini.",
    "en": "The government announced a new plan on Tuesday to reduce unemployment among young people.",
    "th": "รัฐบาลประกาศแผนใหม่เพื่อลดอัตราการว่างงานของคนหนุ่มสาวในประเทศ",
    "ko": "정부는 청년 실업을 줄이기 위한 새로운 계획을 어제 발표했다.",
    "el": "Η κυβέρνηση ανακοίνωσε χθες ένα νέο σχέδιο για τη μείωση της ανεργίας των νέων.",
    "he": "הממשלה הודיעה אתמול על תוכנית חדשה להפחתת האבטלה בקרב צעירים.",
    "tr": "Hükümet dün gençler arasındaki işsizliği azaltmak için yeni bir plan açıkladı.",
}
NO_LETTERS = ["", " ", "\n\n", "1234 5678", "12.05.2025, 14:30 — ", "!!! ??? ...", "٣٤٥ ٦٧", "🙂🙂 👍", "\ud800",
              "© 2025 | +49 (0)30 1234-567"]


@pytest.fixture(scope="module")
def py3():
    """py3langid's own identifier, loaded from its own file."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE)


@pytest.fixture(scope="module")
def state():
    identify("x")
    return ident._state()


@pytest.fixture(scope="module", params=["avx2", "generic"])
def model(request, state):
    from provenance.language import _langid
    if request.param not in _langid.kernels():
        pytest.skip(f"this processor has no {request.param} kernel")
    return _langid.Model(state.tables, request.param)


def theirs(py3, text: str) -> str:
    """identify() by py3langid itself: its label of the text, "und" without a letter or
    without a feature (py3langid's floor score)."""
    from py3langid.langid import RAW_FLOOR
    label, score = py3.classify(text)
    return iso639_1(label) if any(map(str.isalpha, text)) and score != RAW_FLOOR else "und"


# strings of many scripts: letters, marks, digits, punctuation, spaces, lone surrogates
_SCRIPTS = "".join(SENTENCES.values()) + "ÀÉÎÕÜßçñøåæœĳǅǈΣσςİıŉ" + "ąęłńśźżčďěňřšťůž" + "ḀẞỳṩꝎ"
_chars = st.one_of(st.sampled_from(_SCRIPTS), st.characters(),
                   st.sampled_from([chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)]),
                   st.sampled_from(list("0123456789 .,;:!?-–—«»\"'()[]/\\\n\t\u00a0\u200b\u0301\u0308")))
texts = st.one_of(st.lists(_chars, max_size=200).map("".join),
                  st.sampled_from(list(SENTENCES.values())).map(str.upper),
                  st.builds(lambda s, k: s * k, st.lists(_chars, min_size=1, max_size=12).map("".join),
                            st.integers(1, 400)))


# ---------------------------------------------------------------------------------------------
# answers


def test_the_installed_package_uses_the_compiled_module():
    assert ident.uses_compiled()
    assert compiled.status()["language._langid:_agrees_with_reference"]


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_sentences_get_their_language(lang, py3):
    text = SENTENCES[lang]
    assert identify(text) == lang
    assert ident.identify_reference(text) == lang
    assert theirs(py3, text) == lang


def test_identify_many_is_identify_of_each():
    items = list(SENTENCES.values()) + NO_LETTERS
    assert identify_many(items) == [identify(t) for t in items]
    assert identify_many(iter(items)) == identify_many(items)
    assert identify_many([]) == []


@pytest.mark.parametrize("text", NO_LETTERS)
def test_no_letters_is_und(text):
    assert identify(text) == "und"
    assert ident.identify_reference(text) == "und"


def test_the_sample_is_the_first_max_chars_characters():
    de = " ".join([SENTENCES["de"]] * (ident.SAMPLE_CHARS // len(SENTENCES["de"]) + 1))
    text = de + " " + SENTENCES["ja"] * 40                           # ja starts after SAMPLE_CHARS
    assert identify(text) == identify_many([text])[0] == "de"
    assert identify(text, max_chars=None) == "ja"
    assert identify("1234 " + de, max_chars=5) == "und"


def test_labels_are_iso639_1_or_documented(state):
    three = {"ace", "bcl", "crh", "ext", "gcf", "gcr", "gom", "grc", "guw", "hbo", "kab", "lij", "ltg",
             "nso", "pcm", "vec"}
    for label in state.classes:
        code = iso639_1(label)
        assert len(code) == 2 or code in three or (label, code) == ("zxx", "und"), label
    assert iso639_1("arz") == iso639_1("ary") == "ar" and iso639_1("yue") == "zh" and iso639_1("uzs") == "uz"


@given(texts)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("")
@example("a" * 70_000)                 # a count past the log1p table
@example("ΣΑΣ ΟΔΟΣ")                    # all capitals: lower-cased, final sigma
@example("e\u0301te\u0301")              # NFC composes
@example("\udfff\ud800 x")
def test_compiled_equals_py3langid(model, state, py3, text):
    from py3langid.langid import visit_counts
    encoded = ident.encode(text)
    assert encoded == py3._encode(text)
    counter = visit_counts(py3.tk_nextmove, py3._rowbase, py3.tk_output, encoded)
    feats, counts = model.features(encoded)
    assert list((counter or {}).items()) == list(zip(feats.tolist(), counts.astype(int).tolist()))
    assert ident._compiled_codes(state, model, [text], None) == [theirs(py3, text)]
    assert ident.identify_reference(text, None) == theirs(py3, text)


@given(st.lists(texts, max_size=9))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_batches_equal_single_texts(model, state, batch):
    # the lockstep walk: any mix of lengths and of texts without letters in one call
    encoded = [ident.encode(t) for t in batch]
    assert [(f.tolist(), c.tolist()) for f, c in model.features_many(encoded)] == \
           [tuple(x.tolist() for x in model.features(e)) for e in encoded]
    assert ident._compiled_codes(state, model, batch, None) == \
           [ident._compiled_codes(state, model, [t], None)[0] for t in batch]


@given(texts)
@settings(max_examples=200, deadline=None)
def test_has_letter_equals_str_isalpha(text):
    from provenance.language import _langid
    assert _langid.has_letter(text) == ident.has_letter(text) == any(c.isalpha() for c in text)


@pytest.mark.parametrize("text", list(SENTENCES.values()) + [SENTENCES["de"].upper(), "x", "a" * 70_000])
def test_exact_scores_are_py3langids(state, py3, text):
    # the exact path is py3langid's numpy expression on the same arrays: identical scores
    from py3langid.langid import RAW_FLOOR
    ours = ident._exact_scores(state, state.model, ident.encode(text), RAW_FLOOR)
    assert np.array_equal(ours, py3._decide(text))


def test_compiled_scores_are_within_the_bound(model, state, py3):
    # the compiled float32 sums differ from numpy's by far less than the bound B the
    # argmax rule allows for (each side may be off by 2 B); the margin rule is conservative
    corpus = list(SENTENCES.values())
    corpus += [a + " " + b for a in corpus[:6] for b in corpus[6:12]]
    corpus += [t[:n] for t in corpus[:19] for n in (3, 10, 30)]
    worst = 0.0
    for text in corpus:
        result = model.scores(ident.encode(text))
        if result is None:
            continue
        scores, bound = result
        feats, counts = model.features(ident.encode(text))
        raw = np.log1p(counts) @ state.nb_ptc[feats] + state.tables.pc
        err = float(np.max(np.abs(scores.astype(np.float64) - raw.astype(np.float64))))
        assert err <= 2 * bound
        worst = max(worst, err / bound)
    assert worst < 0.5


def test_ambiguous_texts_go_to_the_exact_path(state, model):
    # with an inflated error bound every text is left to the exact numpy path, and the
    # answers stay the same
    from provenance.language import _langid
    huge = cache.Tables(*[getattr(state.tables, f) for f in ("ptc", "pc", "classes", "nextmove", "row", "out")],
                        1e9, 1e9, "memory", None)
    deferring = _langid.Model(huge, model.kernel_name)
    items = list(SENTENCES.values())
    res = deferring.classify_many(items, [ident.encode(t) for t in items])
    assert (res == _langid.AMBIGUOUS).all()
    assert ident._compiled_codes(state, deferring, items, None) == list(SENTENCES)


def test_pure_python_setting_uses_the_reference(monkeypatch):
    monkeypatch.setenv("PROVENANCE_PURE_PYTHON", "1")
    ident.LANGID.reset()
    try:
        assert not ident.uses_compiled()
        assert identify_many(list(SENTENCES.values())) == list(SENTENCES)
    finally:
        monkeypatch.delenv("PROVENANCE_PURE_PYTHON")
        ident.LANGID.reset()
    assert ident.uses_compiled()


def test_threads_get_the_same_answers():
    items = (list(SENTENCES.values()) + NO_LETTERS) * 20
    expected = identify_many(items)
    results, errors = [], []

    def work():
        try:
            for _ in range(5):
                results.append(identify_many(items) == expected and [identify(t) for t in items] == expected)
        except Exception as exc:       # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(results) and len(results) == 20


def _child_identify(texts):
    return identify_many(texts), ident._state().tables.source


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_forked_workers_share_the_loaded_model():
    identify("x")
    ctx = multiprocessing.get_context("fork")
    items = list(SENTENCES.values())
    with ctx.Pool(2) as pool:
        out = pool.map(_child_identify, [items] * 4)
    assert all(codes == list(SENTENCES) for codes, _ in out)


# ---------------------------------------------------------------------------------------------
# loading


def test_importing_the_package_loads_nothing():
    code = ("import sys, provenance, provenance.language, provenance.cli; "
            "from provenance.language import identify; import importlib; "
            "m = importlib.import_module('provenance.language.identify'); "
            "print('py3langid' in sys.modules, m.loaded(), 'provenance.language._langid' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory):
    """A cache directory with the model built into it once."""
    root = tmp_path_factory.mktemp("langid-cache")
    old = os.environ.get(cache.CACHE_ENV)
    os.environ[cache.CACHE_ENV] = str(root)
    try:
        tables = cache.load_tables()
    finally:
        if old is None:
            del os.environ[cache.CACHE_ENV]
        else:
            os.environ[cache.CACHE_ENV] = old
    assert tables.source == "built"
    return root


@functools.lru_cache(maxsize=1)
def _py3langid_arrays():
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model
    return load_model(MODEL_DIR / MODEL_FILE)


def _same_as_py3langid(tables):
    ptc, pc, classes, nextmove, row, out = _py3langid_arrays()
    assert np.array_equal(tables.nb_ptc, ptc) and tables.nb_ptc.dtype == ptc.dtype
    assert np.array_equal(tables.pc, pc) and tables.classes == classes
    assert tables.nextmove.tobytes() == np.asarray(nextmove, dtype=np.uint32).tobytes()
    assert list(tables.row) == list(row) and list(tables.out) == list(out)
    assert not tables.ptc[:, len(classes):].any()


def test_the_cache_is_built_once_then_mapped(built_cache, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(built_cache))
    (entry,) = [p for p in built_cache.iterdir() if not p.name.startswith(".")]
    before = {p.name: p.stat().st_mtime_ns for p in entry.iterdir()}
    tables = cache.load_tables()
    assert tables.source == "cache" and tables.path == entry
    assert isinstance(tables.nextmove, np.memmap) and isinstance(tables.ptc, np.memmap)
    assert {p.name: p.stat().st_mtime_ns for p in entry.iterdir()} == before
    _same_as_py3langid(tables)
    assert not [p for p in built_cache.iterdir() if p.name.startswith(".")]    # no temporary left


def test_a_fresh_process_uses_the_cache(built_cache):
    code = ("import importlib; from provenance.language import identify; "
            "m = importlib.import_module('provenance.language.identify'); "
            "print(identify('Die Regierung hat neue Maßnahmen angekündigt.'), m.model_source(), m.uses_compiled())")
    env = {**os.environ, cache.CACHE_ENV: str(built_cache)}
    # (run outside the checkout: from its root, `-c` would import the source tree, which has no
    # compiled modules when the package was installed without building them in place)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=built_cache).stdout
    assert out.split() == ["de", "cache", "True"]


def _damage(entry, how):
    if how == "flip a byte":
        path = entry / "nextmove.npy"
        with open(path, "r+b") as fh:
            fh.seek(path.stat().st_size // 2)
            b = fh.read(1)
            fh.seek(-1, 1)
            fh.write(bytes([b[0] ^ 0x01]))
    elif how == "truncate":
        path = entry / "ptc.npy"
        os.truncate(path, path.stat().st_size - 1000)
    elif how == "manifest":
        manifest = json.loads((entry / "manifest.json").read_text())
        manifest["body"]["stats"]["ptc_maxabs"] = 0.001           # the checksum no longer matches
        (entry / "manifest.json").write_text(json.dumps(manifest))
    elif how == "not json":
        (entry / "manifest.json").write_text("{")
    elif how == "missing file":
        (entry / "out.npy").unlink()
    elif how == "another model":
        manifest = json.loads((entry / "manifest.json").read_text())
        manifest["body"]["source_xxh3"] = "0" * 16
        manifest["checksum"] = cache._manifest_checksum(manifest["body"])
        (entry / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("how", ["flip a byte", "truncate", "manifest", "not json", "missing file", "another model"])
def test_a_damaged_cache_is_rebuilt(built_cache, tmp_path, monkeypatch, how):
    root = tmp_path / "cache"
    shutil.copytree(built_cache, root)
    (entry,) = list(root.iterdir())
    _damage(entry, how)
    monkeypatch.setenv(cache.CACHE_ENV, str(root))
    tables = cache.load_tables()
    assert tables.source == "built" and tables.path == entry
    _same_as_py3langid(tables)
    assert cache.load_tables().source == "cache"
    assert [p.name for p in root.iterdir()] == [entry.name]


def test_an_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))        # cannot be a directory
    tables = cache.load_tables()
    assert tables.source == "memory" and tables.path is None
    _same_as_py3langid(tables)
    from provenance.language import _langid
    model = _langid.Model(tables)
    items = list(SENTENCES.values())
    assert model.classify_many(items, [ident.encode(t) for t in items]).tolist() == \
           [tables.classes.index(lang) for lang in SENTENCES]


def test_the_cache_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "a"))
    assert cache.cache_dir() == tmp_path / "a"
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "provenance"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "provenance"


def test_model_rejects_tables_that_index_outside(state):
    from provenance.language import _langid
    t = state.tables
    bad_next = np.array(t.nextmove)
    bad_next[5] = len(t.row)                                            # a state that does not exist
    with pytest.raises(ValueError):
        _langid.Model(cache.Tables(t.ptc, t.pc, t.classes, bad_next, t.row, t.out, 1.0, 1.0, "memory", None))
    bad_out = np.array(t.out)
    bad_out[3] = t.ptc.shape[0]
    with pytest.raises(ValueError):
        _langid.Model(cache.Tables(t.ptc, t.pc, t.classes, t.nextmove, t.row, bad_out, 1.0, 1.0, "memory", None))


def test_encode_is_py3langids(py3):
    for text in list(SENTENCES.values()) + ["ΣΑΣ", "İSTANBUL", "e\u0301", "\ud800", ""]:
        assert ident.encode(text) == py3._encode(text)
    assert ident.encode("ÉTÉ") == unicodedata.normalize("NFC", "été").encode()


def test_a_model_file_it_cannot_read_falls_back_to_py3langid(monkeypatch):
    # a future py3langid with another layout: py3langid's own loader and classifier, same answers
    def unreadable():
        raise ValueError("unexpected py3langid model layout")

    monkeypatch.setattr(cache, "load_tables", unreadable)
    monkeypatch.setattr(ident, "_STATE", None)
    ident.LANGID.reset()
    try:
        with pytest.warns(RuntimeWarning, match="own loader"):
            assert identify_many(list(SENTENCES.values())) == list(SENTENCES)
        assert ident.model_source() == "py3langid" and not ident.uses_compiled()
    finally:
        ident.LANGID.reset()


def test_the_probe_rejects_a_compiled_module_that_disagrees(state):
    from types import SimpleNamespace

    from provenance.language import _langid

    class Reversed(_langid.Model):           # right labels, features in the wrong order
        def features(self, encoded):
            feats, counts = super().features(encoded)
            return feats[::-1].copy(), counts[::-1].copy()

    class WrongLabel(_langid.Model):
        def classify_many(self, samples, encoded):
            return (super().classify_many(samples, encoded) + 1) % len(state.classes)

    class Refuses:
        def __init__(self, tables):
            raise ValueError("tables")

    saved = state.model
    try:
        for cls in (Reversed, WrongLabel, Refuses):
            assert not ident._agrees_with_reference(SimpleNamespace(Model=cls))
        assert ident._agrees_with_reference(_langid)
    finally:
        state.model = saved
