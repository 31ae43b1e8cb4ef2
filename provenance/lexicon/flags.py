"""Structural ancestor flags of a block: which enclosing elements it sits in, as bits.

Set by the HTML segmenter on every `Block.flags`; read by the features and the kind rules."""
from __future__ import annotations

#: Structural ancestors remembered as bit flags (feature order).
ANCESTOR_FLAGS = ("a", "li", "nav", "header", "footer", "aside", "article", "main", "form",
                  "table", "figure", "h", "blockquote", "time", "p", "section")
#: Tag → its bit; every heading is "h", every list element "li".
FLAG_BIT = {t: 1 << i for i, t in enumerate(ANCESTOR_FLAGS)}
for _h in ("h1", "h2", "h3", "h4", "h5", "h6"):
    FLAG_BIT[_h] = FLAG_BIT["h"]
FLAG_BIT["ul"] = FLAG_BIT["ol"] = FLAG_BIT["menu"] = FLAG_BIT["li"]
