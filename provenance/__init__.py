"""provenance: clean scraped news pages and trace the wire stories they derive from.

    >>> import provenance
    >>> doc = provenance.clean(html_bytes)      # a Document: .text, .title, .date, .author, .blocks
    >>> cleaner = provenance.Cleaner()          # load the models once, reuse
    >>> docs = cleaner.clean_many(pages)
    >>> result = provenance.trace([{"id": "a", "text": ...}, ...])   # wire groups of a corpus
"""
from .clean import Cleaned, Cleaner, clean
from .document import Block, Document, KINDS
from .engines.local_trace import Trace, trace
from .options import CleanOptions, TraceOptions

__all__ = ["clean", "Cleaner", "Cleaned", "Document", "Block", "KINDS", "trace", "Trace",
           "CleanOptions", "TraceOptions"]
__version__ = "0.1.0"
