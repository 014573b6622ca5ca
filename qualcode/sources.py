"""Importing transcript files into a project: every file parsed first, then one transaction."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import ParsedSource
from qualcode.project import Project
from qualcode.transcripts import Options, read_transcript


def import_files(project: Project, paths: list[Path], options: Options | None = None
                 ) -> list[ParsedSource]:
    """Import transcripts all or nothing; return them (with their warnings)."""
    parsed = [read_transcript(Path(p), options) for p in paths]
    existing = project.store.source_names()
    seen: dict[str, ParsedSource] = {}
    for src in parsed:
        if src.name in existing:
            raise QualcodeError(
                f"{src.origin_path}: a source named '{src.name}' is already in the project")
        if src.name in seen:
            raise QualcodeError(f"{src.origin_path}: same source name '{src.name}' as "
                                f"{seen[src.name].origin_path}")
        seen[src.name] = src
    project.store.add_sources(parsed)
    return parsed


def transcript_files(directory: Path) -> list[Path]:
    """The transcript files in a folder (recursively), in name order, sidecars excluded."""
    from qualcode.transcripts import SUFFIXES

    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES and p.name[0] != ".")
