"""Every threshold of trace's decisions, in one place (both engines read these).

Candidates (`candidates`): LSH finds pairs whose content-word-bigram Jaccard may reach
TARGET_SIMILARITY; a band collision whose signatures agree on fewer than MIN_ESTIMATED_JACCARD of
their positions is chance; every pair inside a connected group of candidates of at most
EXPAND_COMPONENT documents is verified. Same-event candidates come from a NAME_PERM-permutation
signature of each document's names, at NAME_SIMILARITY, kept from MIN_NAME_ESTIMATE.
Huge buckets (more than MAX_BUCKET members) pair each member with its next WINDOW members only.

Links and groups (`groups`): a verified pair with P(derived) ≥ DERIVED_MIN and at least
DERIVED_MIN_SHARED_CHARS characters of shared passages is a derived link;
P(derived) + P(same event) ≥ RELATED_MIN, or the names evidence of `pairs.names_say_same_event`,
an event link; two clusters merge when MERGE_SUPPORT of the smaller one links to the larger,
and when only part of it does, by a link of at least PARTIAL_MERGE_MIN (one paragraph shared by
one of a story's copies with a member of another story must not merge the two stories: set on
wirebench-dev's w058/w028, where it did; the three wire benchmarks and the multilingual corpora
gained or held, none lost);
members holding at least ORIGIN_NEAR of the most shared material tie for origin.
"""
from __future__ import annotations

TARGET_SIMILARITY = 0.1
MIN_ESTIMATED_JACCARD = 0.02
EXPAND_COMPONENT = 24
NAME_PERM = 64
NAME_SIMILARITY = 0.3
MIN_NAME_ESTIMATE = 0.2
MAX_BUCKET = 64
WINDOW = 8

DERIVED_MIN = 0.5
#: A derived link shares at least this many characters of aligned text (`groups.is_derived_link`).
#: Below the 1st percentile of the derived training pairs' shared text in the wire corpora and
#: in 10 of the 12 generated multilingual ones (Japanese and Urdu: 1-2% of their derived pairs,
#: short notices retold, fall below); a stock sentence of 15-60 characters does.
DERIVED_MIN_SHARED_CHARS = 80
RELATED_MIN = 0.5
MERGE_SUPPORT = 0.5
PARTIAL_MERGE_MIN = 0.9
ORIGIN_NEAR = 0.95
