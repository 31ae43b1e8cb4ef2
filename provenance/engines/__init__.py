"""Engines run the pure steps over many records: locally (processes) or on Spark."""
