"""Code suggestions: language pipelines (spaCy), the TF-IDF corpus of units, the learned model,
the engine that ranks and stores decisions, and the evaluation against human codings.

May import the store, ingest and analysis; never exchange, reports, cli or tui. spaCy and
scikit-learn are imported lazily, never when this package is imported.
"""
