"""The evidence engine: indicator evidence per site, partnership verdicts, triangulation
matrices, cross-site comparison, retrieval and inter-coder agreement.

Reads the store through its protocol and may use `ingest` (text units); never imports
suggestions, exchange, reports, cli or tui, and never Textual or Rich.
"""
