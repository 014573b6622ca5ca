"""Importing from the workbench (`I`): transcripts (a file, several, or a folder: .txt .md
.docx .pdf .vtt .srt) or a REFI-QDA file (.qdpx, .qdc), in a worker with a progress bar.

Transcripts go in as `qualcode import` takes them: all or nothing, with the same lines (one
per source imported, its warnings, the files of a folder that were skipped). When a file does
not say its site, the workbench asks for one, and then for the method, and imports again with
them as `--site` and `--method` would (they apply to every file of that import).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from qualcode.errors import QualcodeError
from qualcode.model import METHODS
from qualcode.tui.i18n import marked, tr
from qualcode.tui.jobs import import_job
from qualcode.tui.screens.job import JobScreen, Progress
from qualcode.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from qualcode.model import ParsedSource
    from qualcode.tui.screens.main import MainScreen

REFI = (".qdpx", ".qdc")
AS_SAID = "as-said"  # the method choice that overrides nothing
SHOWN = 10  # skipped files named in the report (as `qualcode import`)
NO_SITE = ": no site (add 'site:'"  # how read_transcript refuses a file that names no site
_METHODS = {"interview": marked("interview"), "fgd": marked("fgd"),
            "observation": marked("observation"), "document": marked("document")}


def _line(exc: QualcodeError) -> str:
    return "; ".join(exc.problems) or str(exc)


# ------------------------------------------------------------------ the work, in a thread

def import_transcripts(project_path: Path, files: list[Path], skipped: list[Path],
                       site: str | None, method: str | None, progress: Progress) -> str:
    """Import transcripts in a worker thread, on its own connection, all or nothing; the lines
    `qualcode import` prints (the first says how many came in)."""
    from qualcode.ingest.sources import import_files
    from qualcode.ingest.transcripts import Options
    from qualcode.store.project import Project

    progress(0, len(files))
    with Project.open(project_path) as project:
        parsed = import_files(project, files, Options(site, method))
    progress(len(files), len(files))
    return report(parsed, skipped)


def report(parsed: list[ParsedSource], skipped: list[Path]) -> str:
    """What an import says: a headline, then each source's line after its warnings, then the
    files a folder held that are not transcripts."""
    names = ", ".join(src.name for src in parsed)
    lines = [tr("imported {n} source: {names}", n=len(parsed), names=names)
             if len(parsed) == 1 else
             tr("imported {n} sources: {names}", n=len(parsed), names=names)]
    for src in parsed:
        lines += [tr("warning: {warning}", warning=w) for w in src.warnings]
        lines.append(tr("imported {name}: {site}, {method}, {turns} turns, {words} words",
                        name=src.name, site=src.site, method=src.method,
                        turns=len(src.turns), words=len(src.text.split())))
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:SHOWN])
        more = tr(" and {n} more", n=len(skipped) - SHOWN) if len(skipped) > SHOWN else ""
        files = (tr("1 file that is not a transcript") if len(skipped) == 1
                 else tr("{n} files that are not transcripts", n=len(skipped)))
        lines.append(tr("skipped {files}: {shown}{more} (codings go in with 'qualcode codings "
                        "import', informant lists with 'qualcode informants import')",
                        files=files, shown=shown, more=more))
    return "\n".join(lines)


# ------------------------------------------------------------------ screens

class ImportJobScreen(JobScreen):
    """A JobScreen whose report may run to many lines (warnings): they scroll, and the
    notification carries only the headline; none when `asking()` says the workbench is about
    to ask for what the files did not say (the site)."""

    DEFAULT_CSS = """
    ImportJobScreen #job-box { max-width: 100%; max-height: 100%; }
    #import-result { height: auto; max-height: 20; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="job-box"):
            yield Label(self.heading, markup=False)
            yield ProgressBar(total=None, id="job-progress")
            with VerticalScroll(id="import-result"):
                yield Static(tr("working… (Escape closes this window; the work goes on)"),
                             id="job-result", markup=False)

    asking: Callable[[], bool] = staticmethod(lambda: False)

    def _finish(self, message: str) -> None:
        self.result = message
        self.query_one("#job-result", Static).update(message + "\n" + tr("(Escape closes)"))
        if not self.asking():
            self.app.notify(message.splitlines()[0], timeout=8, markup=False)
        if self.on_done is not None:
            self.on_done()


class ChoiceScreen(ModalScreen[str | None]):
    """A short list to choose from (Enter takes the highlighted one; Escape: None)."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    #choice-box { width: 80; max-width: 100%; height: auto; border: round $accent;
                  padding: 1 2; background: $surface; }
    #choice-box OptionList { height: auto; max-height: 10; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = choices  # (value, shown)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Label(self.heading, markup=False)
            yield OptionList(*[Option(shown, id=value) for value, shown in self.choices])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ------------------------------------------------------------------ the flow

def paths_typed(typed: str) -> list[Path]:
    """The paths in what was typed or dropped into the prompt: one path as it is (spaces and
    all), or several quoted or backslash-escaped as a terminal pastes them."""
    typed = typed.strip()
    whole = Path(typed).expanduser()
    if whole.exists() or not typed:
        return [whole]
    try:
        words = shlex.split(typed)
    except ValueError:
        return [whole]
    return [Path(w).expanduser() for w in words] if words else [whole]


def ask(main: MainScreen) -> None:
    """`I`: ask for a path, then import what it names."""
    here = Path.cwd()
    main.app.push_screen(PromptScreen(
        tr("Import transcripts (a file or a folder) or a REFI-QDA file (.qdpx, .qdc):"), "",
        tr("a path, relative to {here} (.txt .md .docx .pdf .vtt .srt)", here=here)),
        partial(_chosen, main))


def _chosen(main: MainScreen, typed: str | None) -> None:
    if typed is None or not typed.strip():
        return
    paths = paths_typed(typed)
    missing = [p for p in paths if not p.exists()]
    if missing:
        main.say(escape(tr("{path}: no such file or folder (relative paths start at {cwd})",
                           path=missing[0], cwd=os.getcwd())))
        return
    project_path = main.app.project.path
    refi = [p for p in paths if p.suffix.lower() in REFI and not p.is_dir()]
    if refi:
        if len(paths) > 1:
            main.say(tr("A REFI-QDA file is imported on its own: give one .qdpx or .qdc "
                        "file."))
            return
        main.app.push_screen(JobScreen(
            tr("Importing {path}", path=refi[0]), partial(import_job, project_path, refi[0]),
            on_done=main.app.reload_project))
        return
    from qualcode.ingest.sources import expand

    try:
        files, skipped = expand(paths)
    except QualcodeError as exc:
        main.say(escape(_line(exc)))
        return
    _run(main, paths, files, skipped, None, None)


def _run(main: MainScreen, paths: list[Path], files: list[Path], skipped: list[Path],
         site: str | None, method: str | None) -> None:
    app = main.app
    needs_site: list[str] = []

    def job(progress: Progress) -> str:
        try:
            return import_transcripts(app.project.path, files, skipped, site, method,
                                      progress)
        except QualcodeError as exc:
            if site is None and NO_SITE in str(exc):
                needs_site.append(_line(exc))
            raise

    screen: JobScreen

    def done() -> None:
        if needs_site:
            if app.screen is screen:
                app.pop_screen()
            _ask_site(main, needs_site[0], partial(_run, main, paths, files, skipped))
            return
        headline = (screen.result or "").splitlines()[0]
        if headline.startswith("✓"):
            app.reload_project()
            headline = tr("{headline} (o opens a source)", headline=headline)
        main.say(escape(headline))

    named = str(paths[0]) if len(paths) == 1 else tr("{n} paths", n=len(paths))
    with_options = ", ".join(x for x in (site, method) if x)
    counted = (tr("1 file") if len(files) == 1 else tr("{n} files", n=len(files)))
    heading = (tr("Importing {what} ({files}; {options})", what=named, files=counted,
                  options=with_options) if with_options
               else tr("Importing {what} ({files})", what=named, files=counted))
    screen = ImportJobScreen(heading, job, on_done=done)
    screen.asking = lambda: bool(needs_site)
    app.push_screen(screen)


def _ask_site(main: MainScreen, why: str,
              then: Callable[[str | None, str | None], None]) -> None:
    """The file names no site: ask for one (and the method), as --site and --method."""
    sites = main.store.sites()
    hint = (tr("a site (sites so far: {sites})", sites=", ".join(sites)) if sites
            else tr("a site"))

    def site_given(site: str | None) -> None:
        if site is None or not site.strip():
            main.say(escape(tr("Not imported: {why}", why=why)))
            return
        choices = [(AS_SAID, tr("as each file says (interview where it says nothing)")),
                   *[(m, tr(_METHODS.get(m, m))) for m in METHODS]]
        main.app.push_screen(ChoiceScreen(
            tr("Their method (like --method, for every file imported now):"), choices),
            lambda method: main.say(tr("Not imported: no method chosen.")) if method is None
            else then(site.strip(), None if method == AS_SAID else method))

    named = Path(why.split(NO_SITE)[0]).name
    main.say(escape(why))
    main.app.push_screen(PromptScreen(
        tr("{name} names no site. The site of every file imported now:", name=escape(named)),
        "", hint), site_given)
