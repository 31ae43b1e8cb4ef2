"""Wire provenance: which articles of a corpus derive from one wire story.

    >>> from provenance.wire import trace
    >>> result = trace([{"id": "a", "text": ...}, {"id": "b", "text": ...}])
    >>> result.records   # one dict per input: clean fields + wire_group, derived_fraction, ...
    >>> result.groups    # wire groups (members, origin, reconstructed text) and event groups
"""
from .trace import Trace, trace

__all__ = ["trace", "Trace"]
