"""The workbench in Indonesian: every text it shows has its Indonesian entry with the same
fields, and no text reaches the screen without passing through `tr` (read from the source)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import qualcode.tui
from qualcode.tui import i18n
from qualcode.tui.words_id import ID

TUI = Path(qualcode.tui.__file__).parent
SHOWN_CALLS = {"notify", "say", "Label", "Static", "Button", "add_column", "add_columns",
               "pick_choice", "pick_code", "Checkbox", "RadioButton"}
SHOWN_KEYWORDS = {"placeholder", "title", "label", "description"}


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(TUI.rglob("*.py")) if path.name != "words_id.py"]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _wordy(node: ast.AST) -> bool:
    """A literal a person reads: an f-string, or a string with a letter in it."""
    if isinstance(node, ast.JoinedStr):
        return True
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and re.search(r"[A-Za-z]{2}", node.value) is not None)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _translated() -> list[tuple[str, str]]:
    """(where, English) for every tr("…") or marked("…") and every key's description."""
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node)
            where = f"{path.relative_to(TUI)}:{node.lineno}"
            if name in ("tr", "marked") and isinstance(node.args[0], ast.Constant):
                found.append((where, node.args[0].value))
            elif name in ("Binding", "_b") and len(node.args) >= 3 and \
                    isinstance(node.args[2], ast.Constant) and node.args[2].value:
                found.append((where, node.args[2].value))
    return found


def test_every_text_shown_has_its_indonesian_with_the_same_fields() -> None:
    texts = _translated()
    assert len(texts) > 300  # the scan sees the workbench
    missing = [f"{where}: {english!r}" for where, english in texts if english not in ID]
    assert not missing, "\n".join(missing)
    wrong = [f"{english!r} -> {ID[english]!r}" for _, english in texts
             if _fields(english) != _fields(ID[english])]
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_holds_only_texts_the_workbench_shows() -> None:
    used = {english for _, english in _translated()}
    assert not sorted(set(ID) - used)


def test_no_text_reaches_the_screen_untranslated() -> None:
    raw = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) not in SHOWN_CALLS:
                continue
            shown = list(node.args[:1]) + [k.value for k in node.keywords
                                           if k.arg in SHOWN_KEYWORDS]
            raw += [f"{path.relative_to(TUI)}:{node.lineno}: {ast.unparse(arg)[:60]}"
                    for arg in shown if _wordy(arg)]
    assert not raw, "\n".join(raw)


def test_tr_fills_fields_in_either_language() -> None:
    english = next(text for text in ID if _fields(text))
    values = {name: "X" for name in _fields(english)}
    try:
        i18n.use("id")
        assert i18n.tr(english, **values) == ID[english].format(**values)
        i18n.use("en")
        assert i18n.tr(english, **values) == english.format(**values)
    finally:
        i18n.use("en")
    with pytest.raises(ValueError):
        i18n.use("fr")
