"""The workbench's coding actions: code a selection, change, memo, delete, undo and redo, and
settle suggestions (a part of MainScreen, kept apart to keep each module one idea).

Every write goes through `write`: the store commits it in one transaction or refuses it with
one line (busy, full or read-only project, another coder's coding, a row changed or deleted
since it was shown), which the status bar shows; nothing is half-saved and the workbench goes
on. The keys that change "the coding under the cursor" act on the coder's own coding there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from qualcode.errors import QualcodeError
from qualcode.ingest.textnav import researcher_only
from qualcode.model import Coding, JournalEntry, NewCoding
from qualcode.store.source_actions import ACTIONS as SOURCE_ACTIONS
from qualcode.tui.coders import own_coding
from qualcode.tui.editor import edit_text
from qualcode.tui.i18n import tr
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.suggestions import SuggestionsPanel

REFUSED = object()  # what `write` returns when the store refused


def one_line(exc: QualcodeError) -> str:
    return "; ".join(exc.problems) or str(exc)


class CodingActions:
    """Mixed into MainScreen, which provides the store, the transcript, `say`, `saved`,
    `under_cursor`, `selection` and `codings_changed`."""

    # ------------------------------------------------------------------ writing

    def write(self, act: Callable[..., Any], *args: object, **kwargs: object) -> Any:
        """One store write; on a refusal the status line says why and REFUSED comes back."""
        try:
            return act(*args, **kwargs)
        except QualcodeError as exc:
            self.say(one_line(exc))
            return REFUSED

    def target(self) -> Coding | None:
        """The coder's own coding under the cursor (the innermost), or None, said why."""
        coding, why = own_coding(self.under_cursor(), self.app.project.coder)
        if coding is None:
            self.say(why)
        return coding

    def apply(self, code: str, stance: str) -> None:
        span = self.selection()
        if span is None or self.source is None:
            return
        coding = self.write(self.store.add_coding, NewCoding(
            self.source, span[0], span[1], code, stance, self.app.project.coder))
        if coding is REFUSED:
            return
        self.last_code = (code, stance)
        if code in self.recent:
            self.recent.remove(code)
        self.recent.insert(0, code)
        del self.recent[9:]
        self.visual_anchor = None
        self.codings_changed(coding, added=True)
        self.saved(tr("coded"), coding)
        labels = researcher_only(self.turns, [t.start for t in self.turns], *span)
        if labels:
            self.say(tr("✓ saved, but only the researcher's words ({labels}): not evidence",
                        labels=", ".join(labels)))

    def change(self, coding: Coding, what: str, **fields: object) -> None:
        """Change the coder's own coding as they saw it; say why not when it cannot be."""
        changed = self.write(self.store.update_coding, coding.id, self.app.project.coder,
                             coding.version, **fields)
        if changed is not REFUSED:
            self.codings_changed(coding, changed)
            self.saved(what, changed)

    # ------------------------------------------------------------------ keys

    def action_code(self) -> None:
        if self.selection() is not None:  # a new name offers to create the code (code_actions)
            self.app.pick_code(tr("Code the selection (supports)… (+NAME makes a new code)"),
                               lambda code: self.apply(code, "supports"),
                               create=self.create_targets(self._highlighted()))

    def action_code_contradicts(self) -> None:
        if self.selection() is not None:
            self.app.pick_code(tr("Code the selection as CONTRADICTS… "
                                  "(+NAME makes a new code)"),
                               lambda code: self.apply(code, "contradicts"),
                               create=self.create_targets(self._highlighted()))

    def action_repeat_code(self) -> None:
        if self.last_code is None:
            self.say(tr("Nothing to repeat yet."))
        else:
            self.apply(*self.last_code)

    def action_recent_code(self, n: int) -> None:
        if n > len(self.recent):
            recent = ", ".join(f"{i}:{c.split('/', 1)[1]}" for i, c in enumerate(self.recent, 1))
            self.say(tr("No recent code {n}. Recent: {recent}", n=n,
                        recent=recent or tr("none")))
        else:
            self.apply(self.recent[n - 1], "supports")

    def action_memo(self) -> None:
        coding = self.target()
        if coding is None:
            return

        def done(memo: str | None) -> None:
            if memo is not None:
                self.change(coding, tr("memo"), memo=memo)

        self.app.push_screen(PromptScreen(
            tr("Memo for {code} at {start}–{end}", code=coding.code, start=coding.start,
               end=coding.end), coding.memo, tr("memo — Enter saves, Escape cancels")), done)

    def action_memo_editor(self) -> None:
        coding = self.target()
        if coding is None:
            return
        try:
            memo = edit_text(self.app, coding.memo)
        except QualcodeError as exc:
            self.say(one_line(exc))
            return
        if memo == coding.memo:
            self.say(tr("Memo unchanged."))
        else:
            self.change(coding, tr("memo"), memo=memo)

    def action_source_memo(self) -> None:
        if self.source is None:
            return
        source = self.source

        def done(text: str | None) -> None:
            if text and text.strip():
                memo = self.write(self.store.add_memo, "source", source, text.strip(),
                                  self.app.project.coder)
                if memo is not REFUSED:
                    self.say(tr("✓ saved {time} — memo {memo} on {source}",
                                time=f"{datetime.now():%H:%M:%S}", memo=memo.id,
                                source=source))

        self.app.push_screen(PromptScreen(tr("Memo on {source}", source=source), "",
                                          tr("memo — Enter saves, Escape cancels")), done)

    def action_edit_code(self) -> None:
        coding = self.target()
        if coding is not None:
            self.app.pick_code(tr("Change {code} to…", code=coding.code),
                               lambda code: self.change(coding, tr("changed"), code=code))

    def action_toggle_stance(self) -> None:
        coding = self.target()
        if coding is not None:
            stance = "contradicts" if coding.stance == "supports" else "supports"
            self.change(coding, tr("stance"), stance=stance)

    def action_delete(self) -> None:
        coding = self.target()
        if coding is None:
            return
        deleted = self.write(self.store.delete_coding, coding.id, self.app.project.coder,
                             coding.version)
        if deleted is not REFUSED:
            self.codings_changed(coding)
            self.saved(tr("deleted"), coding)

    # ------------------------------------------------------------------ the journal

    def action_undo(self) -> None:
        self._journal(self.store.undo, undo=True)

    def action_redo(self) -> None:
        self._journal(self.store.redo, undo=False)

    def _journal(self, act: Callable[[str], JournalEntry | None], undo: bool) -> None:
        entry = self.write(act, self.app.project.coder)
        if entry is REFUSED:
            return
        if entry is None:
            self.say(tr("Nothing of yours to be undone.") if undo else
                     tr("Nothing of yours to be redone."))
            return
        # a source corrected, by this action or in another window not yet seen: shown anew
        # (screens.sources); a plain coding action needs none of that (reading every source's
        # figures costs an undo some 20 ms on a large project)
        elsewhere = self.store.data_version() != self.seen_version
        if (entry.action in SOURCE_ACTIONS or elsewhere) and self.follow_sources():
            pass
        elif entry.source is not None and entry.source != self.source and (
                entry.source in self.store.source_names()):  # (not if renamed since)
            self.open_source(entry.source)
        else:
            self.codings_changed()
        if entry.action.startswith("code "):  # a code's action: codebooks and counts anew
            self.reread(background=False)
        if entry.start is not None and entry.source == self.source and (
                not self.transcript.shows(entry.start)):
            self.transcript.move_to(entry.start)  # bring the place into view
        # a rejected or accepted suggestion undone is in the list again (redone: out again)
        self.query_one(SuggestionsPanel).follow(self.store, self.codings)
        now = f"{datetime.now():%H:%M:%S}"
        self.say(tr("✓ saved {time} — undone: {summary}", time=now, summary=entry.summary)
                 if undo else
                 tr("✓ saved {time} — redone: {summary}", time=now, summary=entry.summary))

    # ------------------------------------------------------------------ suggestions

    def on_suggestions_panel_chosen(self, event: SuggestionsPanel.Chosen) -> None:
        s = event.suggestion
        if s.source != self.source or self.text[s.start:s.end] != s.text:
            if event.action != "show":  # (the panel follows the source: should not happen)
                self.say(tr("Not saved: this suggestion was made for {source} as it was "
                            "before; press G for suggestions on the text shown.",
                            source=s.source))
            return
        if event.action == "show":
            self.transcript.select_span(s.start, s.end)
            return
        panel = self.query_one(SuggestionsPanel)
        if event.action == "accept":
            coding = self.write(self.store.add_coding, s.new_coding(self.app.project.coder))
            if coding is REFUSED:
                return
            panel.drop(s)
            self.codings_changed(coding, added=True)
            self.saved(tr("accepted suggestion"), coding)
        else:
            from qualcode.suggest.engine import reject

            if self.write(reject, self.app.project, s) is REFUSED:
                return
            panel.drop(s)
            self.say(tr("✓ saved — rejected {code} at {start}–{end}; it will not be "
                        "suggested again (u undoes)", code=s.code, start=s.start, end=s.end))
