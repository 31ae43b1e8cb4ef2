"""Wire provenance, as pure steps over plain data: which articles of a corpus derive from one
wire story.

`templates` (site template lines by corpus repetition) → `normalize` (tokens with spans) →
`sign` (MinHash signatures) → `candidates` (LSH pairs worth aligning) → `verify` (alignment,
pair features, the pair model) → `groups` (`Decisions`: wire groups, origins, fractions, event
groups). The engines (`provenance.engines`) schedule these steps; `provenance.trace` runs them
on this machine:

    >>> import provenance
    >>> result = provenance.trace([{"id": "a", "text": ...}, {"id": "b", "text": ...}])
    >>> result.records   # one dict per input: clean fields + wire_group, derived_fraction, ...
    >>> result.groups    # wire groups (members, origin, reconstructed text) and event groups
"""
