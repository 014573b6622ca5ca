"""The researcher's own codes: add, rename, move, merge, delete, colour and describe them, in
the store and with `qualcode code ...`; every refusal is one line with nothing changed, every
action undone as one step; codebooks written back to YAML load back the same; what was made
survives a REFI-QDA round trip and shows in the Word appendix."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, snapshot_db, write
from docx import Document

from qualcode.cli import main
from qualcode.errors import QualcodeError
from qualcode.exchange.exporter import export_project
from qualcode.exchange.importer import import_refi
from qualcode.ingest.codebooks import dump_codebook, load_codebook, parse_colour
from qualcode.ingest.sample import init_project
from qualcode.model import Code, NewCoding
from qualcode.store.project import Project

SRC = "kotim-fgd-lintas-sektor"
ME = "tester"


def one_line(result) -> str:
    assert result.code == 1, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qualcode: "), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    return lines[0]


def material(project: Project) -> list:
    """The tables a code action changes (the journal aside)."""
    return [t for t in snapshot_db(project) if t[0] not in ("journal", "journal_rows",
                                                            "sqlite_sequence")]


def add(store, code_id: str, name: str, parent: str | None = None, **kw) -> Code:
    return store.add_code(Code(code_id, code_id.split("/")[0], {"id": name}, parent, **kw), ME)


def code_on(store, start: int, end: int, code: str, coder: str = ME, stance="supports",
            memo: str = ""):
    return store.add_coding(NewCoding(SRC, start, end, code, stance, coder, memo))


def positions_ok(store) -> None:
    """Tree order: every parent before its children, in every codebook."""
    for book in store.codebooks():
        seen: set[str] = set()
        for code in book.codes:
            assert code.parent is None or code.parent in seen, (book.id, code.id)
            seen.add(code.id)


# --------------------------------------------------------------------- YAML round trip

@pytest.mark.parametrize("path", sorted((ROOT / "codebooks").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_every_bundled_codebook_loads_back_the_same(path: Path, tmp_path: Path) -> None:
    book = load_codebook(path)
    text = dump_codebook(book, "written by a test\nsecond line")
    assert text.startswith("# written by a test\n# second line\n")
    again = load_codebook(write(tmp_path / path.name, text))
    assert again == book


def test_a_flat_list_out_of_tree_order_loads_back_the_same(tmp_path: Path) -> None:
    path = write(tmp_path / "tema.yaml", "id: tema\nkind: thematic\nname: {id: Tema}\ncodes:\n"
                 "  - {id: anak, parent: induk, label: {id: Anak}}\n"
                 "  - {id: induk, label: {id: Induk}, color: '#2563eb'}\n")
    book = load_codebook(path)
    assert [c.id for c in book.codes] == ["tema/anak", "tema/induk"]
    again = load_codebook(write(tmp_path / "again.yaml", dump_codebook(book)))
    assert again == book


# --------------------------------------------------------------------- add

def test_add_a_code_makes_its_thematic_codebook(sample: Project) -> None:
    store = sample.store
    code = store.add_code(Code("tema/biaya", "tema", {"id": "  Biaya   kader "}), ME,
                          {"en": "Emerging themes"})
    assert code.label == {"id": "Biaya kader"}
    book = next(b for b in store.codebooks() if b.id == "tema")
    assert (book.kind, book.name, [c.id for c in book.codes]) == (
        "thematic", {"en": "Emerging themes"}, ["tema/biaya"])
    add(store, "tema/insentif", "Insentif")
    add(store, "tema/bensin", "Bensin", parent="tema/biaya", color="#D97706")
    assert [c.id for c in store.codebooks()[-1].codes] == ["tema/biaya", "tema/bensin",
                                                           "tema/insentif"]
    assert store.code("tema/bensin").color == "#d97706"
    # undo takes the code back, then the code and its new codebook
    for _ in range(3):
        store.undo(ME)
    assert "tema" not in {b.id for b in store.codebooks()}


@pytest.mark.parametrize("code_id, name, parent, colour, message", [
    ("tema/Biaya", "x", None, "", "is not a code id"),
    ("biaya", "x", None, "", "is not a code id"),
    ("heideneim/biaya", "x", None, "", "heideneim is a framework"),
    ("factors/door-to-door", "x", None, "", "a code factors/door-to-door already exists"),
    ("factors/baru", "House-to-house WORK", "factors/supporting", "",
     "factors/door-to-door is already named 'House-to-house work' under factors/supporting"),
    ("factors/baru", "x", "uhc-themes/moral-hazard", "", "a code's parent is in its own"),
    ("factors/baru", "x", "factors/nope", "", "no code 'factors/nope'"),
    ("factors/baru", "x", None, "blue", "is not a colour"),
    ("factors/baru", " ", None, "", "a code needs a name"),
])
def test_bad_additions_change_nothing(sample: Project, code_id, name, parent, colour,
                                      message) -> None:
    before = material(sample)
    with pytest.raises(QualcodeError) as refused:
        sample.store.add_code(Code(code_id, code_id.split("/")[0], {"en": name}, parent,
                                   color=colour), ME)
    assert message in str(refused.value)
    assert material(sample) == before and sample.store.journal() == []


# --------------------------------------------------------------------- edit

def test_rename_describe_and_colour(sample: Project) -> None:
    store = sample.store
    store.edit_code("factors/door-to-door", ME, label={"id": "Jemput bola"})
    code = store.code("factors/door-to-door")
    assert code.label == {"en": "House-to-house work", "id": "Jemput bola"}
    store.edit_code("factors/door-to-door", ME, definition={"id": "Kader datang ke rumah",
                                                            "en": ""},
                    examples={"id": ["Kami datang ke rumah."]}, keywords={"en": []},
                    color="#123abc")
    code = store.code("factors/door-to-door")
    assert code.definition == {"id": "Kader datang ke rumah"}  # en removed
    assert code.examples["id"] == ["Kami datang ke rumah."] and "en" in code.examples
    assert "en" not in code.keywords and code.color == "#123abc"
    entries = store.journal(ME)
    assert [e.action for e in entries] == ["code edit", "code edit"]
    assert "name (id) 'Kunjungan dari rumah ke rumah' → 'Jemput bola'" in entries[0].summary
    unchanged = store.edit_code("factors/door-to-door", ME, color="#123abc")
    assert unchanged == store.code("factors/door-to-door") and len(store.journal()) == 2
    store.undo(ME)
    assert store.code("factors/door-to-door").definition["en"].startswith("The work method")


def test_a_frameworks_indicator_keeps_its_name_and_definition(sample: Project) -> None:
    store = sample.store
    before = material(sample)
    for fields in ({"label": {"id": "Kontrak"}}, {"definition": {"en": "x"}},
                   {"keywords": {"en": ["x"]}}):
        with pytest.raises(QualcodeError, match="only its colour, notes"):
            store.edit_code("heideneim/formal-contract", ME, **fields)
    assert material(sample) == before
    store.edit_code("heideneim/formal-contract", ME, color="#2563eb",
                    include={"en": "A signed agreement"}, examples={"id": ["Ada MoU."]})
    code = store.code("heideneim/formal-contract")
    assert (code.color, code.include["en"], code.examples["id"]) == (
        "#2563eb", "A signed agreement", ["Ada MoU."])


def test_a_rename_onto_a_siblings_name_is_refused(sample: Project) -> None:
    before = material(sample)
    with pytest.raises(QualcodeError, match="factors/side-job is already named"):
        sample.store.edit_code("factors/low-awareness", ME,
                               label={"en": "cadre work as a SIDE job"})
    with pytest.raises(QualcodeError, match="a code needs a name"):
        sample.store.edit_code("factors/low-awareness", ME, label={"en": "", "id": ""})
    assert material(sample) == before


# --------------------------------------------------------------------- move

def test_move_keeps_tree_order_and_refuses_cycles(sample: Project) -> None:
    store = sample.store
    store.move_code("uhc-themes/data-accuracy", "uhc-themes/moral-hazard", ME)
    book = next(b for b in store.codebooks() if b.id == "uhc-themes")
    ids = [c.id for c in book.codes]
    assert ids.index("uhc-themes/moral-hazard") < ids.index("uhc-themes/data-accuracy") < (
        ids.index("uhc-themes/nik-validity"))  # the subtree came along, after its parent
    positions_ok(store)
    before = material(sample)
    for code, parent, message in (
            ("uhc-themes/moral-hazard", "uhc-themes/nik-validity", "(a cycle)"),
            ("uhc-themes/moral-hazard", "uhc-themes/moral-hazard", "(a cycle)"),
            ("uhc-themes/moral-hazard", "factors/side-job", "moves only within its codebook"),
            ("heideneim/formal-contract", None, "cannot be moved"),
            ("uhc-themes/nope", None, "no code 'uhc-themes/nope'")):
        with pytest.raises(QualcodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
            store.move_code(code, parent, ME)
    assert material(sample) == before
    store.undo(ME)
    assert store.code("uhc-themes/data-accuracy").parent is None


# --------------------------------------------------------------------- merge

def test_merge_moves_codings_drops_duplicates_and_joins_overlaps(sample: Project) -> None:
    store = sample.store
    add(store, "tema/a", "A")
    add(store, "tema/b", "B")
    add(store, "tema/a-sub", "Anak A", parent="tema/a")
    code_on(store, 10, 20, "tema/a", memo="memo of A")  # a duplicate of B's own
    code_on(store, 10, 20, "tema/b")
    code_on(store, 30, 45, "tema/a")  # overlaps B's 40-60: joined
    code_on(store, 40, 60, "tema/b", memo="memo of B")
    code_on(store, 60, 70, "tema/a")  # touches 40-60: stays apart
    code_on(store, 100, 110, "tema/a", coder="colleague")  # another coder's: moved too
    code_on(store, 200, 210, "tema/a", stance="contradicts")  # nothing of B's there: moved
    store.add_memo("code", "tema/a", "a memo on A", ME)
    before = material(sample)
    report = store.merge_codes("tema/a", "tema/b", ME)
    assert (report.moved, report.duplicates, report.overlaps) == (4, 1, 1)
    assert report.children == ("tema/a-sub",) and report.memos == 1
    spans = sorted((c.start, c.end, c.coder, c.stance, c.memo)
                   for c in store.codings(code="tema/b"))
    assert spans == [(10, 20, ME, "supports", "memo of A"),
                     (30, 60, ME, "supports", "memo of B"),
                     (60, 70, ME, "supports", ""),
                     (100, 110, "colleague", "supports", ""),
                     (200, 210, ME, "contradicts", "")]
    assert store.codings(code="tema/a") == []
    assert "tema/a" not in store.code_ids() and store.code("tema/a-sub").parent == "tema/b"
    assert any(m.target == "tema/b" and m.text == "a memo on A" for m in store.memos())
    (entry,) = [e for e in store.journal(ME) if e.action == "code merge"]
    assert entry.summary == ("merged tema/a into tema/b: 4 codings moved, 1 duplicate "
                             "dropped, 1 overlapping coding joined, 1 sub-code moved, "
                             "1 memo moved")
    store.undo(ME)
    assert material(sample) == before
    store.redo(ME)
    assert len(store.codings(code="tema/b")) == 5


def test_merge_into_a_frameworks_indicator(sample: Project) -> None:
    store = sample.store
    add(store, "tema/kontrak", "Kontrak tertulis")
    add(store, "tema/kontrak-tahunan", "Kontrak tahunan", parent="tema/kontrak")
    code_on(store, 10, 20, "tema/kontrak")
    had = len(store.codings(code="heideneim/formal-contract"))
    report = store.merge_codes("tema/kontrak", "heideneim/formal-contract", ME)
    assert report.moved == 1
    assert len(store.codings(code="heideneim/formal-contract")) == had + 1
    assert store.code("tema/kontrak-tahunan").parent is None  # stays in its own codebook
    positions_ok(store)


def test_bad_merges_change_nothing(sample: Project) -> None:
    store = sample.store
    add(store, "tema/x", "X")
    add(store, "tema/y", "Y")
    add(store, "tema/x-kid", "Sama", parent="tema/x")
    add(store, "tema/y-kid", "sama", parent="tema/y")
    before = material(sample)
    for source, target, message in (
            ("tema/x", "tema/x", "cannot merge tema/x into itself"),
            ("tema/nope", "tema/y", "no code 'tema/nope'"),
            ("tema/x", "tema/nope", "no code 'tema/nope'"),
            ("heideneim/formal-contract", "tema/x", "cannot be merged away"),
            ("tema/x", "tema/y", "tema/y-kid is already named 'sama' under tema/y")):
        with pytest.raises(QualcodeError, match=message):
            store.merge_codes(source, target, ME)
    assert material(sample) == before


def test_merge_a_parent_into_its_own_child(sample: Project) -> None:
    store = sample.store
    store.merge_codes("uhc-themes/data-accuracy", "uhc-themes/nik-validity", ME)
    codes = {c.id: c for c in next(b for b in store.codebooks() if b.id == "uhc-themes").codes}
    assert codes["uhc-themes/nik-validity"].parent is None  # its subtree took the place
    assert codes["uhc-themes/data-synchronisation"].parent is None
    positions_ok(store)


# --------------------------------------------------------------------- delete

def test_delete_refuses_while_codings_exist_then_takes_them(sample: Project) -> None:
    store = sample.store
    before = material(sample)
    with pytest.raises(QualcodeError, match=r"dimensions/flexibility has 2 codings \(by "
                                            r"sample\); merge it into another code"):
        store.delete_code("dimensions/flexibility", ME)
    with pytest.raises(QualcodeError, match="cannot be deleted"):
        store.delete_code("heideneim/formal-contract", ME, with_codings=True)
    assert material(sample) == before
    report = store.delete_code("dimensions/flexibility", ME, with_codings=True)
    assert (report.codings, report.memos) == (2, 0)
    assert store.codings(code="dimensions/flexibility") == []
    store.undo(ME)
    assert material(sample) == before


def test_delete_a_parent_its_children_take_its_place(sample: Project) -> None:
    store = sample.store
    store.add_memo("code", "factors/supporting", "about the supporting factors", ME)
    with pytest.raises(QualcodeError, match="1 memo"):
        store.delete_code("factors/supporting", ME)
    report = store.delete_code("factors/supporting", ME, with_codings=True)
    assert report.memos == 1 and report.children == (
        "factors/government-support", "factors/funding-support", "factors/door-to-door",
        "factors/social-closeness")
    assert store.code("factors/door-to-door").parent is None
    positions_ok(store)
    assert not [m for m in store.memos() if m.target == "factors/supporting"]


def test_an_undo_never_leaves_a_code_dangling(sample: Project) -> None:
    """Undoing the making of a code that someone coded with since is refused."""
    store = sample.store
    add(store, "tema/baru", "Baru")
    code_on(store, 10, 20, "tema/baru", coder="colleague")
    before = material(sample)
    with pytest.raises(QualcodeError, match="the code tema/baru has codings made since; "
                                            "nothing undone"):
        store.undo(ME)
    assert material(sample) == before
    assert not store.conn.in_transaction


# --------------------------------------------------------------------- colours

@pytest.mark.parametrize("given, stored", [
    ("#2563EB", "#2563eb"), ("#abc", "#aabbcc"), ("abc123", "#abc123"), ("biru", "#2563eb"),
    ("Merah Muda", "#db2777"), ("none", ""), ("", "")])
def test_colours_people_type(given: str, stored: str) -> None:
    assert parse_colour(given) == stored


@pytest.mark.parametrize("given", ["chartreuse", "#12345", "#ggg", "rgb(1,2,3)"])
def test_not_a_colour(given: str) -> None:
    with pytest.raises(QualcodeError, match="is not a colour: write #rrggbb"):
        parse_colour(given)


# --------------------------------------------------------------------- the command line

def test_code_commands(cli, sample: Project) -> None:
    path = sample.path
    result = cli("code", "add", path, "Biaya bensin kader")
    assert result.code == 0 and result.out == ""
    assert result.err.startswith("added tema/biaya-bensin-kader 'Biaya bensin kader' in tema "
                                 "(a new codebook)")
    assert cli("code", "add", path, "tema/uang-transport", "Uang transport", "--label-en",
               "Transport money", "--parent", "tema/biaya-bensin-kader", "--color",
               "#D97706").code == 0
    assert cli("code", "add", path, "Biaya bensin", "--codebook", "tema").code == 0
    # a name whose id is taken gets the next free id; its own name must differ
    assert "tema/biaya-bensin-2" in cli("code", "add", path, "Biaya  bensin!",
                                        "--parent", "tema/biaya-bensin-kader").err
    code = sample.store.code("tema/uang-transport")
    assert (code.label, code.parent, code.color) == (
        {"id": "Uang transport", "en": "Transport money"}, "tema/biaya-bensin-kader",
        "#d97706")
    assert "renamed factors/door-to-door (en): 'Door-to-door visits' (was 'House-to-house " \
           "work')" in cli("code", "rename", path, "factors/door-to-door",
                           "Door-to-door visits", "--lang", "en").err
    assert cli("code", "move", path, "tema/biaya-bensin", "--parent",
               "tema/biaya-bensin-kader").code == 0
    assert "is already at the top of tema" in cli("code", "move", path,
                                                  "tema/biaya-bensin-kader", "--top").err
    result = cli("code", "merge", path, "uhc-themes/data-anomalies",
                 "uhc-themes/data-synchronisation", "--json")
    assert json.loads(result.out)["moved"] == 3
    assert "merged uhc-themes/data-anomalies into uhc-themes/data-synchronisation: 3 codings " \
           "moved" in result.err
    assert "is now #ea580c (was none)" in cli("code", "color", path, "factors/side-job",
                                              "Orange").err
    assert cli("code", "describe", path, "factors/side-job", "--definition", "Kerja sambilan",
               "--example", "Saya kader sambil jualan.", "--keyword", "sambilan").code == 0
    side = sample.store.code("factors/side-job")
    assert side.definition["id"] == "Kerja sambilan" and "sambilan" in side.keywords["id"]
    assert side.examples["id"][-1] == "Saya kader sambil jualan."
    shown = cli("code", "describe", path, "factors/side-job")
    assert "definition (id): Kerja sambilan" in shown.out and "colour: #ea580c" in shown.out
    assert json.loads(cli("code", "describe", path, "factors/side-job", "--json").out)[
        "codings"] == 4
    assert cli("code", "delete", path, "tema/biaya-bensin-2").code == 0
    result = cli("code", "delete", path, "dimensions/flexibility", "--with-codings")
    assert "add --yes to delete them" in one_line(result)
    assert json.loads(cli("code", "delete", path, "dimensions/flexibility", "--with-codings",
                          "--yes", "--json").out)["codings"] == 2
    assert cli("undo", path).code == 0
    assert len(sample.store.codings(code="dimensions/flexibility")) == 2
    actions = [e.action for e in sample.store.journal()]
    assert actions.count("code add") == 4 and "code merge" in actions


@pytest.mark.parametrize("args, message", [
    (("add", "heideneim/baru", "Baru"), "heideneim is a framework"),
    (("add", "Kunjungan dari rumah ke rumah", "--parent", "factors/supporting"),
     "factors/door-to-door is already named 'Kunjungan dari rumah ke rumah'"),
    (("add", "a", "b", "c"), "quote a name of several words"),
    (("add", "Baru", "--color", "chartreuse"), "is not a colour"),
    (("add", "Baru", "--label-id", "Lain"), "--label-id would give it twice"),
    (("rename", "factors/door-to-dor", "x"), "no code 'factors/door-to-dor'; did you mean "
                                             "factors/door-to-door?"),
    (("rename", "heideneim/formal-contract", "Kontrak"), "only its colour, notes"),
    (("rename", "factors/low-awareness", "Cadre work as a side job", "--lang", "en"),
     "factors/side-job is already named"),
    (("move", "uhc-themes/data-accuracy", "--parent", "uhc-themes/nik-validity"),
     "(a cycle)"),
    (("move", "uhc-themes/moral-hazard", "--parent", "factors/side-job"),
     "a code moves only within its codebook"),
    (("move", "heideneim/formal-contract", "--top"), "cannot be moved"),
    (("merge", "factors/side-job", "factors/side-job"), "into itself"),
    (("merge", "factors/nope", "factors/side-job"), "no code 'factors/nope'"),
    (("merge", "heideneim/formal-contract", "factors/side-job"), "cannot be merged away"),
    (("delete", "heideneim/formal-contract", "--with-codings", "--yes"), "cannot be deleted"),
    (("delete", "factors/side-job"), "factors/side-job has 4 codings"),
    (("delete", "factors/side-job", "--yes"), "--yes goes with --with-codings"),
    (("delete", "factors/nope"), "no code 'factors/nope'"),
    (("color", "factors/side-job", "#12"), "is not a colour"),
    (("describe", "heideneim/formal-contract", "--definition", "x"), "only its colour, notes"),
])
def test_bad_code_commands_are_one_line_and_change_nothing(cli, sample: Project, args,
                                                           message) -> None:
    before = material(sample)
    line = one_line(cli("code", args[0], sample.path, *args[1:]))
    assert message in line
    assert material(sample) == before


def test_a_mistyped_code_command_line(cli, capsys, sample: Project, tmp_path: Path) -> None:
    assert "not a qualcode project" in one_line(cli("code", "add", tmp_path / "none", "Baru"))
    for args, message in ((("move", sample.path, "factors/side-job"),
                           "one of the arguments --parent --top is required"),
                          (("mrege", sample.path, "a", "b"), "no action 'mrege'; did you mean "
                                                             "'merge'?"),
                          (("delete", sample.path), "the following arguments are required")):
        with pytest.raises(SystemExit) as exit_:
            main(["code", *map(str, args)])
        assert exit_.value.code == 1
        err = capsys.readouterr().err
        assert err.startswith("qualcode: code") and message in err and err.count("\n") == 1


# --------------------------------------------------------------------- sharing the codebook

def test_an_evolved_codebook_exported_and_loaded_elsewhere(cli, sample: Project,
                                                           tmp_path: Path) -> None:
    path = sample.path
    cli("code", "add", path, "Biaya bensin kader", "--color", "merah")
    cli("code", "add", path, "tema/uang-transport", "Uang transport", "--label-en",
        "Transport money", "--parent", "tema/biaya-bensin-kader")
    cli("code", "describe", path, "tema/uang-transport", "--example", "Uang bensin sendiri.")
    cli("code", "move", path, "factors/side-job", "--parent", "factors/supporting")
    out = tmp_path / "shared" / "tema.yaml"
    out.parent.mkdir()
    for book in ("tema", "factors"):
        result = cli("codebook", path, book, "--export", out.with_name(f"{book}.yaml"))
        assert result.code == 0 and f"wrote {out.with_name(f'{book}.yaml')}" in result.err
    other = tmp_path / "other"
    assert cli("init", other).code == 0
    for book in ("tema", "factors"):
        assert cli("codebook", other, "--load", out.with_name(f"{book}.yaml")).code == 0
    with Project.open(other) as copy:
        theirs = {b.id: b for b in copy.store.codebooks()}
    ours = {b.id: b for b in sample.store.codebooks()}
    assert theirs["tema"] == ours["tema"] and theirs["factors"] == ours["factors"]
    assert "inside the project folder" in one_line(
        cli("codebook", path, "tema", "--export", path / "tema.yaml"))
    assert "--export needs the codebook's id" in one_line(
        cli("codebook", path, "--export", tmp_path / "x.yaml"))
    assert "no codebook 'nope'" in one_line(
        cli("codebook", path, "nope", "--export", tmp_path / "x.yaml"))
    assert not (tmp_path / "x.yaml").exists()


def test_own_codes_survive_refi_and_show_in_the_appendix(cli, sample: Project,
                                                         tmp_path: Path) -> None:
    store = sample.store
    add(store, "tema/biaya", "Biaya kader", color="#dc2626",
        definition={"id": "Biaya yang ditanggung kader"})
    add(store, "tema/bensin", "Bensin", parent="tema/biaya", color="#d97706")
    add(store, "tema/pulsa", "Pulsa", parent="tema/biaya")
    code_on(store, 10, 20, "tema/bensin")
    code_on(store, 30, 40, "tema/pulsa")
    store.merge_codes("tema/pulsa", "tema/bensin", ME)
    qdpx = tmp_path / "proyek.qdpx"
    export_project(sample, qdpx)
    fresh = init_project(tmp_path / "fresh")
    import_refi(fresh, qdpx)
    codes = {c.label["en"]: c for b in fresh.store.codebooks() for c in b.codes}
    biaya, bensin = codes["Biaya kader"], codes["Bensin"]
    assert bensin.parent == biaya.id and "Pulsa" not in codes
    assert (biaya.color, bensin.color) == ("#dc2626", "#d97706")
    assert biaya.definition == {"en": "Biaya yang ditanggung kader"}
    assert len(fresh.store.codings(code=bensin.id)) == 2
    assert len(fresh.store.codings()) == len(store.codings())
    fresh.close()
    docx = tmp_path / "lampiran.docx"
    assert cli("export", sample.path, "--docx", docx).code == 0
    document = Document(str(docx))
    cells = {cell.text for table in document.tables for row in table.rows
             for cell in row.cells}
    assert "Biaya kader\nbiaya" in cells and "– Bensin\nbensin" in cells
    assert "Biaya yang ditanggung kader" in cells
    assert any(p.text == "Emerging themes (tema)" or p.text.endswith("(tema)")
               for p in document.paragraphs)
    assert zipfile.is_zipfile(docx)


@pytest.mark.parametrize("args", [("add", "Baru"), ("rename", "tema/x", "y"),
                                  ("move", "tema/x", "--top"), ("merge", "tema/x", "tema/y"),
                                  ("delete", "tema/x"), ("color", "tema/x", "red"),
                                  ("describe", "tema/x")])
def test_code_commands_on_odd_projects(cli, tmp_path: Path, args) -> None:
    """A file for a project, a folder that is none, an empty project: one line, exit 1 (an
    empty project takes a new code)."""
    empty = tmp_path / "kosong"
    assert cli("init", empty).code == 0
    for project in (write(tmp_path / "catatan.txt", "bukan proyek\n"), tmp_path / "none"):
        assert one_line(cli("code", args[0], project, *args[1:]))
    result = cli("code", args[0], empty, *args[1:])
    if args[0] == "add":
        assert result.code == 0 and "added tema/baru 'Baru' in tema" in result.err
    else:
        assert "no code 'tema/x'" in one_line(result)
