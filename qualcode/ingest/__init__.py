"""Files in: transcript readers (.txt/.md, .docx, .pdf, .vtt/.srt), codebook YAML, codings and
informant sheets (CSV, .xlsx), re-anchoring codings on a new version of a text, the bundled
sample project, and the positions and units of a source's text.

May import the store and the shared records (`qualcode.model`, `errors`, `textfile`,
`yamlfile`, `zipguard`); never analysis, suggestions, exchange, reports, cli or tui.
"""
