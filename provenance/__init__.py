"""provenance: clean scraped news pages and trace the wire stories they derive from.

    >>> import provenance
    >>> doc = provenance.clean(html_bytes)      # a Document: .text, .title, .date, .author, .blocks
    >>> cleaner = provenance.Cleaner()          # load the models once, reuse
    >>> docs = cleaner.clean_many(pages)
    >>> result = provenance.trace([{"id": "a", "text": ...}, ...])   # wire groups of a corpus
    >>> kept = provenance.dedup([{"id": "a", "text": ...}, ...])     # one record per wire group

The names are loaded on first use (PEP 562 ``__getattr__``), not when the package is imported:
``import provenance.cli`` (what ``provenance --help`` runs) must not pay for numpy, the models'
modules and the trace engine.
"""
from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

#: Public name → the module that defines it.
_EXPORTS = {
    "clean": "provenance.clean", "Cleaner": "provenance.clean", "Cleaned": "provenance.clean",
    "Document": "provenance.document", "Block": "provenance.document", "KINDS": "provenance.document",
    "trace": "provenance.engines.local_trace", "Trace": "provenance.engines.local_trace",
    "DuplicateIdError": "provenance.records",
    "dedup": "provenance.engines.local_dedup", "Dedup": "provenance.engines.local_dedup",
    "CleanOptions": "provenance.options", "TraceOptions": "provenance.options",
}

__all__ = ["clean", "Cleaner", "Cleaned", "Document", "Block", "KINDS", "trace", "Trace",
           "DuplicateIdError", "dedup", "Dedup", "CleanOptions", "TraceOptions"]
__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .clean import Cleaned, Cleaner, clean
    from .document import KINDS, Block, Document
    from .engines.local_dedup import Dedup, dedup
    from .engines.local_trace import Trace, trace
    from .records import DuplicateIdError
    from .options import CleanOptions, TraceOptions


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value          # later look-ups do not come back here
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """The package's module type: ``provenance.clean`` is the function, as with an eager
    ``from .clean import clean``, even after the submodule ``provenance.clean`` is imported
    (the import system would otherwise rebind the package attribute to the submodule)."""

    def __setattr__(self, name: str, value) -> None:
        if name == "clean" and isinstance(value, ModuleType):
            value = value.clean
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
