"""Fuzzy pickers for the command palette: codes (by id, English or Indonesian label, keyword)
and sources. The code picker (`CodePalette`) shows what the highlighted code means: its
definition, inclusion and exclusion notes and an example, in the source's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.widgets import OptionList, Static

from qualcode.model import Code
from qualcode.tui.details import code_lines, label_of
from qualcode.tui.i18n import language, tr


@dataclass(eq=False)
class CodeHit(Hit):
    """A hit naming an existing code (`code`: its id), whose meaning the picker shows."""

    code: str = ""


class CodePalette(CommandPalette):
    """The command palette as a code picker: below the hits, the highlighted code's
    definition, inclusion/exclusion notes and first example (`language` first, else the
    other language of the codebook)."""

    DEFAULT_CSS = """
    CodePalette #code-info { dock: bottom; height: auto; max-height: 45%; width: 100%;
        background: $surface; border-top: solid $accent; padding: 0 1; }
    """

    def __init__(self, *args, language: str = "id", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.showing: str | None = None  # the code whose meaning is shown

    def compose(self) -> ComposeResult:
        yield from super().compose()
        info = Static(tr("Type a code's id, label or keyword; ↑↓ show what each code means."),
                      id="code-info")
        info.display = not getattr(self.app, "create_only", False)  # naming a new code
        yield info

    @on(OptionList.OptionHighlighted)
    def _show_code(self, event: OptionList.OptionHighlighted) -> None:
        hit = getattr(event.option, "hit", None)
        code = self.app.codes.get(getattr(hit, "code", ""))
        self.showing = code.id if code is not None else None
        if code is None:  # "create code …": nothing to explain yet
            self.query_one("#code-info", Static).update(
                tr("A new code of your own: describe it later with i in the codebook pane."))
            return
        lines = code_lines(code, self.language) or [tr(
            "(the codebook gives no definition; i on the code in the codebook adds one)")]
        label = label_of(code)
        self.query_one("#code-info", Static).update(
            "\n".join([f"[b]{escape(code.id)}[/b] — {escape(label)}", *lines]))


class CodeProvider(Provider):
    """Searches `app.code_choices`; calls `app.code_chosen(code_id)` with the pick.

    When the picker may create codes (`app.code_create`: where a new code may go), a name
    that matches no code offers "create code 'NAME' …" for each place, the likeliest first;
    so does a name typed after `+` (even one that matches codes), and any name when
    `app.create_only`. The pick calls `app.code_created(name, codebook, parent)`."""

    async def search(self, query: str) -> Hits:
        app = self.app
        only = app.create_only or query.lstrip().startswith("+")
        found = 0
        if not only:
            async for hit in self._codes(query):
                found += 1
                yield hit
        name = " ".join(query.strip().lstrip("+").split())
        if app.code_create and name and not found:
            for i, (book, parent, where) in enumerate(app.code_create):
                yield Hit(1000 - i, Text(tr("+ create code '{name}' {where}", name=name,
                                            where=where)),
                          partial(app.code_created, name, book, parent),
                          help=("" if i else tr("a new code of your own, made now")
                                if app.create_only else tr(
                                    "a new code of your own, made now; "
                                    "the selection is coded with it")))

    async def _codes(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = [self.matcher(w) for w in query.split()]
        for order, code in enumerate(self.app.code_choices):
            fields = [code.id, code.label.get("en", ""), code.label.get("id", "")]
            keywords = [k for ks in code.keywords.values() for k in ks]
            best = max(matcher.match(f) for f in fields)
            via = ""
            if best <= 0 and len(words) > 1:
                # words in any order: "data sinkron" finds "Sinkronisasi data"
                per_word = [max(w.match(f) for f in fields) for w in words]
                best = min(per_word) * 0.8 if min(per_word) > 0 else 0
            if best <= 0:
                keyword_scores = [(matcher.match(k), k) for k in keywords]
                score, keyword = max(keyword_scores, default=(0, ""))
                best, via = score * 0.5, keyword
            if best > 0:  # ties keep codebook order, so the list is stable
                yield CodeHit(best - order * 1e-6, matcher.highlight(_name(code)),
                              partial(self.app.code_chosen, code.id),
                              help=_help(code) + (tr(" · keyword: {keyword}", keyword=via)
                                                  if via else ""),
                              code=code.id)

    async def discover(self) -> Hits:
        if self.app.create_only:
            return
        for code in self.app.code_choices:
            yield CodeHit(1, _name(code), partial(self.app.code_chosen, code.id),
                          help=_help(code), code=code.id)


class ChoiceProvider(Provider):
    """Searches `app.choices`: (label, help, callback) triples (sources, frameworks)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self.app.choices:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)

    async def discover(self) -> Hits:
        for label, help_text, callback in self.app.choices:
            yield Hit(1, label, callback, help=help_text)


def _name(code: Code) -> str:
    return f"{code.id} — {label_of(code)}"


def _help(code: Code) -> str:
    """The label in the other language, under the one in the name."""
    other = "id" if language() == "en" else "en"
    return code.label.get(other, "") if code.label.get(language()) else ""


Choice = tuple[str, str, Callable[[], object]]
