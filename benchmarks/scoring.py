"""Data loading and scoring shared by the benchmark scripts.

Why this module exists: every number the project reports must be computed the way the project
is judged, so gold-text scores come from the official scorer in
``$PROVENANCE_SHARED/scoring/score_clean.py`` (loaded by path, never copied), and snippet scores
follow trafilatura's own evaluation (``tests/eval_common.py``: whitespace-normalised substring
matching, one confusion matrix summed over all pages).

Paths: the shared data folder is ``$PROVENANCE_SHARED`` if set, else ``<repo root>/../shared``.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS = ("wcxb-dev", "trafilatura-eval")


def shared_dir() -> Path:
    """The read-only shared data folder (env PROVENANCE_SHARED overrides the default)."""
    return Path(os.environ.get("PROVENANCE_SHARED") or REPO_ROOT.parent / "shared").resolve()


def _load_by_path(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def official_scorer():
    """The official score_clean module, imported from the shared folder."""
    return _load_by_path("provenance_score_clean", shared_dir() / "scoring" / "score_clean.py")


def import_repo_module(name: str):
    """Import a module of the package, adding the repo root to sys.path if it is not installed."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name.split(".")[0] or str(REPO_ROOT) in sys.path:
            raise
        sys.path.insert(0, str(REPO_ROOT))
        return importlib.import_module(name)


@lru_cache(maxsize=None)
def _is_validation():
    """`is_validation(record)` from the package's split module.

    Imported as a package when possible (adding the repo root to sys.path if provenance is not
    installed); if the package itself fails to import (it is being written concurrently), the
    split file is loaded on its own, since it depends on nothing else.
    """
    try:
        return import_repo_module("provenance.training.split").is_validation
    except Exception:  # a half-written provenance/__init__.py must not stop the benchmark
        split = REPO_ROOT / "provenance" / "boilerplate" / "split.py"
        return _load_by_path("provenance_split", split).is_validation


def is_validation(record: dict) -> bool:
    return _is_validation()(record)


class Page(dict):
    """A manifest record; the page bytes are read and gunzipped only when asked for."""

    base: Path

    @property
    def html_bytes(self) -> bytes:
        with gzip.open(self.base / self["html"], "rb") as f:
            return f.read()

    @property
    def url_or_none(self) -> str | None:
        """The page url when it is a real http(s) url (trafilatura-eval has 'hard::…' ids)."""
        url = self.get("url") or ""
        return url if url.startswith(("http://", "https://")) else None


def load_manifest(name: str, split: str = "all") -> list[Page]:
    """Records of data/boilerplate/<name>/manifest.jsonl, in file order.

    split: "all", or "validation" for the records where is_validation(record) is True.
    """
    if split not in ("all", "validation"):
        raise ValueError(f"split must be 'all' or 'validation', not {split!r}")
    base = shared_dir() / "data" / "boilerplate" / name
    pages = []
    with open(base / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                page = Page(json.loads(line))
                page["id"] = str(page["id"])
                page.base = base
                pages.append(page)
    if split == "validation":
        pages = [p for p in pages if is_validation(p)]
    return pages


def score_gold(gold: dict[str, str], pred: dict[str, str]) -> dict:
    """Official 4-gram shingle P/R/F1 and mean token F1 (pages missing from pred count as empty)."""
    return official_scorer().score(gold, pred)


def norm(text: str) -> str:
    """Whitespace normalisation of trafilatura's evaluation, so layout differences cost nothing."""
    return re.sub(r"\s+", " ", text or "").strip()


def score_snippets(records: list[dict], pred: dict[str, str]) -> dict:
    """Snippet scores as trafilatura's evaluation computes them, summed over all pages.

    A `with_` snippet found in the output is a true positive (missing: false negative); a
    `without` snippet found is a false positive (missing: true negative). Matching is substring
    search after whitespace normalisation; a page missing from pred counts as empty output.
    Snippets that are empty after normalisation are skipped (they would match anything).
    """
    tp = fp = fn = tn = 0
    for r in records:
        out = norm(pred.get(str(r["id"]), ""))
        for s in filter(None, map(norm, r.get("with_") or [])):
            if s in out:
                tp += 1
            else:
                fn += 1
        for s in filter(None, map(norm, r.get("without") or [])):
            if s in out:
                fp += 1
            else:
                tn += 1
    total = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "pages": len(records),
        "with_kept": recall,
        "without_leaked": fp / (fp + tn) if fp + tn else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }
