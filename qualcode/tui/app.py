"""The qualcode Textual app: opens a project and hosts the workbench and its views.

The app holds what every screen shares: the project, its codebooks, and blind mode (whose
codings the workbench shows: `shown_coders()`), which the sub-title states with the coder.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from qualcode.analysis.evidence import EvidenceBase
from qualcode.model import Code
from qualcode.store.project import Project
from qualcode.tui.commands import ChoiceProvider, CodePalette, CodeProvider
from qualcode.tui.details import word
from qualcode.tui.i18n import marked, tr, use
from qualcode.tui.keys import CODEBOOK_KEYS, described
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.widgets.transcript import set_colours

BUSY_WAIT = 2.5  # seconds a write waits for another qualcode's write before "project busy"

# Textual's own words, for the catalogue: its commands in the palette (App.get_system_commands),
# translated where the palette gets them, and its ctrl+p key, translated by the footer.
TEXTUAL_COMMANDS = (
    marked("palette"),
    marked("Theme"), marked("Change the current theme"),
    marked("Quit"), marked("Quit the application as soon as possible"),
    marked("Keys"), marked("Hide the keys and widget help panel"),
    marked("Show help for the focused widget and a summary of available keys"),
    marked("Minimize"), marked("Minimize the widget and restore to normal size"),
    marked("Maximize"), marked("Maximize the focused widget"),
    marked("Screenshot"), marked("Save an SVG 'screenshot' of the current screen"),
)


class QualcodeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "qualcode"

    def __init__(self, project: Project, start_source: str | None = None,
                 language: str = "en") -> None:
        use(language)  # before any screen is made: they read the language as they compose
        super().__init__()
        self.project = project
        self.start_source = start_source
        self._evidence: tuple[tuple, EvidenceBase] | None = None
        self._evidence_lock = threading.Lock()  # the engine screens read it from workers
        self.books = project.store.codebooks()
        self.codes: dict[str, Code] = {c.id: c for b in self.books for c in b.codes}
        set_colours(self.codes.values())
        self.code_choices: list[Code] = []
        self.code_create: list[tuple[str, str | None, str]] | None = None  # where a new code
        self.create_only = False  # may go, when the picker may create one (see CodeProvider)
        self.choices: list = []
        self._on_code: Callable[[str], None] | None = None
        self.blind = False
        # The CLI waits up to 30 s for another writer; a window that froze that long would
        # look dead, so the workbench gives up sooner and says "project busy".
        project.store.wait_when_busy(BUSY_WAIT)
        self._show_who()

    def run_workbench(self, **options: object) -> int:
        """Run the workbench until it is closed (`options` go to `App.run`); the exit status:
        0, or 1 after an unexpected error (Textual has printed its traceback)."""
        self.run(**options)
        return self.return_code or 0

    # ------------------------------------------------------------------ who is coding

    def shown_coders(self) -> set[str] | None:
        """Whose codings the workbench shows and counts: the coder alone in blind mode,
        else everyone (None)."""
        return {self.project.coder} if self.blind else None

    def set_blind(self, on: bool) -> None:
        self.blind = on
        self._show_who()

    def _show_who(self) -> None:
        parts = [self.project.settings.name, tr("coder {coder}", coder=self.project.coder)]
        if self.blind:
            parts.append(tr("BLIND: only your codings (B shows all)"))
        if self.project.store.read_only:
            parts.append(tr("read-only"))
        self.sub_title = " · ".join(parts)

    def on_mount(self) -> None:
        self.push_screen(MainScreen())

    def reload_books(self) -> bool:
        """Read the codebooks again; whether they changed."""
        books = self.project.store.codebooks()
        if books == self.books:
            return False
        self.books = books
        self.codes = {c.id: c for b in self.books for c in b.codes}
        set_colours(self.codes.values())
        return True

    def reload_project(self) -> None:
        """After an import by a worker: codebooks and sources may be new."""
        self.reload_books()
        main = self.main
        if main.source is None:
            sources = self.project.store.sources()
            if sources:
                main.open_source(sources[0].name)
                return
        main.refresh_panes()

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    # ------------------------------------------------------------------ the core, for views

    def evidence_base(self) -> EvidenceBase:
        """The evidence of the codings the workbench shows (only the coder's, when blind),
        read once per state of the project: verdicts, matrices and the comparison share it
        until anything changes (here or in another window)."""
        key = (self.project.store.revision(), frozenset(self.shown_coders() or ()),
               self.project.settings.min_independent, repr(self.project.settings.thresholds))
        with self._evidence_lock:
            if self._evidence is None or self._evidence[0] != key:
                base = EvidenceBase(self.project.store, self.shown_coders(),
                                    min_independent=self.project.settings.min_independent,
                                    thresholds=self.project.settings.thresholds)
                old, self._evidence = self._evidence, (key, base)
                # Freed piece by piece, unless a worker still reads it (then it goes when
                # that worker is done): 2 = `old` and getrefcount's own argument.
                if old is not None and sys.getrefcount(old[1]) == 2:
                    old[1].clear()
            return self._evidence[1]

    # ------------------------------------------------------------------ pickers

    def pick_code(self, placeholder: str, on_code: Callable[[str], None], *,
                  create: list[tuple[str, str | None, str]] | None = None,
                  create_only: bool = False) -> None:
        """The fuzzy code picker: by id, English or Indonesian label, or keyword. With
        `create` (codebook, parent, 'in tema' for each place a new code may go, likeliest
        first), a name that matches no code (or follows `+`) offers to create it there, then
        `on_code` gets the new code; `create_only`: the picker only names a new code."""
        self.code_choices = list(self.codes.values())
        self.code_create = create
        self.create_only = create_only
        self._on_code = on_code
        shown = next((s.shown_source for s in self.screen_stack if isinstance(s, MainScreen)),
                     None)  # the code's meaning is shown in the open source's language
        self.push_screen(CodePalette(providers=[CodeProvider], placeholder=placeholder,
                                     language=shown.language if shown else "id"))

    def code_chosen(self, code_id: str) -> None:
        if self._on_code is not None:
            callback, self._on_code = self._on_code, None
            callback(code_id)

    def code_created(self, name: str, codebook: str, parent: str | None) -> None:
        """A new code named in the picker: made (the status line says why not), then
        handed on as if it had been picked."""
        code_id = self.main.create_code(name, codebook, parent)
        if code_id is not None:
            self.code_chosen(code_id)
        else:
            self._on_code = None

    def pick_choice(self, placeholder: str, choices: list) -> None:
        self.choices = choices
        self.push_screen(CommandPalette(providers=[ChoiceProvider], placeholder=placeholder))

    def pick_source(self) -> None:
        self.pick_choice(tr("Open source…"), [
            (s.name, tr("{site} · {method} · {codings} codings", site=s.site, method=word(s.method),
                        codings=s.codings),
             lambda name=s.name: self.main.open_source(name))
            for s in self.main.sources])  # as the navigator counts them (blind: yours)

    def jump_to(self, source: str, start: int, end: int) -> None:
        """Back to the workbench, at a span of a source."""
        while not isinstance(self.screen, MainScreen):
            self.pop_screen()
        main = self.main
        if main.source != source:
            main.open_source(source)
        main.transcript.select_span(start, end)
        main.transcript.focus()
        main.show_details()

    # ------------------------------------------------------------------ command palette

    def action_command_palette(self) -> None:
        """Textual's command palette (ctrl+p), asking in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=tr("Search for commands…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's (TEXTUAL_COMMANDS)
            yield command._replace(title=tr(command.title), help=tr(command.help))
        for binding in screen.BINDINGS:
            if isinstance(binding, tuple) or not binding.description:
                continue
            yield SystemCommand(described(binding.description), f"{binding.id} ({binding.key})",
                                lambda action=binding.action: screen.run_action(action))
        if isinstance(screen, MainScreen):  # the codebook pane's keys, run by the screen
            for binding in CODEBOOK_KEYS:
                action = binding.action.removeprefix("screen.")
                yield SystemCommand(described(binding.description),
                                    tr("{id} ({key} in the codebook pane)", id=binding.id,
                                       key=binding.key),
                                    lambda action=action: screen.run_action(action))
