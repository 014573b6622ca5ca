"""Importing transcript files into a project: every file parsed first, then one transaction."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.transcripts import SUFFIXES, Options, read_transcript
from qualcode.model import Informant, ParsedSource
from qualcode.store.project import Project

# Labels that name a role in the interview, not a person: the same label in two sources of a
# site is one person to the engine, which may be wrong.
GENERIC_LABELS = frozenset({"informan", "narasumber", "responden", "p", "informant",
                            "respondent", "participant", "peserta", "partisipan"})


def import_files(project: Project, paths: list[Path], options: Options | None = None
                 ) -> list[ParsedSource]:
    """Import transcripts all or nothing; return them (with their warnings)."""
    options = options or Options()
    options.known = {site: {i.label for i in people}
                     for site, people in project.store.informants().items()}
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
    _warn_generic_labels(project, parsed)
    project.store.add_sources(parsed)
    return parsed


def _warn_generic_labels(project: Project, parsed: list[ParsedSource]) -> None:
    """Warn (on the later source) when a generic label such as `Informan` speaks in two
    sources of one site: qualcode counts it as one person there."""
    speaking: dict[tuple[str, str], str] = {}
    for info in project.store.sources():
        for label in info.informants:
            speaking.setdefault((info.site, label), info.name)
    for src in parsed:
        for label in sorted({t.speaker for t in src.turns if not t.is_researcher}):
            first = speaking.setdefault((src.site, label), src.name)
            if first != src.name and label.lower() in GENERIC_LABELS:
                src.warnings.append(
                    f"{src.origin_path}: '{label}' also speaks in {first} at {src.site}; "
                    "qualcode counts one label at one site as one person: if they are two "
                    f"people, give each an id of their own (e.g. '{label}-1', '{label}-2')")


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
    return expand([directory])[0]


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to import for the paths given (a folder gives its supported files, recursively,
    in name order) and the files skipped in those folders (other kinds; sidecars, which go with
    their transcript, and hidden files are not counted)."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not found:
            raise QualcodeError(f"{path}: empty folder, nothing to import")
        for p in found:
            if p.suffix.lower() in SUFFIXES:
                files.append(p)
            elif not p.name.lower().endswith(".meta.yaml"):
                skipped.append(p)
        if not any(p.suffix.lower() in SUFFIXES for p in found):
            raise QualcodeError(f"{path}: no transcript files in this folder (qualcode imports "
                                f"{' '.join(SUFFIXES)})")
    return files, skipped
