"""Everything that draws on the terminal: the Textual coding workbench (the app, its screens
for coding, verdicts, matrices, comparison, adjudication, help and jobs; widgets for the
transcript, navigator, codebook and suggestions; the key map and the background jobs) and the
Rich progress display the command line borrows (`progress`).

The only package that imports Textual or Rich. It may import every core package (store,
ingest, analysis, suggest, exchange, reports) but never `qualcode.cli`; screens only lay out what
the core returns.
"""
