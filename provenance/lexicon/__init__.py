"""Shared definitions that several layers read: cue phrase tables and their matching,
stopwords, structural flag bits. Leaf modules: nothing here imports a step, an engine or I/O."""
