"""Memos are the researcher's to keep up: listed (filtered by what they are about, with ids),
shown, edited and deleted with `qualcode memo`, the codings' memos too (`c57`); only by their
author, never from a stale view, and every edit or delete undoable with `qualcode undo`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import snapshot_db

from qualcode.analysis.memos import memo_entries, parse_key
from qualcode.errors import QualcodeError
from qualcode.store import open_store
from qualcode.store.project import Project

SOURCE = "madiun-cadre-kota"  # a Madiun source of the sample


def one_line(result) -> str:
    """A refusal: exit 1, nothing on stdout, one line on stderr."""
    assert result.code == 1, result.err
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qualcode: "), result.err
    assert "Traceback" not in result.err
    return lines[0]


@pytest.fixture
def noted(sample: Project, cli) -> Project:
    """The sample with ana's memos on Madiun, one of its sources and a code; budi's on the
    project and on Banyuasin."""
    path = sample.path
    for coder, args in (("ana", ("Kader menanggung biaya kunjungan.", "--site", "Madiun")),
                        ("ana", ("Wawancara kedua perlu.", "--source", SOURCE)),
                        ("ana", ("Cek PKS 2019.", "--code", "heideneim/formal-contract")),
                        ("budi", ("Catatan umum proyek.",)),
                        ("budi", ("Forum rutin.", "--site", "Banyuasin"))):
        assert cli("--coder", coder, "memo", path, *args).code == 0
    return sample


def listed(cli, path: Path, *args: str) -> list[dict]:
    result = cli("memo", path, "--list", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


# ----------------------------------------------------------------- listing and showing

def test_list_shows_ids_and_filters_by_what_the_memos_are_about(cli, noted: Project) -> None:
    path = noted.path
    everything = listed(cli, path)
    assert [(m["id"], m["about"], m["target"], m["author"]) for m in everything] == [
        (1, "site", "Madiun", "ana"), (2, "source", SOURCE, "ana"),
        (3, "code", "heideneim/formal-contract", "ana"), (4, "project", "", "budi"),
        (5, "site", "Banyuasin", "budi")]
    # a site's list holds the site's memos and its sources'; a source's only its own
    assert [m["id"] for m in listed(cli, path, "--site", "Madiun")] == [1, 2]
    assert [m["id"] for m in listed(cli, path, "--source", SOURCE)] == [2]
    assert [m["id"] for m in listed(cli, path, "--code", "heideneim/formal-contract")] == [3]
    table = cli("memo", path, "--list", "--site", "Banyuasin")
    assert table.code == 0
    assert table.out.splitlines()[0].split() == ["id", "about", "target", "author", "memo"]
    assert table.out.splitlines()[2].split()[:4] == ["5", "site", "Banyuasin", "budi"]


def test_the_codings_memos_are_listed_with_codings(cli, noted: Project) -> None:
    path = noted.path
    with_memo = [c for c in noted.store.codings() if c.memo]
    assert with_memo, "the sample's codings carry memos"
    everything = listed(cli, path, "--codings")
    codings = [m for m in everything if m["about"] == "coding"]
    assert len(codings) == len(with_memo)
    first = codings[0]
    assert first["id"] == f"c{first['coding']}"
    assert first["target"] == (f"{first['code']} on {first['source']} "
                               f"{first['start']}–{first['end']}")
    at_madiun = listed(cli, path, "--site", "Madiun", "--codings")
    madiun = {s.name for s in noted.store.sources() if s.site == "Madiun"}
    assert [m["id"] for m in at_madiun if m["about"] != "coding"] == [1, 2]
    assert {m["source"] for m in at_madiun if m["about"] == "coding"} <= madiun
    assert len([m for m in at_madiun if m["about"] == "coding"]) == len(
        [c for c in with_memo if c.source in madiun])
    code = first["code"]
    by_code = listed(cli, path, "--code", code, "--codings")
    assert by_code and all(m["code"] == code for m in by_code)
    assert len(by_code) == len([c for c in with_memo if c.code == code])


def test_show_prints_one_memo_whole(cli, noted: Project) -> None:
    path = noted.path
    long = "Baris pertama.\nBaris kedua, " + "panjang " * 20
    assert cli("--coder", "ana", "memo", path, long, "--site", "Madiun").code == 0
    shown = cli("memo", path, "--show", "6")
    assert shown.code == 0, shown.err
    head, blank, *text = shown.out.splitlines()
    assert head.startswith("memo 6 on site Madiun · by ana · ")
    assert blank == "" and "\n".join(text) == long.strip()
    assert json.loads(cli("memo", path, "--show", "#6", "--json").out)["text"] == long.strip()

    coding = next(c for c in noted.store.codings() if c.memo)
    shown = cli("memo", path, "--show", f"c{coding.id}")
    assert shown.code == 0
    quote = " ".join(noted.store.source_text(coding.source)[coding.start:coding.end].split())
    assert shown.out.splitlines()[1] == f"{coding.stance}: “{quote}”"
    assert shown.out.splitlines()[-1] == coding.memo


# ----------------------------------------------------------------- editing

def test_edit_changes_the_text_and_undo_takes_it_back(cli, noted: Project) -> None:
    path = noted.path
    edited = cli("--coder", "ana", "memo", path, "--edit", "1", "Kader menanggung biaya",
                 "kunjungan sendiri.")
    assert edited.code == 0, edited.err
    assert edited.err == "saved memo 1 on site Madiun ('qualcode undo' takes it back)\n"
    assert noted.store.memo(1).text == "Kader menanggung biaya kunjungan sendiri."
    # the text may come before --edit as well
    assert cli("--coder", "ana", "memo", path, "Lagi.", "--edit", "1").code == 0
    assert noted.store.memo(1).text == "Lagi."
    same = cli("--coder", "ana", "memo", path, "--edit", "1", "Lagi.")
    assert (same.code, same.err) == (0, "memo 1 on site Madiun unchanged\n")
    assert cli("--coder", "ana", "undo", path).err == (
        "undone: edited memo 1 on site Madiun\n")
    assert noted.store.memo(1).text == "Kader menanggung biaya kunjungan sendiri."


def test_edit_a_codings_memo_as_its_coder(cli, noted: Project) -> None:
    path = noted.path
    coding = next(c for c in noted.store.codings() if c.memo)
    refused = one_line(cli("--coder", "ana", "memo", path, "--edit", f"c{coding.id}", "x"))
    assert refused == (f"qualcode: this coding is {coding.coder}'s; only {coding.coder} can "
                       "change or delete it (you are ana); not changed")
    assert cli("--coder", coding.coder, "memo", path, "--edit", f"c{coding.id}",
               "Catatan baru.").code == 0
    assert noted.store.coding(coding.id).memo == "Catatan baru."
    # a coding without a memo gets one with --edit
    bare = next(c for c in noted.store.codings() if not c.memo)
    assert cli("--coder", bare.coder, "memo", path, "--edit", f"C{bare.id}", "Pertama.").code == 0
    assert noted.store.coding(bare.id).memo == "Pertama."


def test_edit_opens_the_editor_in_a_terminal(cli, noted: Project, monkeypatch,
                                             tmp_path: Path) -> None:
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv("VISUAL", f"sh -c 'cp \"$0\" {seen}; printf \"Dari editor.\\n\" > \"$0\"'")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = cli("--coder", "ana", "memo", noted.path, "--edit", "1")
    assert result.code == 0, result.err
    assert seen.read_text(encoding="utf-8") == "Kader menanggung biaya kunjungan."
    assert noted.store.memo(1).text == "Dari editor."


# ----------------------------------------------------------------- deleting

def test_delete_needs_yes_and_undo_brings_the_memo_back(cli, noted: Project) -> None:
    path = noted.path
    before = snapshot_db(noted)
    refused = one_line(cli("--coder", "ana", "memo", path, "--delete", "2"))
    assert refused.startswith("qualcode: not deleted: memo 2 on source madiun-cadre-kota; "
                              "add --yes")
    assert snapshot_db(noted) == before
    deleted = cli("--coder", "ana", "memo", path, "--delete", "2", "--yes")
    assert deleted.code == 0
    assert deleted.err == ("deleted memo 2 on source madiun-cadre-kota ('qualcode undo' "
                           "brings it back)\n")
    assert [m.id for m in noted.store.memos()] == [1, 3, 4, 5]
    assert one_line(cli("memo", path, "--show", "2")) == "qualcode: no memo with id 2"
    log = json.loads(cli("log", path, "--json").out)
    assert (log[-1]["action"], log[-1]["summary"]) == (
        "delete", "deleted memo 2 on source madiun-cadre-kota")

    assert cli("--coder", "ana", "undo", path).err == (
        "undone: deleted memo 2 on source madiun-cadre-kota\n")
    back = noted.store.memo(2)  # the same id, text, author and dates
    assert (back.text, back.author) == ("Wawancara kedua perlu.", "ana")
    memos_table = next(t for t in snapshot_db(noted) if t[0] == "memos")  # the journal grew
    assert memos_table == next(t for t in before if t[0] == "memos")
    assert cli("--coder", "ana", "redo", path).code == 0
    assert 2 not in [m.id for m in noted.store.memos()]
    # ids are never reused: a new memo after a delete gets a new id
    assert cli("--coder", "ana", "memo", path, "Baru.").err == "saved memo 6 on project\n"


def test_delete_a_codings_memo_keeps_the_coding(cli, noted: Project) -> None:
    coding = next(c for c in noted.store.codings() if c.memo)
    result = cli("--coder", coding.coder, "memo", noted.path, "--delete", f"c{coding.id}",
                 "--yes")
    assert result.code == 0, result.err
    after = noted.store.coding(coding.id)
    assert after.memo == "" and after[:7] == coding[:7]
    assert cli("--coder", coding.coder, "undo", noted.path).code == 0
    assert noted.store.coding(coding.id).memo == coding.memo


# ----------------------------------------------------------------- refusals change nothing

@pytest.mark.parametrize(("args", "expected"), [
    (("--show", "99"), "no memo with id 99"),
    (("--edit", "99", "x"), "no memo with id 99"),
    (("--delete", "99", "--yes"), "no memo with id 99"),
    (("--show", "c999999"), "no coding with id 999999"),
    (("--show", "abc"), "'abc' is not a memo id: a number such as 3, or c57 for the memo of "
                        "coding 57 (see 'qualcode memo PROJECT --list')"),
    (("--edit", "4", "diubah"), "this memo is budi's; only budi can change or delete it "
                                "(you are ana); not changed"),
    (("--delete", "5", "--yes"), "this memo is budi's; only budi can change or delete it "
                                 "(you are ana); not deleted"),
    (("--edit", "1", "   "), "memo 1 on site Madiun: a memo needs a text (to remove it, "
                             "delete it)"),
    (("--edit", "1"), "--edit 1 needs the new text: qualcode memo {path} --edit 1 \"TEXT\" "
                      "(in a terminal, without TEXT, it opens $EDITOR)"),
    (("x", "--edit", "1", "y"), "give the new text once (after --edit ID, or before it)"),
    (("--show", "1", "--site", "Madiun"), "--site, --source and --code choose what a new memo "
     "or --list is about; --show, --edit and --delete take the memo's id alone"),
    (("--yes",), "--yes goes with --delete"),
    (("--codings",), "--codings goes with --list"),
    (("--list", "--site", "Surabaya"), "no site 'Surabaya' (have: Banyuasin, Kotawaringin "
                                       "Timur, Madiun)"),
    (("--list", "--code", "nosuch/code"), "no code 'nosuch/code' in the project"),
    (("catatan", "--list"), "--list takes no text ('catatan')"),
    (("  ",), "memo needs a text (or --list, --show, --edit, --delete)"),
])
def test_refusals_are_one_line_and_change_nothing(cli, noted: Project, args, expected) -> None:
    before = snapshot_db(noted)
    line = one_line(cli("--coder", "ana", "memo", noted.path, *args))
    assert line == "qualcode: " + expected.format(path=noted.path)
    assert snapshot_db(noted) == before


def test_a_coding_without_a_memo_has_none_to_show_or_delete(cli, noted: Project) -> None:
    bare = next(c for c in noted.store.codings() if not c.memo)
    before = snapshot_db(noted)
    assert one_line(cli("memo", noted.path, "--show", f"c{bare.id}")).startswith(
        f"qualcode: coding {bare.id} has no memo")
    assert one_line(cli("--coder", bare.coder, "memo", noted.path, "--delete", f"c{bare.id}",
                        "--yes")) == f"qualcode: coding {bare.id} has no memo; nothing deleted"
    assert snapshot_db(noted) == before


# ----------------------------------------------------------------- the store's rules

def test_the_store_refuses_stale_foreign_and_blank_memo_changes(noted: Project) -> None:
    store = noted.store
    memo = store.memo(1)
    with open_store(store.path) as other:  # a second window
        other.update_memo(1, "Versi jendela lain.", "ana", memo.version)
    before = snapshot_db(noted)
    for act in (lambda: store.update_memo(1, "basi", "ana", memo.version),
                lambda: store.delete_memo(1, "ana", memo.version)):
        with pytest.raises(QualcodeError, match=r"^the memo was changed by ana at \d\d:\d\d; "
                                                r"not (changed|deleted)$"):
            act()
    now = store.memo(1)
    with pytest.raises(QualcodeError, match="^this memo is ana's; only ana can change"):
        store.delete_memo(1, "budi", now.version)
    for blank in ("", " \n "):
        with pytest.raises(QualcodeError, match="^a memo needs a text"):
            store.update_memo(1, blank, "ana", now.version)
        with pytest.raises(QualcodeError, match="^a memo needs a text"):
            store.add_memo("project", "", blank, "ana")
    assert snapshot_db(noted) == before
    store.delete_memo(1, "ana", now.version)
    with pytest.raises(QualcodeError, match=r"^the memo was deleted by ana at .*; not changed"):
        store.update_memo(1, "terlambat", "ana", now.version)


def test_a_memo_without_an_author_is_anyones(cli, noted: Project) -> None:
    """A REFI-QDA file may bring memos that name no author: any coder keeps them up."""
    from qualcode.model import Memo

    noted.store.add_exchange([], [], [], [(Memo(0, "project", "", "Dari NVivo."), {})], [])
    (imported,) = [m for m in noted.store.memos() if m.author == ""]
    assert cli("--coder", "budi", "memo", noted.path, "--edit", str(imported.id),
               "Dari NVivo, dicek.").code == 0
    assert noted.store.memo(imported.id).text == "Dari NVivo, dicek."
    assert cli("--coder", "ana", "memo", noted.path, "--delete", str(imported.id),
               "--yes").code == 0
    assert cli("--coder", "ana", "undo", noted.path).code == 0
    assert noted.store.memo(imported.id).text == "Dari NVivo, dicek."


def test_entries_and_keys(noted: Project) -> None:
    assert parse_key(" 12 ") == ("memo", 12) and parse_key("c7") == ("coding", 7)
    with pytest.raises(QualcodeError):
        parse_key("c")
    mine = memo_entries(noted.store, codings=False, authors={"budi"})
    assert [e.key for e in mine] == ["4", "5"]
