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
            elif name in ("Binding", "_b", "_pane") and len(node.args) >= 3 and \
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


def test_the_workbench_speaks_indonesian_with_lang_id(sample) -> None:
    """`--lang id`: the footer, the help and the sub-title in Indonesian; the next workbench
    opened in English is English again."""
    import asyncio

    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.help import HelpScreen
    from qualcode.tui.widgets.footer import Footer

    sample.coder = "tester"

    async def go(language: str) -> tuple[str, str, str]:
        app = QualcodeApp(sample, "kotim-fgd-lintas-sektor", language)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            footer = " ".join(str(key.description) for key in
                              app.screen.query_one(Footer).query("FooterKey"))
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            help_text = str(app.screen.query_one("#help-text").render())
            return footer, help_text, app.sub_title

    footer, help_text, sub_title = asyncio.run(go("id"))
    assert ID["Code selection"] in footer and "Code selection" not in footer
    assert ID["Undo"] in footer
    assert ID["Next search hit"] in help_text and "Next search hit" not in help_text
    assert "coder tester" not in sub_title and "tester" in sub_title
    footer, help_text, sub_title = asyncio.run(go("en"))
    assert "Code selection" in footer and "Next search hit" in help_text
    assert "coder tester" in sub_title


def test_the_language_is_lang_then_the_setting_then_the_system(sample, monkeypatch,
                                                              tmp_path) -> None:
    from qualcode.cli.main import main
    from qualcode.tui.app import QualcodeApp

    chosen: list[str] = []
    monkeypatch.setattr(QualcodeApp, "run_workbench",
                        lambda self, **options: chosen.append(i18n.language()) or 0)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the last project is noted there
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    project = str(sample.path)
    settings = sample.path / "qualcode.yaml"
    assert main(["tui", project]) == 0
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert main(["tui", project]) == 0
    settings.write_text(settings.read_text(encoding="utf-8") + "language: en\n", "utf-8")
    assert main(["tui", project]) == 0
    assert main(["tui", project, "--lang", "id"]) == 0
    assert chosen == ["en", "id", "en", "id"]
    i18n.use("en")


def test_a_bad_language_setting_is_one_line_naming_the_file(sample, capsys) -> None:
    from qualcode.cli.main import main

    settings = sample.path / "qualcode.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "language: jawa\n", "utf-8")
    line = len(settings.read_text(encoding="utf-8").splitlines())
    assert main(["sources", str(sample.path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"qualcode: {settings}:{line}: language must be en or id, not 'jawa'"
