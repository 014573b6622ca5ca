"""The evidence engine: indicator evidence per site, partnership verdicts, triangulation
matrices, cross-site comparison, retrieval, inter-coder agreement, and the memos (every memo,
the codings' too, by what it is about; edited and deleted as their authors may).

Reads the store through its protocol and may use `ingest` (text units); never imports
suggestions, exchange, reports, cli or tui, and never Textual or Rich.
"""
