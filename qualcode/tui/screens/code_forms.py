"""Small modals for editing codes: a yes/no question (deleting a code) and the form that
describes a code (definition, when to code it and when not, examples, keywords; in
Indonesian and English)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from qualcode.model import Code
from qualcode.tui.i18n import tr

LANGS = ("id", "en")


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with y (yes) or n / Escape (no)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen Label { width: 100%; }
    ConfirmScreen .hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [Binding("y", "answer(True)", "Yes", id="confirm.yes"),
                Binding("n,escape", "answer(False)", "No", id="confirm.no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.question)
            yield Label(tr("y: yes · n or Escape: no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class DescribeScreen(ModalScreen[dict | None]):
    """The texts that describe a code, both languages. ctrl+s saves (returns the fields that
    changed, as `edit_code` takes them), Escape cancels (None). Of a framework's indicator the
    definition and keywords are the framework's: shown, not editable."""

    DEFAULT_CSS = """
    DescribeScreen { align: center middle; }
    #describe-box { width: 90%; max-width: 110; height: 90%; border: round $accent;
                    padding: 0 1; background: $surface; }
    #describe-box Label { margin-top: 1; }
    #describe-box TextArea.examples { height: 5; }
    """

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="describe.save"),
                Binding("escape", "cancel", "Cancel", id="describe.cancel")]

    def __init__(self, code: Code, framework: bool) -> None:
        super().__init__()
        self.code = code
        self.framework = framework

    def compose(self) -> ComposeResult:
        code = self.code
        with VerticalScroll(id="describe-box"):
            yield Label(tr("Describe {code} (an indicator of a framework: ctrl+s saves, "
                           "Escape cancels; an empty field removes the text)", code=code.id)
                        if self.framework else
                        tr("Describe {code} (ctrl+s saves, Escape cancels; an empty field "
                           "removes the text)", code=code.id))
            for lang in LANGS:
                for key, title in (("definition", tr("Definition ({lang})", lang=lang)),
                                   ("include", tr("Code it when ({lang})", lang=lang)),
                                   ("exclude", tr("Do not code it when ({lang})", lang=lang))):
                    yield Label(title)
                    yield Input(getattr(code, key).get(lang, ""), id=f"{key}-{lang}",
                                disabled=self.framework and key == "definition")
                yield Label(tr("Keywords ({lang}), separated by commas", lang=lang))
                yield Input(", ".join(code.keywords.get(lang, [])), id=f"keywords-{lang}",
                            disabled=self.framework)
                yield Label(tr("Examples ({lang}), one per line", lang=lang))
                yield TextArea("\n".join(code.examples.get(lang, [])), id=f"examples-{lang}",
                               classes="examples")

    def action_save(self) -> None:
        fields: dict[str, dict] = {}
        for key in ("definition", "include", "exclude"):
            texts = {lang: self.query_one(f"#{key}-{lang}", Input).value.strip()
                     for lang in LANGS}
            if texts != {lang: getattr(self.code, key).get(lang, "") for lang in LANGS}:
                fields[key] = texts
        lists = {"keywords": {lang: [k.strip() for k in self.query_one(
                     f"#keywords-{lang}", Input).value.split(",") if k.strip()]
                     for lang in LANGS},
                 "examples": {lang: [x.strip() for x in self.query_one(
                     f"#examples-{lang}", TextArea).text.splitlines() if x.strip()]
                     for lang in LANGS}}
        for key, given in lists.items():
            if given != {lang: getattr(self.code, key).get(lang, []) for lang in LANGS}:
                fields[key] = given
        if self.framework:
            fields.pop("definition", None)
            fields.pop("keywords", None)
        self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)
