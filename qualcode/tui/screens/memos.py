"""Memos: every memo of the project (on the project, a site, a source, a code, and the
codings' memos) in one list, filtered by what they are about; Enter opens one to read or edit,
`e` edits it in $EDITOR, `n` writes a new one, `d` deletes one after asking, `g` goes to its
place, `u` / ctrl+r undo and redo.

Each change goes through the store's journaled actions (`qualcode.analysis.memos`): only the
author edits or deletes a memo, a memo changed elsewhere since it was listed is refused (the
status line says who changed it), and `qualcode undo` or `u` takes it back. In blind mode the
list holds only the coder's memos (and those without an author). What other windows, coders
and the CLI change shows within a second, as in the workbench.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Static, TextArea

from qualcode.analysis import memos
from qualcode.analysis.memos import MemoEntry
from qualcode.errors import QualcodeError
from qualcode.tui.editor import edit_text
from qualcode.tui.i18n import language, marked, tr
from qualcode.tui.screens.sync import POLL_SECONDS
from qualcode.tui.widgets.footer import Footer

SHOWN = 60  # characters of a memo in the list (the preview below shows it whole)
TARGET = 30  # characters of what it is about


def _cut(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def _line(exc: QualcodeError) -> str:
    return "; ".join(exc.problems) or str(exc)


# what a memo is about, as the list shows it (the stored kind is the English word)
_ABOUT = {"project": marked("project"), "site": marked("site"), "source": marked("source"),
          "code": marked("code"), "coding": marked("coding")}
_STANCE = {"supports": marked("supports"), "contradicts": marked("contradicts")}


def _about(kind: str) -> str:
    return tr(_ABOUT[kind]) if kind in _ABOUT else kind


def _target(e: MemoEntry) -> str:
    """What the memo is about (for a coding: its code and where it is)."""
    c = e.coding
    if c is None:
        return e.target
    return tr("{code} on {source} {start}–{end}", code=c.code, source=c.source,
              start=c.start, end=c.end)


def _title(e: MemoEntry) -> str:
    """'memo 3 on site Madiun', 'the memo of coding 57 (… on source 10–20)' (`e.title`)."""
    if e.coding is not None:
        return tr("the memo of coding {id} ({target})", id=e.coding.id, target=_target(e))
    return tr("memo {key} on {about} {target}", key=e.key, about=_about(e.about),
              target=e.target).rstrip()


def _written(e: MemoEntry) -> str:
    """When it was written and last edited (`e.written`)."""
    if e.updated_at == e.created_at:
        return memos.local_time(e.created_at)
    return tr("{written}, edited {edited}", written=memos.local_time(e.created_at),
              edited=memos.local_time(e.updated_at))


def _label(texts: dict[str, str]) -> str:
    """A codebook label in the interface language, else in the other."""
    return texts.get(language()) or next((t for t in texts.values() if t), "")


class MemoEditor(ModalScreen[str | None]):
    """A memo in a text area: ctrl+s returns the text; Escape returns None (asking once more
    when there are unsaved changes). Read-only for another author's memo."""

    DEFAULT_CSS = """
    MemoEditor { align: center middle; }
    #memo-editor-box { width: 90; max-width: 100%; height: 22; max-height: 100%;
                       border: round $accent; padding: 0 1; background: $surface; }
    #memo-editor-box TextArea { height: 1fr; }
    #memo-editor-hint { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="memo-editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="memo-editor.cancel", priority=True),
    ]

    def __init__(self, title: str, text: str, read_only: bool = False) -> None:
        super().__init__()
        self.heading = title
        self.original = text
        self.read_only = read_only
        self.warned = False

    def compose(self) -> ComposeResult:
        hint = (tr("read-only · Escape closes") if self.read_only
                else tr("ctrl+s saves · Escape cancels"))
        with Vertical(id="memo-editor-box"):
            yield Label(self.heading, markup=False)
            yield TextArea(self.original, soft_wrap=True, read_only=self.read_only,
                           id="memo-text")
            yield Static(hint, id="memo-editor-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        if self.read_only:
            self.dismiss(None)
        elif not self.text.strip():
            self.query_one("#memo-editor-hint", Static).update(
                tr("A memo needs a text (d in the list deletes a memo) · Escape cancels"))
        else:
            self.dismiss(self.text.strip())

    def action_cancel(self) -> None:
        if self.read_only or self.warned or self.text.strip() == self.original.strip():
            self.dismiss(None)
            return
        self.warned = True
        self.query_one("#memo-editor-hint", Static).update(
            tr("Unsaved changes: ctrl+s saves, Escape again discards them"))


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or Enter on "yes" confirms; n or Escape declines."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm-box { width: 80; max-width: 100%; height: auto; border: round $error;
                   padding: 1 2; background: $surface; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self.question, markup=False)
            yield Static(tr("y: yes · n or Escape: no"), id="confirm-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MemoScreen(Screen[None]):
    DEFAULT_CSS = """
    #memos-title { height: auto; padding: 0 1; background: $panel; }
    #memo-filter { height: 3; }
    #memos { height: 1fr; }
    #memo-preview { height: auto; max-height: 10; padding: 0 1; border-top: solid $panel;
                    overflow-y: auto; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="memos.back"),
        Binding("enter", "open", "Open / edit", id="memos.open", show=True),
        Binding("e", "editor", "Edit in $EDITOR", id="memos.editor", show=True),
        Binding("n", "new", "New memo", id="memos.new", show=True),
        Binding("d", "delete", "Delete", id="memos.delete", show=True),
        Binding("g", "go", "Go to its place", id="memos.go", show=True),
        Binding("slash", "filter", "Filter", id="memos.filter", show=True),
        Binding("c", "toggle_codings", "Codings' memos shown/hidden", id="memos.codings"),
        Binding("u", "undo", "Undo", id="memos.undo"),
        Binding("ctrl+r", "redo", "Redo", id="memos.redo"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.codings = True  # the codings' memos listed too
        self.entries: list[MemoEntry] = []
        self.shown: list[MemoEntry] = []
        self.site_of: dict[str, str] = {}
        self.changed = False  # whether the workbench has to read the codings again
        self.seen_version: int | None = None  # the store's data_version last listed

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="memos-title", markup=False)
        yield Input(self.query_text, id="memo-filter",
                    placeholder=tr("/ filter: a site, source, code, author or words "
                                   "(Enter or ↓ back to the list)"))
        yield DataTable(cursor_type="row", zebra_stripes=True, id="memos")
        yield Static(id="memo-preview", markup=False)
        yield Static(classes="status", id="memos-status", markup=False)
        yield Footer()

    @property
    def store(self):
        return self.app.project.store

    @property
    def coder(self) -> str:
        return self.app.project.coder

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(tr("id"), tr("about"), tr("target"), tr("memo"), tr("by"),
                               tr("written"))
        self.seen_version = self.store.data_version()
        self.reload()
        self.set_interval(POLL_SECONDS, self.poll)
        self.table.focus()
        self.say(tr("Enter opens a memo · n writes one · d deletes · / filters · "
                    "Escape goes back"))

    def say(self, message: str) -> None:
        self.query_one("#memos-status", Static).update(message)

    def saved(self, what: str) -> None:
        self.changed = True
        self.say(tr("✓ saved {time} — {what} (u undoes)", time=f"{datetime.now():%H:%M:%S}",
                    what=what))

    # ------------------------------------------------------------------ the list

    def poll(self) -> None:
        """Another window, coder or the CLI changed the project: list the memos as they are."""
        try:
            version = self.store.data_version()
            if version != self.seen_version:
                self.seen_version = version
                self.reload()
        except QualcodeError as exc:
            self.say(_line(exc))

    def reload(self, keep: str | None = None) -> None:
        """Read the memos again and show those the filter keeps; the cursor stays on `keep`
        (a key) or where it was."""
        if keep is None and self.shown and self.table.row_count:
            keep = self.current.key if self.current else None
        self.site_of = {s.name: s.site for s in self.store.sources()}
        self.entries = memos.memo_entries(self.store, codings=self.codings,
                                          authors=self.app.shown_coders())
        self.show(keep)

    def _haystack(self, e: MemoEntry) -> str:
        source = e.coding.source if e.coding else (e.target if e.about == "source" else "")
        site = self.site_of.get(source, "")
        return " ".join((e.key, e.about, e.target, site, e.author, e.text, _about(e.about),
                         _target(e))).lower()

    def show(self, keep: str | None = None) -> None:
        words = self.query_text.lower().split()
        self.shown = [e for e in self.entries
                      if all(w in self._haystack(e) for w in words)]
        table = self.table
        row = table.cursor_row
        table.clear()
        for e in self.shown:
            cells = (e.key, _about(e.about), _cut(_target(e), TARGET) or "—", _cut(e.text, SHOWN),
                     e.author or "—", memos.local_time(e.updated_at)[:10])
            table.add_row(*(Text(cell) for cell in cells), key=e.key)  # text, not markup
        keys = [e.key for e in self.shown]
        if keep in keys:
            row = keys.index(keep)
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        parts = [tr("Memos — {n}", n=len(self.entries))]
        if words:
            parts.append(tr("{n} match “{query}”", n=len(self.shown), query=self.query_text))
        if not self.codings:
            parts.append(tr("the codings' memos hidden (c shows them)"))
        if self.app.blind:
            parts.append(tr("blind mode: only your memos"))
        self.query_one("#memos-title", Static).update(" · ".join(parts))
        self.preview()

    @property
    def current(self) -> MemoEntry | None:
        if not self.shown:
            return None
        return self.shown[min(self.table.cursor_row, len(self.shown) - 1)]

    def preview(self) -> None:
        e = self.current
        if e is None:
            text = tr("No memos here.") if self.entries else tr(
                "No memos yet: n writes one (on the project, a site, a source or a code).")
        else:
            mine = "" if e.editable_by(self.coder) else " · " + tr("read-only")
            quote = ""
            if e.coding is not None:
                c = e.coding
                said = " ".join(self.store.source_text(c.source)[c.start:c.end].split())
                stance = tr(_STANCE[c.stance]) if c.stance in _STANCE else c.stance
                quote = f"\n{stance}: “{said if len(said) <= 200 else said[:199] + '…'}”"
            text = (tr("{title} · by {author} · {written}", title=_title(e),
                       author=e.author or tr("no one named"), written=_written(e))
                    + f"{mine}{quote}\n\n{e.text}")
        self.query_one("#memo-preview", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.preview()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def on_key(self, event) -> None:
        if self.focused is self.query_one(Input) and event.key in ("down", "escape"):
            event.stop()
            self.table.focus()

    # ------------------------------------------------------------------ writing

    def write(self, act: Callable[..., Any], *args: object) -> bool:
        """One store write; on a refusal the status says why, the list is read again (a memo
        changed elsewhere shows as it is now) and False comes back."""
        try:
            act(*args)
        except QualcodeError as exc:
            self.say(_line(exc))
            self.reload()
            return False
        return True

    def _editable(self, e: MemoEntry, verb: str) -> bool:
        if e.editable_by(self.coder):
            return True
        self.say(memos.not_yours(e, self.coder, verb))
        return False

    def _save(self, e: MemoEntry, text: str | None) -> None:
        if text is None:
            return
        if text.strip() == e.text.strip():
            self.say(tr("Memo unchanged."))
        elif self.write(memos.edit, self.store, e, text, self.coder):
            self.saved(tr("edited {title}", title=_title(e)))
            self.reload(e.key)

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        self._leaving()
        self.app.pop_screen()

    def _leaving(self) -> None:
        """Back to the workbench: it shows the codings' memos as they are now."""
        if self.changed:
            self.changed = False
            self.app.main.reread()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_toggle_codings(self) -> None:
        self.codings = not self.codings
        self.reload()

    def action_open(self) -> None:
        e = self.current
        if e is None:
            return
        if not e.editable_by(self.coder):
            self.app.push_screen(MemoEditor(tr("{title} — {author}'s", title=_title(e),
                                               author=e.author), e.text, read_only=True))
            return
        self.app.push_screen(MemoEditor(tr("{title} — by you", title=_title(e)), e.text),
                             lambda text, e=e: self._save(e, text))

    def action_editor(self) -> None:
        e = self.current
        if e is None or not self._editable(e, "changed"):
            return
        try:
            text = edit_text(self.app, e.text)
        except QualcodeError as exc:
            self.say(_line(exc))
            return
        if not text.strip():
            self.say(tr("The editor left the memo empty: not saved (d deletes a memo)."))
            return
        self._save(e, text)

    def action_delete(self) -> None:
        e = self.current
        if e is None or not self._editable(e, "deleted"):
            return
        short = _cut(e.text, SHOWN)

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say(tr("Not deleted."))
            elif self.write(memos.delete, self.store, e, self.coder):
                self.saved(tr("deleted {title}", title=_title(e)))
                self.reload()

        question = (tr("Empty {title}?", title=_title(e)) if e.coding is not None
                    else tr("Delete {title}?", title=_title(e)))
        self.app.push_screen(ConfirmScreen(f"{question}\n“{short}”"), answered)

    def action_new(self) -> None:
        main = self.app.main
        choices: list[tuple[str, str, Callable[[], object]]] = []
        if main.source is not None:
            site = self.site_of.get(main.source, "")
            choices.append((tr("source {name}", name=main.source),
                            tr("the source open in the workbench"),
                            lambda: self._new("source", main.source)))
            choices.append((tr("site {name}", name=site), tr("its site"),
                            lambda: self._new("site", site)))
        choices.append((tr("the project"), tr("a memo on the whole project"),
                        lambda: self._new("project", "")))
        choices += [(tr("site {name}", name=s), tr("a site"), lambda s=s: self._new("site", s))
                    for s in self.store.sites()]
        choices += [(tr("source {name}", name=name), f"{site}",
                     lambda n=name: self._new("source", n))
                    for name, site in sorted(self.site_of.items())]
        choices += [(tr("code {id}", id=c.id), _label(c.label),
                     lambda c=c.id: self._new("code", c)) for c in self.app.codes.values()]
        seen: set[str] = set()
        choices = [c for c in choices if not (c[0] in seen or seen.add(c[0]))]
        self.app.pick_choice(tr("A new memo on… (the project, a site, a source or a code)"),
                             choices)

    def _new(self, kind: str, target: str) -> None:
        def done(text: str | None) -> None:
            if text is None:
                return
            try:
                memo = self.store.add_memo(kind, target, text, self.coder)
            except QualcodeError as exc:
                self.say(_line(exc))
                return
            self.saved(tr("memo {key} on {about} {target}", key=memo.id, about=_about(kind),
                          target=target).rstrip())
            self.query_text = ""
            self.query_one(Input).value = ""
            self.reload(str(memo.id))

        self.app.push_screen(MemoEditor(tr("New memo on {about} {target}", about=_about(kind),
                                           target=target).rstrip(), ""), done)

    def action_go(self) -> None:
        e = self.current
        if e is None:
            return
        if e.coding is not None:
            self._leaving()
            self.app.jump_to(e.coding.source, e.coding.start, e.coding.end)
        elif e.about == "source" and e.target in self.site_of:
            self._leaving()
            self.app.pop_screen()
            self.app.main.open_source(e.target)
        else:
            self.say(tr("A memo on {about} {target} has no place in a transcript.",
                        about=_about(e.about), target=e.target).replace("  ", " "))

    def action_undo(self) -> None:
        self._journal(self.store.undo, tr("undone"), tr("Nothing of yours to be undone."))

    def action_redo(self) -> None:
        self._journal(self.store.redo, tr("redone"), tr("Nothing of yours to be redone."))

    def _journal(self, act: Callable[[str], Any], what: str, nothing: str) -> None:
        try:
            entry = act(self.coder)
        except QualcodeError as exc:
            self.say(_line(exc))
            return
        if entry is None:
            self.say(nothing)
            return
        self.changed = True
        self.reload()
        self.say(tr("✓ saved {time} — {what}: {summary}", time=f"{datetime.now():%H:%M:%S}",
                    what=what, summary=entry.summary))
