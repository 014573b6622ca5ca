"""qualcode: qualitative coding and partnership-typology evidence for fieldwork transcripts."""

__version__ = "0.1.0"
