"""Default limits of one record, page and body (README, "Limits"): a leaf module, so the
segmenters, the trace steps, the options objects and the CLI share one value of each."""
from __future__ import annotations

MAX_RECORD_BYTES = 50_000_000   # one input record (page file, JSONL line, WARC record), decompressed
MAX_PAGE_BYTES = 20_000_000     # pages are truncated to this (plain text: characters)
MAX_DEPTH = 5_000               # HTML nested deeper is refused (Lexbor's tree building is quadratic in depth)
MAX_BLOCKS = 20_000             # blocks after this many are dropped
MAX_TEXT_CHARS = 5_000_000      # plain text read by `segment_text` when called without a limit
MAX_ALIGN_CHARS = 200_000       # alignment reads at most this much of a body (~30,000 words)
TEMPLATE_MIN_PAGES = 3          # a line on this many pages of one site is template
TEMPLATE_MIN_PAGES_UNKNOWN = 20 # ... of the pooled pages whose site is unknown
