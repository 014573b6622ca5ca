"""Importing transcript files into a project: every file parsed first, then one transaction."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.transcripts import Options, read_transcript
from qualcode.model import Informant, ParsedSource
from qualcode.store.project import Project


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
    _check_informants(project, parsed)
    project.store.add_sources(parsed)
    return parsed


def _check_informants(project: Project, parsed: list[ParsedSource]) -> None:
    """One label at one site is one person: the engine counts informants by it. A label
    declared with a different role or organisation is someone else and needs its own id."""
    known: dict[tuple[str, str], tuple[Informant, str]] = {
        (site, i.label): (i, "the project") for site, informants
        in project.store.informants().items() for i in informants}
    for src in parsed:
        for informant in src.informants:
            key = (src.site, informant.label)
            other = known.get(key)
            if other is not None and _differ(other[0], informant):
                raise QualcodeError(
                    f"{src.origin_path}: informant '{informant.label}' at {src.site} is already "
                    f"{_who(other[0])} (in {other[1]}), here {_who(informant)}; give this "
                    f"person another id, e.g. '{informant.label}-2'")
            if other is None or not (other[0].role or other[0].organisation):
                known[key] = (informant, src.origin_path)


def _differ(a: Informant, b: Informant) -> bool:
    return any(x and y and x != y for x, y in ((a.role, b.role),
                                               (a.organisation, b.organisation)))


def _who(informant: Informant) -> str:
    return ", ".join(x for x in (informant.role, informant.organisation) if x) or "unknown"


def transcript_files(directory: Path) -> list[Path]:
    """The transcript files in a folder (recursively), in name order, sidecars excluded."""
    from qualcode.ingest.transcripts import SUFFIXES

    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES and p.name[0] != ".")
