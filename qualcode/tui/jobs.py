"""Background jobs of the workbench: exports and REFI-QDA imports, each on its own connection
to the project, run by JobScreen in a worker thread with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def export_job(project_path: Path, out: Path, lang: str, anonymise: bool,
               progress: Callable[[int, int], None]) -> str:
    """An export in a worker thread, on its own connection to the project."""
    from qualcode.store.project import Project

    out.parent.mkdir(parents=True, exist_ok=True)
    with Project.open(project_path) as project:
        if out.suffix == ".qdpx":
            from qualcode.exchange.exporter import export_project

            export_project(project, out, lang, progress)
            return f"wrote {out}"
        from qualcode.reports.build import build_report

        report = build_report(project, anonymise=anonymise, lang=lang, progress=progress)
    if out.suffix == ".xlsx":
        from qualcode.reports.tables import write_xlsx

        write_xlsx(report, out)
    else:
        from qualcode.reports.docx import write_appendix

        write_appendix(report, out)
    return f"wrote {out}"


def import_job(project_path: Path, path: Path, progress: Callable[[int, int], None]) -> str:
    """A REFI-QDA import in a worker thread, on its own connection to the project."""
    from qualcode.exchange.importer import import_refi
    from qualcode.store.project import Project

    with Project.open(project_path) as project:
        result = import_refi(project, path, progress=progress)
    extra = f"; {len(result.warnings)} warning(s)" if result.warnings else ""
    return (f"imported {result.sources} sources, {result.codes} codes, {result.codings} "
            f"codings from {path.name}{extra}")
