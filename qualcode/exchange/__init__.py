"""REFI-QDA exchange (.qdpx projects, .qdc codebooks) with NVivo, ATLAS.ti, MAXQDA, QualCoder and
qc: the mapping model (GUIDs, variables), the safety checks for hostile archives, the importer
and the exporter.

May import the store, ingest and analysis; never suggestions, reports, cli or tui.
"""
