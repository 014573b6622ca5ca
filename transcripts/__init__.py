"""The sample project's transcripts and codings (package data): one folder per case site."""
