"""Language identification with py3langid's shipped model: its answers, fast to load and to run.

`identify(text)` and `identify_many(texts)` give the language py3langid's
`LanguageIdentifier.classify` gives for the first `SAMPLE_CHARS` characters of each text (the
whole text with `max_chars=None`), as an ISO 639-1 code (see `iso639_1`), or "und" when the
sample has no letter or no feature of the model. py3langid is used as it ships; what differs is
how its model is loaded and how its classifier runs:

* loading: `cache.load_tables` maps a once-decompressed copy of the model from the per-user
  cache (py3langid decompresses it on every start), and nothing is loaded before the first
  call: importing the package costs nothing;
* the classifier: the compiled `_langid.Model` walks the DFA and scores in C (py3langid walks in
  a Python loop and scores with numpy). Its features are py3langid's, in the same order, with
  the same counts; its winner is used only when its margin over the runner-up exceeds the
  error bound of the two float32 computations, and otherwise the text is scored with
  py3langid's numpy expression on the same arrays (`_exact_index`), so the answer is always
  py3langid's argmax (see `_langid`'s docstring);
* the reference: where the compiled module is not built, disagrees with py3langid on the probe
  (`_agrees_with_reference`, run once per process at first use through
  `provenance.compiled.verified`), or `PROVENANCE_PURE_PYTHON=1` is set, each text goes to a
  py3langid `LanguageIdentifier` built on the same (mapped) arrays: py3langid's own
  preprocessing, walk, scoring and alias folding (`identify_reference`).

The sample length, SAMPLE_CHARS = 500: on the multilingual news corpus (12 languages) every
language is identified from its first 500 characters as often as from the whole body, but
Persian, whose errors (Fars texts spelled with the Arabic forms of yeh and kaf, read as
Arabic) shrink only slowly with length; 100-300 characters lose points on Spanish and
Indonesian (Malay), and the time grows linearly with the sample, so 500 is where the accuracy
stops rising. `benchmarks/langid_speed.py` prints the table and the timings.

Thread and process safe: the tables are read-only, loading happens once under a lock, the
compiled calls hold the GIL, and a forked child keeps the parent's loaded model (its pages are
the cache file's, shared) or loads its own on first use.

(`provenance.language.identify` is also the name of the function the package exports; this
module is `importlib.import_module("provenance.language.identify")`.)
"""
from __future__ import annotations

import os
import threading
import unicodedata
import warnings
from typing import Iterable

import numpy as np

from ..compiled import verified
from . import cache

SAMPLE_CHARS = 500
UND = "und"

# py3langid labels that are ISO 639-3 codes of a member of a macrolanguage with an ISO 639-1 code
# (or the 639-3 code of a 639-1 language), and "no linguistic content"
_ISO639_1 = {"arz": "ar", "ary": "ar", "uzs": "uz", "wuu": "zh", "yue": "zh", "sdh": "ku", "fuv": "ff",
             "gug": "gn", "kik": "ki", "zxx": UND}


def iso639_1(label: str) -> str:
    """py3langid's label as the record's `lang`: its ISO 639-1 code when it has one (its own
    label, or that of its macrolanguage: arz/ary → ar, uzs → uz, wuu/yue → zh, sdh → ku,
    fuv → ff, gug → gn, kik → ki), "und" for zxx (no linguistic content); the few regional
    and historical languages with no ISO 639-1 code (ace, bcl, crh, ext, gcf, gcr, gom, grc,
    guw, hbo, kab, lij, ltg, nso, pcm, vec) keep py3langid's ISO 639-3 code."""
    return _ISO639_1.get(label, label)


def encode(text: str) -> bytes:
    """py3langid's preprocessing of a str (`LanguageIdentifier._encode`): lower-cased when
    it is all upper case, NFC, UTF-8 with lone surrogates kept (surrogatepass)."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")


def has_letter(text: str) -> bool:
    """Whether any character is a letter (`str.isalpha`); a text without one is "und"."""
    return any(map(str.isalpha, text))


class _Loaded:
    """One process's model: the tables (None: py3langid's own identifier only, see `_load`),
    the labels, and the reference identifier (built on first use of the reference)."""

    def __init__(self, tables: cache.Tables | None):
        self.tables = tables
        self._reference = None
        if tables is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
            self._reference = LanguageIdentifier.from_model_file(MODEL_FILE)
            self.classes = list(self._reference.nb_classes)
        else:
            self.classes = list(tables.classes)
            self.nb_ptc = tables.nb_ptc
        self.codes = [iso639_1(c) for c in self.classes]
        first: dict[str, int] = {}
        self.alias_pairs = []                   # as py3langid's _set_alias_pairs
        for i, c in enumerate(self.classes):
            if c in first:
                self.alias_pairs.append((first[c], i))
            else:
                first[c] = i
        self.model = None                       # the compiled Model, set by the probe

    def reference(self):
        """A py3langid `LanguageIdentifier` on these arrays (as `from_model_file` builds it
        from what `modelio.load_model` returns: the DFA tables as flat int sequences, here
        views of the mapped arrays)."""
        if self._reference is None:
            from py3langid.langid import LanguageIdentifier
            t = self.tables
            self._reference = LanguageIdentifier(
                self.nb_ptc, t.pc, self.classes, memoryview(t.nextmove).cast("B").cast("I"),
                memoryview(t.out).cast("B").cast("i"), tk_row=memoryview(t.row).cast("B").cast(t.row.dtype.char))
        return self._reference


_LOCK = threading.Lock()
_STATE: _Loaded | None = None


def _reset_lock_in_child() -> None:
    global _LOCK
    _LOCK = threading.Lock()
    if _STATE is not None and _STATE.model is not None:
        _STATE.model.after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_lock_in_child)


def _state() -> _Loaded:
    global _STATE
    state = _STATE
    if state is None:
        with _LOCK:
            state = _STATE
            if state is None:
                state = _STATE = _load()
    return state


def _load() -> _Loaded:
    try:
        return _Loaded(cache.load_tables())
    except (ValueError, KeyError) as exc:        # a py3langid whose model file is laid out otherwise
        warnings.warn(f"provenance.language cannot read this py3langid's model ({exc}); using "
                      "py3langid's own loader and classifier (slower to load and to run)", RuntimeWarning)
        return _Loaded(None)


def loaded() -> bool:
    """Whether this process has loaded the model."""
    return _STATE is not None


def model_source() -> str:
    """Where this process's model came from ("cache", "built", "memory", or "py3langid" when
    only py3langid's own loader could read it); loads it."""
    tables = _state().tables
    return "py3langid" if tables is None else tables.source


# ---------------------------------------------------------------------------------------------
# the reference: py3langid's classify


def identify_reference(text: str, max_chars: int | None = SAMPLE_CHARS) -> str:
    """`identify` by py3langid's own `LanguageIdentifier.classify` on the same arrays."""
    from py3langid.langid import RAW_FLOOR
    sample = text if max_chars is None else text[:max_chars]
    if not has_letter(sample):
        return UND
    state = _state()
    label, score = state.reference().classify(sample)
    if score == RAW_FLOOR:                      # no feature: py3langid's floor for every column
        return UND
    return iso639_1(label)


# ---------------------------------------------------------------------------------------------
# the compiled path


def _exact_index(state: _Loaded, model, encoded: bytes) -> int:
    """py3langid's argmax column for a text the compiled scores could not decide: its numpy
    expression (`_sparse_score`) on the compiled walk's features, its alias folding."""
    from py3langid.langid import RAW_FLOOR
    return int(_exact_scores(state, model, encoded, RAW_FLOOR).argmax())


def _exact_scores(state: _Loaded, model, encoded: bytes, floor: float) -> np.ndarray:
    """py3langid's `_decide(text)` scores (norm_probs off) from the compiled walk."""
    idx, counts = model.features(encoded)
    if not len(idx):
        return np.full(len(state.classes), floor, dtype=np.float32)
    scores = np.log1p(counts) @ state.nb_ptc[idx] + state.tables.pc
    for i, j in state.alias_pairs:
        scores[i] = max(scores[i], scores[j])
        scores[j] = floor
    return scores


def _agrees_with_reference(module) -> bool:
    """The compiled walk gives py3langid's `visit_counts` features (order and counts) and the
    compiled classifier py3langid's label on a probe: every script of a few languages, mixed
    case, all capitals, digits and punctuation only, a lone surrogate, combining marks, a
    text of one repeated letter, empty. Keeps the checked `Model` for this process."""
    from py3langid.langid import visit_counts
    state = _state()
    if state.tables is None:
        return False
    try:
        model = module.Model(state.tables)
    except (ValueError, MemoryError):
        return False
    ref = state.reference()
    probe = ["", "1234 567,89 !?", "Der Bundestag hat am Donnerstag das Gesetz beschlossen.",
             "LE GOUVERNEMENT A ANNONCÉ DES MESURES", "Правительство объявило о новых мерах.",
             "أعلنت الحكومة عن إجراءات جديدة", "सरकार ने नई योजनाओं की घोषणा की", "政府は新たな対策を発表した。",
             "El gobierno anunció nuevas medidas \ud800 hoy", "e\u0301te\u0301 cafe\u0301", "a" * 300,
             "Serikali imetangaza hatua mpya za kiuchumi.", "সরকার নতুন পদক্ষেপ ঘোষণা করেছে"]
    try:
        for text in probe:
            encoded = encode(text)
            counter = visit_counts(ref.tk_nextmove, ref._rowbase, ref.tk_output, encoded)
            feats, counts = model.features(encoded)
            if list((counter or {}).items()) != list(zip(feats.tolist(), counts.astype(int).tolist())):
                return False
            if _compiled_codes(state, model, [text], None) != [identify_reference(text, None)]:
                return False
    except Exception:
        return False
    state.model = model
    return True


LANGID = verified("language._langid", _agrees_with_reference)


def _compiled_codes(state: _Loaded, model, texts: list[str], max_chars: int | None) -> list[str]:
    samples = texts if max_chars is None else [t[:max_chars] for t in texts]
    encoded = list(map(encode, samples))
    codes = state.codes
    out = []
    for k, i in enumerate(model.classify_many(samples, encoded).tolist()):
        out.append(codes[i] if i >= 0 else UND if i == -1 else codes[_exact_index(state, model, encoded[k])])
    return out


def _compiled_code(state: _Loaded, model, text: str, max_chars: int | None) -> str:
    sample = text if max_chars is None else text[:max_chars]
    encoded = encode(sample)
    i = model.classify_one(sample, encoded)
    return state.codes[i] if i >= 0 else UND if i == -1 else state.codes[_exact_index(state, model, encoded)]


def _compiled_model(state: _Loaded):
    """The verified compiled Model of this process, or None (use the reference)."""
    if LANGID.get() is None:
        return None
    return state.model


# ---------------------------------------------------------------------------------------------
# the API


def identify(text: str, max_chars: int | None = SAMPLE_CHARS) -> str:
    """The language of `text[:max_chars]` (the whole text with None): py3langid's label as an
    ISO 639-1 code (`iso639_1`), or "und" when it has no letter or no feature."""
    state = _state()
    model = _compiled_model(state)
    if model is None:
        return identify_reference(text, max_chars)
    return _compiled_code(state, model, text, max_chars)


def identify_many(texts: Iterable[str], max_chars: int | None = SAMPLE_CHARS) -> list[str]:
    """`identify` of each text, in one compiled call."""
    texts = texts if isinstance(texts, list) else list(texts)
    if not texts:
        return []
    state = _state()
    model = _compiled_model(state)
    if model is None:
        return [identify_reference(t, max_chars) for t in texts]
    return _compiled_codes(state, model, texts, max_chars)


def uses_compiled() -> bool:
    """Whether this process identifies with the compiled module (loads the model)."""
    return _compiled_model(_state()) is not None
