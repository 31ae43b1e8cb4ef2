"""The optional compiled modules (Cython, built by setup.py when a C compiler is there).

Each one does what a pure-Python reference in the package does, faster, with identical
results: `segment._fastwalk` (the HTML block walk, the nesting-depth scan), `segment._fastlines`
(plain-text lines), `boilerplate._blockstats` (block text statistics, title overlap, container
sums), `boilerplate._fasttrees` (tree sums), `lexicon._cuecounts` (cue-phrase counting),
`boilerplate._pagestats` (the per-block columns of the page-type and card-structure features),
`boilerplate._blockcols` (the text, position and neighbour columns of the block features).

Every use goes through `verified(name, probe)`: the module is imported on first use (not when
the package is imported, so start-up pays nothing for it), the probe compares it with its
reference on a small input once per process, and the answer is kept. A module that is not
built, or that disagrees with its reference, is None and the caller uses the reference.
`tests/test_compiled.py` checks every compiled function on many inputs, and
`status()` says which ones a process uses. PROVENANCE_PURE_PYTHON=1 makes every caller use the
references (to compare, or to debug).
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Callable, Optional

_UNSET = object()


def compiled(name: str) -> ModuleType | None:
    """The compiled module `provenance.<name>`, or None when it is not built or
    PROVENANCE_PURE_PYTHON=1 is set."""
    if os.environ.get("PROVENANCE_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module(f"provenance.{name}")
    except ImportError:
        return None


class Verified:
    """A compiled module as one caller uses it: `get()` imports it and runs `probe(module)`
    on first call (True: it agrees with the caller's reference), then returns the module, or
    None when it is missing or disagreed."""

    __slots__ = ("name", "probe", "_module")

    def __init__(self, name: str, probe: Callable[[ModuleType], bool]):
        self.name, self.probe, self._module = name, probe, _UNSET

    def get(self) -> Optional[ModuleType]:
        module = self._module
        if module is _UNSET:
            module = compiled(self.name)
            if module is not None and not self.probe(module):
                module = None
            self._module = module
        return module

    def reset(self) -> None:
        """Forget the answer (tests that switch PROVENANCE_PURE_PYTHON)."""
        self._module = _UNSET


_REGISTRY: list[Verified] = []


def verified(name: str, probe: Callable[[ModuleType], bool] = lambda module: True) -> Verified:
    """A `Verified` use of `provenance.<name>`, registered for `status` and `reset_all`."""
    v = Verified(name, probe)
    _REGISTRY.append(v)
    return v


def status() -> dict[str, bool]:
    """{"<module>:<probe>": whether that use runs compiled} for every registered use (each
    is loaded and probed by this call)."""
    return {f"{v.name}:{getattr(v.probe, '__name__', 'probe')}": v.get() is not None for v in _REGISTRY}


def reset_all() -> None:
    for v in _REGISTRY:
        v.reset()
