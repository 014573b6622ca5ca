"""Background jobs of the workbench: exports and REFI-QDA imports, each on its own connection
to the project, run by JobScreen in a worker thread with a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.textfile import check_output
from qualcode.tui.i18n import tr


def exports_folder(project_path: Path) -> Path:
    """Where the workbench writes exports: beside the project folder, never inside it (an
    export inside would travel and sync with the project, and could overwrite it)."""
    return project_path.parent / f"{project_path.name}-exports"


def export_job(project_path: Path, out: Path, lang: str, anonymise: bool,
               coders: Collection[str] | None, progress: Callable[[int, int], None]) -> str:
    """An export in a worker thread, on its own connection to the project; with `coders`
    (blind mode), only their codings are evidence and listed."""
    from qualcode.store.project import Project

    out.parent.mkdir(parents=True, exist_ok=True)
    check_output(out, project=project_path)
    with Project.open(project_path) as project:
        if out.suffix == ".qdpx":
            if coders is not None:
                raise QualcodeError(tr("a REFI-QDA project carries every coder's codings; "
                                       "switch blind mode off to export it"))
            from qualcode.exchange.exporter import export_project

            export_project(project, out, lang, progress)
            return tr("wrote {path}", path=out)
        from qualcode.reports.build import report_of
        from qualcode.reports.scope import build_scope

        # the scope knows the language: pseudonyms and [nama] are shown in it
        report = report_of(build_scope(project, anonymise=anonymise, coders=coders,
                                       lang=lang), lang, progress)
    if out.suffix == ".xlsx":
        from qualcode.reports.tables import write_xlsx

        write_xlsx(report, out)
    else:
        from qualcode.reports.docx import write_appendix

        write_appendix(report, out)
    return tr("wrote {path}", path=out)


def import_job(project_path: Path, path: Path, progress: Callable[[int, int], None]) -> str:
    """A REFI-QDA import in a worker thread, on its own connection to the project."""
    from qualcode.exchange.importer import import_refi
    from qualcode.store.project import Project

    with Project.open(project_path) as project:
        result = import_refi(project, path, progress=progress)
    figures = {"sources": result.sources, "codes": result.codes, "codings": result.codings,
               "file": path.name}
    if result.warnings:
        return tr("imported {sources} sources, {codes} codes, {codings} codings from {file}; "
                  "{warnings} warning(s)", warnings=len(result.warnings), **figures)
    return tr("imported {sources} sources, {codes} codes, {codings} codings from {file}",
              **figures)
