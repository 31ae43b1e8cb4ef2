"""provenance: clean scraped news pages and trace the wire stories they derive from.

    >>> import provenance
    >>> doc = provenance.clean(html_bytes)      # a Document: .text, .title, .date, .author, .blocks
    >>> cleaner = provenance.Cleaner()          # load the models once, reuse
    >>> docs = cleaner.clean_many(pages)
"""
from .clean import Cleaned, Cleaner, clean
from .document import Block, Document, KINDS

__all__ = ["clean", "Cleaner", "Cleaned", "Document", "Block", "KINDS"]
__version__ = "0.1.0"
