"""The coding workbench's key map: every key of the main screen, with the action it runs and
the description that the footer, help and the command palette show."""

from __future__ import annotations

from textual.binding import Binding

from qualcode.tui.i18n import marked, tr


def _b(key: str, action: str, description: str, show: bool = False, **kw) -> Binding:
    return Binding(key, action, description, show=show, id=f"main.{action}", **kw)


RECENT_CODE = marked("Recent code")  # "Recent code 1" … "9": the stem translated, the digit kept

# The main screen's keys by task, in the order help shows them (MAIN_KEYS is all of them).
TASKS: list[tuple[str, list[Binding]]] = [
    (marked("Code"), [
        _b("c", "code", "Code selection", show=True),
        _b("x", "code_contradicts", "Code as contradicts", show=True),
        _b("full_stop", "repeat_code", "Repeat last code"),
        *[_b(str(n), f"recent_code({n})", f"{RECENT_CODE} {n}", key_display=str(n))
          for n in range(1, 10)],
        _b("e", "edit_code", "Change code under cursor"),
        _b("S", "toggle_stance", "Toggle stance under cursor"),
        _b("d", "delete", "Delete coding under cursor", show=True),
        _b("u", "undo", "Undo", show=True),
        _b("ctrl+r,U", "redo", "Redo"),
    ]),
    (marked("Select and move"), [
        _b("v", "visual", "Visual select mode"),
        _b("s", "select_sentence", "Select this sentence", show=True),
        _b("t", "select_turn", "Select this turn"),
        _b("escape", "clear_selection", "Clear selection"),
        _b("w", "word(1)", "Next word"),
        _b("b", "word(-1)", "Previous word"),
        _b("right_parenthesis", "sentence(1)", "Next sentence"),
        _b("left_parenthesis", "sentence(-1)", "Previous sentence"),
        _b("right_curly_bracket", "turn(1)", "Next turn"),
        _b("left_curly_bracket", "turn(-1)", "Previous turn"),
        _b("n", "next_coding(1)", "Next coding"),
        _b("N", "next_coding(-1)", "Previous coding"),
        _b("o", "open_source", "Open source", show=True),
    ]),
    # issue 17: text search in the transcript and speakers (screens/search.py)
    (marked("Search and speakers"), [
        _b("slash", "search_text", "Search the transcript"),
        _b("greater_than_sign", "next_hit(1)", "Next search hit"),
        _b("less_than_sign", "next_hit(-1)", "Previous search hit"),
        _b("H", "code_hits", "Code all search hits (preview first; one undo)"),
        _b("g", "goto_speaker", "Go to a speaker's next turn"),
        _b("j", "speaker_turn(1)", "Next turn of this speaker"),
        _b("k", "speaker_turn(-1)", "Previous turn of this speaker"),
        _b("h", "filter_speaker", "Only one speaker's turns (others dimmed); again: all"),
    ]),
    (marked("Memos"), [
        _b("m", "memo", "Memo on the coding", show=True),
        _b("M", "memo_editor", "Memo in $EDITOR"),
        _b("K", "source_memo", "Memo on this source"),
        _b("L", "memos", "Memos: list, open, edit, delete"),
    ]),
    (marked("Look and weigh"), [
        _b("f", "filter", "Filter to one code"),
        _b("F", "clear_filter", "Show all codes"),
        _b("r", "retrieve", "Retrieve a code's excerpts"),
        _b("V", "verdicts", "Verdicts", show=True),
        _b("T", "matrix", "Triangulation matrix"),
        _b("C", "compare", "Compare sites"),
        _b("G", "suggest", "Suggestions for this source", show=True),
        _b("ctrl+f", "search_codes", "Search codebook"),
    ]),
    (marked("Team"), [
        _b("A", "adjudicate", "Adjudicate two coders' disagreements"),
        _b("B", "blind", "Blind mode: hide other coders"),
    ]),
    # correcting sources: the open source, or the one under the navigator's cursor while the
    # navigator has the focus
    (marked("Material in, out and corrected"), [
        _b("I", "import_files", "Import transcripts (file or folder) or a REFI-QDA file"),
        _b("E", "export", "Export appendix, workbook or REFI-QDA"),
        _b("R", "rename_source", "Source: rename"),
        _b("D", "delete_source", "Source: delete (asks first)"),
        _b("P", "set_source", "Source: set site, method, language, date, title, informants"),
        _b("Y", "replace_source", "Source: replace its text (codings follow)"),
        _b("W", "rename_site", "Site: rename"),
        _b("X", "detached", "Detached codings: place or drop"),
    ]),
    (marked("Screen"), [
        _b("left_square_bracket", "toggle('navigator')", "Show/hide navigator"),
        _b("right_square_bracket", "toggle('side')", "Show/hide codebook and details"),
        _b("question_mark", "help", "Help", show=True),
        _b("q", "app.quit", "Quit (also ctrl+q)", show=True),
    ]),
]
MAIN_KEYS = [binding for _, keys in TASKS for binding in keys]

# The codebook pane's keys (issue 16, codes of your own): active while the codebook tree has
# the focus (ctrl+f then Enter, or a click), acting on the highlighted code; from the command
# palette (or with the focus elsewhere) they ask which code first. Help lists them too.


def _pane(key: str, action: str, description: str) -> Binding:
    return Binding(key, f"screen.{action}", description, show=False, id=f"codebook.{action}")


CODEBOOK_KEYS = [
    _pane("a", "add_code", "Codebook: add a code of your own"),
    _pane("r", "rename_code", "Codebook: rename a code"),
    _pane("m", "move_code", "Codebook: move a code under another"),
    _pane("M", "merge_code", "Codebook: merge a code into another (its codings move)"),
    _pane("d", "delete_code", "Codebook: delete a code (asks first)"),
    _pane("p", "colour_code", "Codebook: set a code's colour"),
    _pane("i", "describe_code", "Codebook: describe a code (definition, notes, examples)"),
]


def described(description: str) -> str:
    """A key's description in the interface language; a numbered one ("Recent code 3") is
    its stem translated and its number kept."""
    stem, _, number = description.rpartition(" ")
    if stem and number.isdigit():
        return f"{tr(stem)} {number}"
    return tr(description)
