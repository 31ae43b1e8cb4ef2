"""The trained boilerplate models (installed as `provenance.models`); see MODEL_CARD.md."""
