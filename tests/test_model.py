"""The bundled models: found from any working directory, and refused with a clear error
when a model file is missing, tampered with, truncated or of another format."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import provenance
from provenance.boilerplate.model import BoilerplateModel, ModelFileError

from conftest import HTML_FILES, seed


def bundled(name: str) -> Path:
    return Path(str(resources.files("provenance.models").joinpath(f"boilerplate-{name}.npz")))


@pytest.fixture(scope="module")
def html_model_bytes() -> bytes:
    path = bundled("html")
    assert path.is_file(), f"the installed package has no {path}"
    return path.read_bytes()


def test_bundled_models_are_installed():
    for name in ("html", "text"):
        assert bundled(name).is_file()
        assert bundled(name).stat().st_size > 1000


def test_bundled_models_load():
    for name, dom in (("html", True), ("text", False)):
        model = BoilerplateModel.load(bundled(name))
        assert model.dom is dom
        assert 0 < model.threshold < 1


def test_predict_proba_is_a_probability_per_block():
    from provenance.segment.html import segment_html
    from provenance.segment.text import segment_text

    html = BoilerplateModel.load(bundled("html"))
    docs = [segment_html(p.read_bytes(), p.name) for p in HTML_FILES]
    p = html.predict_proba(docs)
    assert p.shape == (sum(len(d.blocks) for d in docs),)
    assert ((p >= 0) & (p <= 1)).all()
    text = BoilerplateModel.load(bundled("text"))
    d = segment_text(seed("004").read_bytes())
    q = text.predict_proba([d])
    assert q.shape == (len(d.blocks),) and ((q >= 0) & (q <= 1)).all()
    assert text.predict_proba([]).shape == (0,)


def test_clean_works_from_any_cwd(tmp_path, monkeypatch):
    page = HTML_FILES[0].read_bytes()
    monkeypatch.chdir(tmp_path)
    doc = provenance.Cleaner().clean(page, "p")
    assert doc.error is None and len(doc.text) > 200


def test_clean_works_from_any_cwd_in_a_fresh_process(tmp_path):
    """A new interpreter started in an empty folder finds the models inside the installed
    package (not relative to the working directory or the source tree)."""
    page = tmp_path / "page.html"
    page.write_bytes(HTML_FILES[0].read_bytes())
    code = ("import json, sys, provenance\n"
            "doc = provenance.clean(open(sys.argv[1], 'rb').read())\n"
            "print(json.dumps({'error': doc.error, 'n': len(doc.text), 'file': provenance.__file__}))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", code, str(page)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["error"] is None and res["n"] > 200


# -- refused model files ------------------------------------------------------------------

def _flipped(data: bytes) -> bytes:
    b = bytearray(data)
    mid = len(b) // 2
    for i in range(mid, min(mid + 256, len(b))):
        b[i] ^= 0xFF
    return bytes(b)


def _random_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("schema.json", json.dumps({"hello": "world"}))
        z.writestr("data.bin", os.urandom(512))


def _not_a_zip(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


@pytest.mark.parametrize("how", ["flipped", "truncated", "half", "random-zip", "random-bytes",
                                 "empty", "text"])
def test_tampered_model_file_is_refused(tmp_path, html_model_bytes, how):
    path = tmp_path / f"tampered-{how}.npz"
    if how == "flipped":
        path.write_bytes(_flipped(html_model_bytes))
    elif how == "truncated":
        path.write_bytes(html_model_bytes[:-200])
    elif how == "half":
        path.write_bytes(html_model_bytes[: len(html_model_bytes) // 2])
    elif how == "random-zip":
        _random_zip(path)
    elif how == "random-bytes":
        _not_a_zip(path)
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.write_text("this is not a model\n")
    with pytest.raises(ModelFileError) as info:
        BoilerplateModel.load(path)
    assert str(path) in str(info.value)
    with pytest.raises(ModelFileError) as info:
        provenance.Cleaner(html_model=path)
    assert str(path) in str(info.value)


def test_tampered_text_model_is_refused(tmp_path, html_model_bytes):
    path = tmp_path / "text-model.npz"
    path.write_bytes(_flipped(bundled("text").read_bytes()))
    with pytest.raises(ModelFileError) as info:
        provenance.Cleaner(text_model=path)
    assert str(path) in str(info.value)


def test_missing_model_file(tmp_path):
    path = tmp_path / "nowhere" / "model.npz"
    with pytest.raises(ModelFileError) as info:
        provenance.Cleaner(html_model=path)
    assert str(path) in str(info.value)


def test_model_of_the_other_kind_is_refused(tmp_path):
    """The text model (no DOM features) given as the HTML model is a wrong file, not a
    model to run on mismatched features."""
    path = tmp_path / "swapped.npz"
    path.write_bytes(bundled("text").read_bytes())
    try:
        cleaner = provenance.Cleaner(html_model=path)
    except ModelFileError as exc:
        assert str(path) in str(exc)
        return
    # if the loader accepts it, it must at least not crash on an HTML page
    doc = cleaner.clean(HTML_FILES[0].read_bytes(), "p")
    assert doc.error is not None or isinstance(doc.text, str)


def test_model_file_with_a_pickled_array_is_refused(tmp_path):
    """An archive member that holds a pickled object (which could run code when unpickled)
    is refused: model files are read with allow_pickle=False."""
    path = tmp_path / "evil.npz"
    with zipfile.ZipFile(bundled("html")) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            if name != "pass1.value.npy":
                dst.writestr(name, src.read(name))
        with dst.open("pass1.value.npy", "w") as fh:
            np.lib.format.write_array(fh, np.array([os.system], dtype=object), allow_pickle=True)
    with pytest.raises(ModelFileError) as info:
        BoilerplateModel.load(path)
    assert str(path) in str(info.value)


def _rewritten(tmp_path, name, change) -> Path:
    from provenance.modelfile import load_arrays, save_arrays
    arrays, meta = load_arrays(bundled("html"))
    change(arrays)
    path = tmp_path / name
    save_arrays(path, arrays, meta)
    return path


@pytest.mark.parametrize("how", ["cycle", "child-outside-tree", "feature-out-of-range", "lengths", "missing"])
def test_model_whose_arrays_are_not_valid_trees_is_refused(tmp_path, how):
    """Arrays that would make a tree walk loop forever or read outside a row are refused."""
    def change(a):
        inner = np.flatnonzero(a["pass1.is_leaf"] == 0)
        if how == "cycle":
            a["pass1.left"][inner[1]] = inner[0]          # back to an earlier node
        elif how == "child-outside-tree":
            a["pass1.right"][inner[0]] = len(a["pass1.value"]) + 5
        elif how == "feature-out-of-range":
            a["pass1.feature"][inner[0]] = 10_000
        elif how == "lengths":
            a["pass1.value"] = a["pass1.value"][:-1]
        else:
            del a["pass1.roots"]
    path = _rewritten(tmp_path, f"{how}.npz", change)
    with pytest.raises(ModelFileError) as info:
        BoilerplateModel.load(path)
    assert str(path) in str(info.value)


def test_model_file_error_is_an_exception():
    assert issubclass(ModelFileError, Exception)


def test_exported_trees_give_scikit_learns_probabilities():
    """A fitted HistGradientBoostingClassifier exported to arrays gives its own predict_proba,
    bit for bit, on float64 rows with NaN and on float32 rows (QuickScorer)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from provenance.training.ensembles import export

    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 12))
    X[rng.random(X.shape) < 0.05] = np.nan
    y = ((np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 3]) * 0.5 + rng.normal(size=3000) * 0.3) > 0).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=31, random_state=0).fit(X, y)
    ens = export(clf)
    T = rng.normal(size=(501, 12)) * 2
    T[rng.random(T.shape) < 0.05] = np.nan
    assert np.array_equal(ens.proba(T), clf.predict_proba(T)[:, 1])
    F = np.nan_to_num(T).astype(np.float32)
    assert np.array_equal(ens.proba(F), clf.predict_proba(F)[:, 1])


def test_check_reads_page_types_from_the_committed_model_without_fitting(monkeypatch):
    """`train --check` sets every page's P(type) from the committed page-type model (no refit:
    that was most of its time) and records the same page-type digest as `train`."""
    from provenance.boilerplate.pagetype import PageTypeModel
    from provenance.document import PAGE_TYPES
    from provenance.training import boilerplate as tb, pagetype as tp
    from provenance.training.data import Labelled

    committed = PageTypeModel.load(Path(str(resources.files("provenance.models").joinpath("pagetype.npz"))))
    cleaner = provenance.Cleaner()

    def labelled(i, path, page_type):
        doc = cleaner.segment(path.read_bytes(), f"p{i}", "html")
        return Labelled({"id": f"p{i}", "domain": f"d{i % 4}.example", "page_type": page_type}, doc,
                        np.zeros(len(doc.blocks)), "test")

    def pages():
        types = ["article", "listing", "forum", "article"]
        return ([labelled(i, HTML_FILES[i % len(HTML_FILES)], types[i % 4]) for i in range(8)],
                [labelled(10 + i, HTML_FILES[i % len(HTML_FILES)], "article") for i in range(4)],
                [labelled(20, HTML_FILES[0], "article")])

    train_p, snippets, valid_p = pages()
    _, _, fitted_digest = tb.page_types(train_p, snippets, valid_p, [], 0)
    train_p, snippets, valid_p = pages()

    def no_fit(*a, **k):
        raise AssertionError("check must not fit the page-type model")

    monkeypatch.setattr(tp, "train", no_fit)
    model, metrics, digest = tb.page_types(train_p, snippets, valid_p, [], 0, committed)
    assert model is committed and digest == fitted_digest
    docs = [p.doc for p in train_p + snippets + valid_p]
    fresh_train, fresh_snippets, fresh_valid = pages()
    want = committed.predict_proba([p.doc for p in fresh_train + fresh_snippets + fresh_valid])
    assert np.allclose([d.page_type_p for d in docs], want)
    assert [d.page_type for d in docs] == [PAGE_TYPES[int(k)] for k in want.argmax(1)]
