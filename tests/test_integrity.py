"""Several windows and coders on one project: two real connections to one database, as two
workbenches or a workbench and the CLI have. No action undoes, overwrites or hides another
coder's work; a stale view is refused with one line naming who changed the row and when."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import snapshot_db

from qualcode.errors import QualcodeError
from qualcode.model import NewCoding
from qualcode.store import open_store
from qualcode.store.project import Project
from qualcode.store.schema import MIGRATIONS

SOURCE = "madiun-cadre-kota"


@pytest.fixture
def sample_copy(sample_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy)
    return copy


@pytest.fixture
def two(sample_copy: Path):
    """Two stores (connections) on one project, as two windows have."""
    first = open_store(sample_copy / "project.db")
    second = open_store(sample_copy / "project.db")
    yield first, second
    first.close()
    second.close()


def coding(start: int = 10, end: int = 40, coder: str = "ana",
           code: str = "heideneim/formal-contract") -> NewCoding:
    return NewCoding(SOURCE, start, end, code, "supports", coder)


def test_ids_are_never_reused_and_undo_touches_only_its_own_row(two) -> None:
    a, b = two
    x = a.add_coding(coding(coder="ana"))
    a.delete_coding(x.id, "ana", x.version)
    y = b.add_coding(coding(coder="budi"))  # the highest id was deleted: not given again
    assert y.id > x.id
    undone = a.undo("ana")  # ana's delete: x comes back under its own id
    assert undone is not None and undone.action == "delete"
    assert a.coding(x.id) == x
    assert b.coding(y.id) == y  # budi's coding is untouched
    assert a.undo("ana").action == "add"
    assert [c.id for c in b.codings(coder="ana", source=SOURCE)
            if c.start == 10 and c.end == 40] == []
    assert b.coding(y.id) == y


def test_stale_stance_toggle_is_refused(two) -> None:
    a, b = two
    x = a.add_coding(coding())
    a.update_coding(x.id, "ana", x.version, stance="contradicts")  # window 1
    with pytest.raises(QualcodeError) as refused:  # window 2 still shows the first version
        b.update_coding(x.id, "ana", x.version, memo="stale view")
    assert "was changed by ana at" in str(refused.value) and "not changed" in str(refused.value)
    now = b.coding(x.id)
    assert (now.stance, now.memo) == ("contradicts", "")


def test_a_stale_memo_prompt_does_not_replace_a_newer_memo(two) -> None:
    a, b = two
    x = a.add_coding(coding())
    opened = b.coding(x.id)  # the prompt opens with this version and its (empty) memo
    newer = a.update_coding(x.id, "ana", x.version, memo="kontrak setahun")
    with pytest.raises(QualcodeError, match="not changed"):
        b.update_coding(opened.id, "ana", opened.version, memo="ditulis di jendela lain")
    assert a.coding(x.id).memo == newer.memo == "kontrak setahun"
    memo = a.add_memo("source", SOURCE, "catatan pertama", "ana")
    a.update_memo(memo.id, "catatan kedua", "ana", memo.version)
    with pytest.raises(QualcodeError, match="the memo was changed by ana"):
        b.update_memo(memo.id, "ditimpa", "ana", memo.version)
    assert b.memo(memo.id).text == "catatan kedua"


def test_another_coders_coding_is_read_only(two) -> None:
    a, b = two
    x = a.add_coding(coding(coder="ana"))
    for act in (lambda: b.update_coding(x.id, "budi", x.version, stance="contradicts"),
                lambda: b.delete_coding(x.id, "budi", x.version)):
        with pytest.raises(QualcodeError) as refused:
            act()
        assert str(refused.value).startswith("this coding is ana's; only ana can change")
    assert a.coding(x.id) == x
    assert b.undo("budi") is None  # budi has nothing to undo; ana's add stays
    assert a.coding(x.id) == x


def test_a_row_deleted_elsewhere_is_a_clear_refusal(two) -> None:
    a, b = two
    x = a.add_coding(coding())
    b.delete_coding(x.id, "ana", x.version)
    with pytest.raises(QualcodeError, match=r"the coding was deleted by ana at \d\d:\d\d; "
                                            "not changed"):
        a.update_coding(x.id, "ana", x.version, stance="contradicts")


def test_consensus_is_written_only_by_adjudication(two) -> None:
    a, _ = two
    with pytest.raises(QualcodeError, match="only by adjudication"):
        a.add_coding(coding(coder="consensus"))


def test_undo_refuses_when_another_coder_changed_the_row_since(two) -> None:
    """Ana's adjudication is replaced by Budi's: her undo would bring back a consensus that
    Budi has already replaced, so it refuses and changes nothing."""
    from qualcode.model import Ruling

    a, b = two
    ruling = Ruling(SOURCE, 10, 40, "heideneim/formal-contract", "consensus", ("ana",))
    (first,) = a.replace_codings([], [coding(coder="consensus")], "ana", ruling)
    (second,) = b.replace_codings([first], [coding(12, 40, coder="consensus")], "budi",
                                  ruling)
    before = b.codings(coder="consensus")
    with pytest.raises(QualcodeError, match=r"changed by budi at \d\d:\d\d; nothing undone"):
        a.undo("ana")
    assert b.codings(coder="consensus") == before
    assert [r.accepted for r in a.rulings()] == [("ana",)]  # one ruling per unit and code
    assert b.rulings()[0].decided_by == "budi"
    assert b.undo("budi").action == "adjudicate"
    assert [c.id for c in a.codings(coder="consensus")] == [first]


def test_redo_after_outside_changes_refuses(two) -> None:
    from qualcode.model import Ruling

    a, b = two
    ruling = Ruling(SOURCE, 10, 40, "heideneim/formal-contract", "consensus", ())
    a.replace_codings([], [coding(coder="consensus")], "ana", ruling)
    a.undo("ana")
    b.replace_codings([], [coding(coder="consensus")], "budi", ruling)  # the same span again
    before = b.codings(coder="consensus")
    with pytest.raises(QualcodeError, match="coded again since; nothing redone"):
        a.redo("ana")
    assert b.codings(coder="consensus") == before


def test_undo_and_redo_follow_the_journal_across_restarts(sample_copy: Path) -> None:
    with Project.open(sample_copy) as project:
        x = project.store.add_coding(coding())
        project.store.update_coding(x.id, "ana", x.version, stance="contradicts")
    with Project.open(sample_copy) as project:  # a restart
        assert project.store.undo("ana").action == "change"
        assert project.store.coding(x.id).stance == "supports"
    with Project.open(sample_copy) as project:
        assert project.store.redo("ana").action == "change"
        assert project.store.coding(x.id).stance == "contradicts"
        log = project.store.journal("ana")
        assert [e.action for e in log] == ["add", "change", "undo", "redo"]
        assert [e.state for e in log[:2]] == ["done", "done"]
        assert log[2].refers_to == log[1].id
        project.store.add_coding(coding(50, 60))
        assert project.store.undo("ana").action == "add"
        assert project.store.redo("ana").action == "add"
        project.store.undo("ana")
        project.store.add_coding(coding(70, 80))  # a new action: nothing left to redo
        assert project.store.redo("ana") is None


def test_a_busy_project_is_one_line_and_nothing_written(sample_copy: Path) -> None:
    holder = sqlite3.connect(sample_copy / "project.db", isolation_level=None)
    with Project.open(sample_copy) as project:
        before = snapshot_db(project)
        holder.execute("BEGIN IMMEDIATE")  # another process is writing
        try:
            project.store.wait_when_busy(0.2)
            with pytest.raises(QualcodeError) as refused:
                project.store.add_coding(coding())
            assert str(refused.value) == "project busy: another qualcode is writing; try again"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert snapshot_db(project) == before


def test_an_older_database_keeps_its_codings_and_never_reuses_their_ids(tmp_path: Path
                                                                        ) -> None:
    path = tmp_path / "project.db"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        conn.executescript(step)
    conn.executescript(
        "INSERT INTO meta VALUES ('schema_version', '3');"
        "INSERT INTO sites VALUES (1, 'Desa');"
        "INSERT INTO sources (id, name, site_id, method, text, words, imported_at)"
        " VALUES (1, 's', 1, 'interview', 'teks sumber yang cukup panjang', 5, 't');"
        "INSERT INTO codebooks VALUES ('b', 'thematic', 0, '{}');"
        "INSERT INTO codes VALUES ('b/x', 'b', NULL, 0, '{}');"
        "INSERT INTO codings (id, source_id, start, end, code_id, stance, coder, created_at,"
        " updated_at) VALUES (1, 1, 0, 4, 'b/x', 'supports', 'ana', 't', 't'),"
        " (2, 1, 5, 10, 'b/x', 'supports', 'ana', 't', 't');"
        "DELETE FROM codings WHERE id = 2;")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert [(c.id, c.version) for c in store.codings()] == [(1, 0)]
        added = store.add_coding(NewCoding("s", 11, 20, "b/x", "supports", "ana"))
        assert added.id == 2  # SQLite had not handed out id 2 for good before version 4 ...
        store.delete_coding(added.id, "ana", added.version)
        again = store.add_coding(NewCoding("s", 11, 21, "b/x", "supports", "ana"))
        assert again.id == 3  # ... from now on a deleted id is never given again


def test_a_read_only_copy_with_changes_still_in_its_wal_is_refused(
        sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened immutable, SQLite would skip what the -wal file holds: show old data silently."""
    writer = open_store(sample_copy / "project.db")
    writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
    writer.add_memo("project", "", "baru saja", "ana")
    assert (sample_copy / "project.db-wal").stat().st_size > 0
    monkeypatch.setattr("os.access", lambda path, mode: mode != os.W_OK)
    try:
        with pytest.raises(QualcodeError, match="latest changes are still in project.db-wal"):
            open_store(sample_copy / "project.db")
    finally:
        writer.close()


def test_a_commit_refused_by_a_deferred_reference_leaves_no_open_transaction(project) -> None:
    """Codes are referenced with deferred foreign keys, checked at COMMIT: a refused COMMIT
    must end its transaction, or the next write would silently run inside it."""
    store = project.store
    with pytest.raises(QualcodeError, match="nothing saved"):
        with store.transaction() as db:
            db.execute("INSERT INTO codes (id, codebook_id, parent_id, position, data)"
                       " VALUES ('tema/x', 'heideneim', 'tema/missing', 99, '{}')")
    assert not store.conn.in_transaction
    assert "tema/x" not in store.code_ids()
