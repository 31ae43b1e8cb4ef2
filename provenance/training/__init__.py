"""Training, apart from the runtime: labels, splits, trainers and model cards.

`provenance train` runs `boilerplate.train` and `pairs.train`, which fit scikit-learn models
on ../shared/data and write them as arrays (`ensembles.export` → `provenance.modelfile`), with
their metrics and model cards. Cleaning and tracing never import this package (nor
scikit-learn): they read the written files.
"""
