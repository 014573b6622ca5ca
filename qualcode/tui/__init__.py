"""The Textual coding workbench: the app, its screens (coding, verdicts, matrices, comparison,
adjudication, help, jobs), widgets (transcript, navigator, codebook, suggestions), the key map
and the background jobs.

The only package besides the command line that imports Textual or Rich. It may import every
core package (store, ingest, analysis, suggest, exchange, reports) but never `qualcode.cli`;
screens only lay out what the core returns.
"""
