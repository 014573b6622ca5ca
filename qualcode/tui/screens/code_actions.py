"""The workbench's code editing (a part of MainScreen, kept apart to keep each module one
idea): make a code while coding (the picker's "create code 'NAME' …"), and the codebook
pane's keys (keys.CODEBOOK_KEYS) to add, rename, move, merge, delete (asked first), colour and
describe the highlighted code.

Each change is one journaled store action (`u` undoes it); afterwards the project is read
again, so the codebook pane's counts, the transcript's marks and colours and the navigator
are right at once, and the pane keeps the code in view. A framework's indicators keep their
ids: the store refuses to add, move, merge away or delete them, and the status line says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from qualcode.errors import QualcodeError
from qualcode.model import Code
from qualcode.tui.i18n import language, marked, tr
from qualcode.tui.screens.code_forms import ConfirmScreen, DescribeScreen
from qualcode.tui.screens.coding import REFUSED, one_line
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.codebook import CodebookPane, CodeTree, name_of

MAX_PLACES = 24  # places offered for a new code in the picker
# a code's described fields, as the status line names them
FIELDS = {"definition": marked("definition"), "include": marked("include"),
          "exclude": marked("exclude"), "keywords": marked("keywords"),
          "examples": marked("examples")}


class CodeEditing:
    """Mixed into MainScreen, which provides the store, `write`, `say`, `reread`, `recent`,
    `sources` and the current `source`."""

    theme_book: str | None = None  # the thematic codebook a code was last made in

    # ------------------------------------------------------------------ making a code

    def create_targets(self, around: tuple[str, str] | None = None
                       ) -> list[tuple[str, str | None, str]]:
        """Where a new code may go, the likeliest first: (codebook, parent, 'in tema'). Near
        `around` (the pane's highlighted code or codebook) first; then the thematic codebook
        last used (a code made there, else the last thematic code applied; else `tema`, made
        when needed), under the code last applied there or any of its codes; then the top of
        every other thematic codebook."""
        from qualcode.ingest.codebooks import EMERGING

        books = {b.id: b for b in self.app.books}
        codes = self.app.codes
        places: list[tuple[str, str | None, str]] = []

        def offer(book: str, parent: str | None) -> None:
            if any(p[:2] == (book, parent) for p in places):
                return
            where = (tr("under {parent}", parent=parent) if parent else
                     tr("in {book}", book=book) if book in books else
                     tr("in {book} (a new codebook)", book=book))
            places.append((book, parent, where))

        if around is not None:
            kind, key = around
            if kind == "code" and key in codes and not books[codes[key].codebook].is_framework:
                code = codes[key]
                offer(code.codebook, code.id)
                offer(code.codebook, code.parent)
            elif kind == "book" and key in books and not books[key].is_framework:
                offer(key, None)
        used = next((c for c in self.recent if c in codes
                     and not books[codes[c].codebook].is_framework), None)
        book = self.theme_book or (codes[used].codebook if used else EMERGING)
        if book in books and books[book].is_framework:
            book = EMERGING
        offer(book, None)
        if used and codes[used].codebook == book:
            offer(book, used)
        for code in books[book].codes if book in books else ():
            offer(book, code.id)
        for other in self.app.books:
            if not other.is_framework:
                offer(other.id, None)
        offer(EMERGING, None)
        return places[:MAX_PLACES]

    def create_code(self, name: str, book: str, parent: str | None) -> str | None:
        """Make a code named `name` (in the language of the source being read) and show it
        in the pane; its id, or None when the store refused (the status line says why)."""
        from qualcode.exchange.model import slug
        from qualcode.ingest.codebooks import EMERGING, EMERGING_NAME

        taken = self.store.code_ids()
        code_id = base = f"{book}/{slug(name)}"
        n = 1
        while code_id in taken:
            n += 1
            code_id = f"{base}-{n}"
        lang = next((s.language for s in self.sources if s.name == self.source), "id")
        lang = lang if lang in ("id", "en") else "id"
        new_book = book not in {b.id for b in self.app.books}
        book_name = EMERGING_NAME if new_book and book == EMERGING else None
        made = self.write(self.store.add_code, Code(code_id, book, {lang: name}, parent),
                          self.app.project.coder, book_name)
        if made is REFUSED:
            return None
        self.theme_book = book
        self.app.reload_books()
        pane = self.query_one(CodebookPane)
        pane.show(self.app.books, self._code_counts())
        pane.select_code(code_id)
        now = f"{datetime.now():%H:%M:%S}"
        self.say(tr("✓ saved {time} — new code {code} '{name}' in a new codebook {book}",
                    time=now, code=code_id, name=name, book=book) if new_book else
                 tr("✓ saved {time} — new code {code} '{name}'", time=now, code=code_id,
                    name=name))
        return code_id

    # ------------------------------------------------------------------ the pane's keys

    def action_add_code(self) -> None:
        def made(code_id: str) -> None:
            self._changed(tr("new code {code}; u undoes", code=code_id), code_id)

        self.app.pick_code(tr("New code: type its name, then choose where it goes…"), made,
                           create=self.create_targets(self._highlighted()), create_only=True)

    def action_rename_code(self) -> None:
        def rename(code: Code) -> None:
            shown = language()  # the label in the interface's language, else the other's
            lang = shown if code.label.get(shown) else ("id" if shown == "en" else "en")

            def done(text: str | None) -> None:
                if text is None or not text.strip():
                    return
                chosen, named = lang, text.strip()
                head, sep, rest = named.partition(":")
                if sep and head.strip().lower() in ("id", "en") and rest.strip():
                    chosen, named = head.strip().lower(), rest.strip()
                if named == code.label.get(chosen):
                    self.say(tr("Name unchanged."))
                    return
                if self.write(self.store.edit_code, code.id, self.app.project.coder,
                              label={chosen: named}) is not REFUSED:
                    self._changed(tr("renamed {code} ({lang}): '{name}'; u undoes",
                                     code=code.id, lang=chosen, name=named), code.id)

            self.app.push_screen(PromptScreen(
                tr("Rename {code} ({lang}; 'en: …' or 'id: …' for a language)", code=code.id,
                   lang=lang),
                code.label.get(lang, ""), tr("new name — Enter saves, Escape cancels")), done)

        self._code_then(tr("Rename which code?…"), rename)

    def action_move_code(self) -> None:
        def move(code: Code) -> None:
            if self._refused_for_framework(code, tr("moved")):
                return
            book = next(b for b in self.app.books if b.id == code.codebook)
            below = _below(book.codes, code.id)

            def to(parent: str | None) -> None:
                if parent == code.parent:
                    self.say(tr("{code} is already there.", code=code.id))
                    return
                if self.write(self.store.move_code, code.id, parent,
                              self.app.project.coder) is not REFUSED:
                    self._changed(
                        tr("moved {code} under {parent}; u undoes", code=code.id,
                           parent=parent) if parent else
                        tr("moved {code} to the top of {book}; u undoes", code=code.id,
                           book=book.id), code.id)

            choices = [(tr("(top of {book})", book=book.id), tr("no parent"), lambda: to(None))]
            choices += [(f"{c.id} — {name_of(c)}", tr("put it under this code"),
                         lambda p=c.id: to(p))
                        for c in book.codes if c.id != code.id and c.id not in below]
            self.app.pick_choice(tr("Move {code} under…", code=code.id), choices)

        self._code_then(tr("Move which code?…"), move)

    def action_merge_code(self) -> None:
        def merge(code: Code) -> None:
            if self._refused_for_framework(code, tr("merged away (merge a thematic code "
                                                    "into it instead)")):
                return

            def into(target: str) -> None:
                report = self.write(self.store.merge_codes, code.id, target,
                                    self.app.project.coder)
                if report is REFUSED:
                    return
                n = report.moved
                parts = [tr("{n} coding moved", n=n) if n == 1 else
                         tr("{n} codings moved", n=n)]
                if report.duplicates:
                    parts.append(tr("{n} duplicate(s) dropped", n=report.duplicates))
                if report.overlaps:
                    parts.append(tr("{n} overlapping joined", n=report.overlaps))
                self._changed(tr("merged {code} into {target}: {parts}; u undoes",
                                 code=code.id, target=target, parts=", ".join(parts)), target)

            self.app.pick_code(tr("Merge {code} into… (its codings move there)",
                                  code=code.id), into)

        self._code_then(tr("Merge which code?…"), merge)

    def action_delete_code(self) -> None:
        def delete(code: Code) -> None:
            if self._refused_for_framework(code, tr("deleted")):
                return
            codings = len(self.store.codings(code=code.id))
            memos = sum(1 for m in self.store.memos()
                        if m.target_kind == "code" and m.target == code.id)
            of_codings = "" if not codings else (
                tr("{n} coding (every coder's)", n=codings) if codings == 1 else
                tr("{n} codings (every coder's)", n=codings))
            of_memos = "" if not memos else (
                tr("{n} memo", n=memos) if memos == 1 else tr("{n} memos", n=memos))
            what = (tr("{codings} and {memos}", codings=of_codings, memos=of_memos)
                    if of_codings and of_memos else of_codings or of_memos)
            question = (tr("Delete the code {code} '{name}' with its {what}? (u undoes)",
                           code=code.id, name=name_of(code), what=what) if what else
                        tr("Delete the code {code} '{name}'? (u undoes)", code=code.id,
                           name=name_of(code)))

            def answered(yes: bool | None) -> None:
                if not yes:
                    self.say(tr("Not deleted."))
                    return
                report = self.write(self.store.delete_code, code.id, self.app.project.coder,
                                    bool(what))
                if report is not REFUSED:
                    self._changed(tr("deleted {code} with its {what}; u undoes", code=code.id,
                                     what=what) if what else
                                  tr("deleted {code}; u undoes", code=code.id), code.parent)

            self.app.push_screen(ConfirmScreen(question), answered)

        self._code_then(tr("Delete which code?…"), delete)

    def action_colour_code(self) -> None:
        def colour(code: Code) -> None:
            def done(text: str | None) -> None:
                from qualcode.ingest.codebooks import parse_colour

                if text is None:
                    return
                try:
                    value = parse_colour(text)
                except QualcodeError as exc:
                    self.say(one_line(exc))
                    return
                if value == code.color:
                    self.say(tr("Colour unchanged."))
                    return
                if self.write(self.store.edit_code, code.id, self.app.project.coder,
                              color=value) is not REFUSED:
                    self._changed(tr("{code} is now {colour}; u undoes", code=code.id,
                                     colour=value) if value else
                                  tr("{code} is now without a colour; u undoes", code=code.id),
                                  code.id)

            self.app.push_screen(PromptScreen(
                tr("Colour of {code}: #rrggbb, #rgb, a name (red, blue, merah, biru, …) or "
                   "none", code=code.id), code.color,
                tr("colour — Enter saves, Escape cancels")), done)

        self._code_then(tr("Colour which code?…"), colour)

    def action_describe_code(self) -> None:
        def describe(code: Code) -> None:
            framework = next(b for b in self.app.books if b.id == code.codebook).is_framework

            def done(fields: dict | None) -> None:
                if fields is None:
                    return
                if not fields:
                    self.say(tr("Nothing changed."))
                    return
                if self.write(self.store.edit_code, code.id, self.app.project.coder,
                              **fields) is not REFUSED:
                    named = ", ".join(tr(FIELDS[f]) if f in FIELDS else f for f in fields)
                    self._changed(tr("described {code}: {fields}; u undoes", code=code.id,
                                     fields=named), code.id)

            self.app.push_screen(DescribeScreen(code, framework), done)

        self._code_then(tr("Describe which code?…"), describe)

    # ------------------------------------------------------------------ helpers

    def _highlighted(self) -> tuple[str, str] | None:
        """The pane's highlighted code or codebook, if the pane has the focus."""
        pane = self.query_one(CodebookPane)
        return pane.highlighted() if self.focused is pane.query_one(CodeTree) else None

    def _code_then(self, which: str, then: Callable[[Code], None]) -> None:
        """Act on the pane's highlighted code; without one, ask which code first (`which`)."""
        at = self._highlighted()
        if at is not None and at[0] == "code" and at[1] in self.app.codes:
            then(self.app.codes[at[1]])
            return
        self.app.pick_code(which, lambda code_id: then(self.app.codes[code_id]))

    def _refused_for_framework(self, code: Code, verb: str) -> bool:
        book = next(b for b in self.app.books if b.id == code.codebook)
        if book.is_framework:
            self.say(tr("{code} is an indicator of the framework {framework}: framework "
                        "indicators are a contract and cannot be {verb}", code=code.id,
                        framework=book.id, verb=verb))
        return book.is_framework

    def _changed(self, message: str, select: str | None) -> None:
        """After a code action: the project read again (codebooks, codings, every count),
        the code shown in the pane, the status line saying what was saved."""
        self.reread(background=False)
        if select is not None:
            self.query_one(CodebookPane).select_code(select)
        self.say(tr("✓ saved {time} — {message}", time=f"{datetime.now():%H:%M:%S}",
                    message=message))


def _below(codes: list[Code], code_id: str) -> set[str]:
    """The sub-codes of a code, at any depth."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for c in codes:
            if c.parent is not None and (c.parent == code_id or c.parent in found) and (
                    c.id not in found):
                found.add(c.id)
                changed = True
    return found
