"""The optional compiled modules (Cython, built by setup.py when a C compiler is there).

Each one does what a pure-Python reference in the package does, faster, with identical
results: `segment._fastwalk` (the HTML block walk), `segment._fastlines` (plain-text lines),
`boilerplate._fasttrees` (tree sums), `boilerplate._fasttext` (block text statistics,
cue-match counting, title overlap). Every
caller checks the compiled function against its reference on a probe when it is loaded and
keeps the reference if they differ; tests/test_compiled.py checks them on many inputs.
PROVENANCE_PURE_PYTHON=1 makes every caller use the references (to compare, or to debug).
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType


def compiled(name: str) -> ModuleType | None:
    """The compiled module `provenance.<name>`, or None when it is not built or
    PROVENANCE_PURE_PYTHON=1 is set."""
    if os.environ.get("PROVENANCE_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module(f"provenance.{name}")
    except ImportError:
        return None
